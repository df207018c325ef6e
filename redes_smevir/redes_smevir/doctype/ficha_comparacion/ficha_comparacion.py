# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document

from redes_smevir.services import comparison


class FichaComparacion(Document):
	def validate(self):
		comparison.validate_comparison_ficha(self)


def on_doctype_update():
	"""One comparison ficha per firm and period."""
	frappe.db.add_unique(
		"Ficha Comparacion", ["empresa", "periodo"], constraint_name="unique_empresa_periodo"
	)
