# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class ConglomeradoCoordinador(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		nombre_completo: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		usuario: DF.Link
	# end: auto-generated types
	pass
