# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class RegionGeografica(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		codigo: DF.Data | None
		nombre_region: DF.Data
	# end: auto-generated types
	pass
