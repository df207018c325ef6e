# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class RedMiembro(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		empresa: DF.Link
		fecha_ingreso: DF.Date
		fecha_salida: DF.Date | None
		motivo_salida: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		razon_social: DF.Data | None
	# end: auto-generated types
	pass
