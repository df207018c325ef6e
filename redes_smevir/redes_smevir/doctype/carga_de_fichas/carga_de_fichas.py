# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from redes_smevir.services import excel_fichas

COUNTERS = ("filas", "creadas", "actualizadas", "sin_cambios", "omitidas", "enviadas", "total_errores")


class CargadeFichas(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from redes_smevir.redes_smevir.doctype.carga_de_fichas_error.carga_de_fichas_error import (
			CargadeFichasError,
		)

		actualizadas: DF.Int
		archivo: DF.Attach | None
		conglomerado: DF.Link | None
		creadas: DF.Int
		enviadas: DF.Int
		enviar: DF.Check
		errores: DF.Table[CargadeFichasError]
		estado: DF.Literal["Pendiente", "En proceso", "Con errores", "Completada"]
		fecha_carga: DF.Datetime | None
		filas: DF.Int
		nivel: DF.Literal["Empresa", "Red"]
		omitidas: DF.Int
		periodo: DF.Link | None
		red: DF.Link | None
		sin_cambios: DF.Int
		total_errores: DF.Int
		validado: DF.Check

	# end: auto-generated types
	def onload(self):
		# the form polls while «En proceso»: a job that died shows as failed, with a retry
		if self.estado == "En proceso" and excel_fichas.release_if_dead(self):
			self.reload()

	def validate(self):
		self.check_file_access()
		self.reset_when_file_changes()

	def check_file_access(self):
		"""Refuse a file the user may not read: an Attach field accepts any file URL typed in."""
		if self.flags.from_run or not self.archivo:
			return
		if not self.is_new() and not self.has_value_changed("archivo"):
			return
		files = frappe.get_all("File", filters={"file_url": self.archivo}, pluck="name")
		if not any(frappe.get_doc("File", f).has_permission("read") for f in files):
			frappe.throw(
				_("Archivo: no tiene acceso al archivo indicado; adjunte su propia plantilla completada."),
				frappe.PermissionError,
			)

	def reset_when_file_changes(self):
		if self.flags.from_run or self.is_new():
			return
		before = self.get_doc_before_save()
		if before and (before.archivo != self.archivo or before.enviar != self.enviar):
			if before.estado == "Completada":
				frappe.throw(_("Esta carga ya se completó. Cree una carga nueva para subir otro archivo."))
			self.estado = "Pendiente"
			self.validado = 0
			self.set("errores", [])
			self.reset_counts()

	def reset_counts(self):
		"""Zero the upload's counters: the one reset, for a new file, a new validation or a new run."""
		for f in COUNTERS:
			self.set(f, 0)

	@frappe.whitelist()
	def validar(self) -> dict:
		"""Check the attached file and record its errors; writes no ficha."""
		self.check_permission("write")
		return excel_fichas.run_carga(self.name, validate_only=True)

	@frappe.whitelist()
	def cargar(self) -> str:
		"""Queue the all-or-nothing upload of the attached file."""
		self.check_permission("write")
		return excel_fichas.start_carga(self)
