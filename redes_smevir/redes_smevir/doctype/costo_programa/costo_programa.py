# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from redes_smevir.services import costs


class CostoPrograma(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		componente: DF.Literal["", "Componente 1", "Componente 2", "Componente 3", "Componente 4"]
		concepto: DF.Data
		conglomerado: DF.Link
		fecha: DF.Date
		monto: DF.Currency
		red: DF.Link | None

	# end: auto-generated types
	def validate(self):
		costs.validate_cost(self)
