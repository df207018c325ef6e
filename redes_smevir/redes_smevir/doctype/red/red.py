# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import nowdate

from redes_smevir.services import membership, scoping


class Red(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from redes_smevir.redes_smevir.doctype.red_fase.red_fase import RedFase
		from redes_smevir.redes_smevir.doctype.red_miembro.red_miembro import RedMiembro

		conglomerado: DF.Link
		descripcion_rubro: DF.SmallText | None
		distrito: DF.Link | None
		estado: DF.Literal["Pre-red", "Red activa", "Retirada"]
		fase: DF.Literal[
			"1. An\u00e1lisis de territorio y cadena",
			"2. Promoci\u00f3n y selecci\u00f3n (pre-red)",
			"3. Generaci\u00f3n de confianza y plan de mejora",
			"4. Proyecto piloto",
			"5. Plan de negocios / proyecto estrat\u00e9gico",
			"6. Acompa\u00f1amiento en la gesti\u00f3n del negocio",
		]
		fecha_ingreso: DF.Date
		fecha_retiro: DF.Date | None
		gerente: DF.Link | None
		gerente_nombre: DF.Data | None
		historial_fases: DF.Table[RedFase]
		miembros: DF.Table[RedMiembro]
		nombre_red: DF.Data
		rubro: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.validate_scope()
		self.validate_retiro()
		membership.validate_rows(self)
		self.record_phase_change()

	def validate_scope(self):
		if not scoping.doc_in_scope(self):
			frappe.throw(
				_("Conglomerado: no puede registrar redes en el conglomerado {0}.").format(self.conglomerado),
				frappe.PermissionError,
			)

	def validate_retiro(self):
		if self.estado == "Retirada" and not self.fecha_retiro:
			self.fecha_retiro = nowdate()
		if self.fecha_retiro and self.fecha_ingreso and str(self.fecha_retiro) < str(self.fecha_ingreso):
			frappe.throw(
				_("Fecha de retiro: no puede ser anterior a la fecha de ingreso al programa ({0}).").format(
					frappe.format(self.fecha_ingreso, "Date")
				)
			)

	def record_phase_change(self):
		if not self.fase:
			return
		last = self.historial_fases[-1].fase if self.historial_fases else None
		if last != self.fase:
			self.append(
				"historial_fases",
				{"fase": self.fase, "fecha": nowdate(), "registrado_por": frappe.session.user},
			)
