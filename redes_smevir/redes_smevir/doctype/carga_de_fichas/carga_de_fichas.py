# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from redes_smevir.services import excel_fichas


class CargadeFichas(Document):
	def validate(self):
		self.reset_when_file_changes()

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
			for f in (
				"filas",
				"creadas",
				"actualizadas",
				"sin_cambios",
				"omitidas",
				"enviadas",
				"total_errores",
			):
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
