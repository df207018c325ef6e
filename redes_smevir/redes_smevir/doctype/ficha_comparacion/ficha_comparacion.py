# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document

from redes_smevir.services import comparison


class FichaComparacion(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		conglomerado: DF.Link | None
		empresa: DF.Link
		observaciones: DF.SmallText | None
		periodo: DF.Link
		razon_social: DF.Data | None
		titulo: DF.Data | None
		trabajadores: DF.Int
		ventas_brutas: DF.Currency

	# end: auto-generated types
	def validate(self):
		comparison.validate_comparison_ficha(self)


def on_doctype_update():
	"""One comparison ficha per firm and period."""
	frappe.db.add_unique(
		"Ficha Comparacion", ["empresa", "periodo"], constraint_name="unique_empresa_periodo"
	)
