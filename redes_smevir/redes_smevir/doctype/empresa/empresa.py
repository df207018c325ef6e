# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_link_to_form, nowdate

from redes_smevir.domain import firms, ruc
from redes_smevir.services import membership, problem_messages, scoping


class Empresa(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		cadena: DF.Link | None
		conglomerado: DF.Link | None
		contacto: DF.Data | None
		distrito: DF.Link | None
		email: DF.Data | None
		es_pequena_empresa: DF.Check
		estado: DF.Literal["Activa", "Retirada"]
		fecha_ingreso_red: DF.Date | None
		formal: DF.Check
		grupo_comparacion: DF.Check
		provincia: DF.Link | None
		razon_social: DF.Data
		red: DF.Link | None
		region: DF.Link | None
		rubro: DF.Link | None
		ruc: DF.Data | None
		telefono: DF.Data | None
		trabajadores: DF.Int
		ventas_anuales_usd: DF.Float

	# end: auto-generated types
	def validate(self):
		self.validate_ruc()
		self.validate_scope()
		self.set_small_firm_flag()
		if self.red and not self.fecha_ingreso_red:
			self.fecha_ingreso_red = nowdate()

	def on_update(self):
		membership.sync_from_empresa(self)

	def validate_ruc(self):
		if not self.ruc:
			return
		try:
			self.ruc = ruc.validate(self.ruc)
		except ruc.RucError as e:
			frappe.throw(problem_messages.message(e.problem), title=_("RUC no válido"))
		other = frappe.db.get_value("Empresa", {"ruc": self.ruc, "name": ("!=", self.name)}, "name")
		if other:
			frappe.throw(
				_("RUC: ya existe una empresa con el RUC {0}: {1}.").format(
					self.ruc, get_link_to_form("Empresa", other)
				),
				frappe.DuplicateEntryError,
				title=_("RUC duplicado"),
			)

	def validate_scope(self):
		if self.red and not scoping.doc_in_scope(self):
			frappe.throw(
				_("Red: no puede registrar empresas en la red {0} porque no está a su cargo.").format(
					self.red
				),
				frappe.PermissionError,
			)

	def set_small_firm_flag(self):
		settings = frappe.get_cached_doc("Configuracion SMEVIR")
		reasons = firms.small_firm_warnings(
			bool(self.formal),
			self.ventas_anuales_usd if self.ventas_anuales_usd else None,
			self.trabajadores if self.trabajadores else None,
			settings.ventas_max_pequena_usd or firms.MAX_SALES_USD,
			settings.trabajadores_max_pequena or firms.MAX_WORKERS,
		)
		self.es_pequena_empresa = 0 if reasons else 1
		if reasons:
			frappe.msgprint(
				_("Atención: {0} no cumple la regla de pequeña empresa: {1}.").format(
					self.razon_social, "; ".join(problem_messages.message(r) for r in reasons)
				),
				indicator="orange",
				title=_("Pequeña empresa"),
			)
