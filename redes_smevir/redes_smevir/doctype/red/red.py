# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import nowdate

from redes_smevir.services import membership, scoping


class Red(Document):
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
