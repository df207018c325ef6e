# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class IndicadorMeta(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		conglomerado: DF.Link | None
		horizonte_tipo: DF.Literal["Periodo", "Meses desde el inicio", "Al t\u00e9rmino del proyecto"]
		meses: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		periodo: DF.Link | None
		valor_meta: DF.Float
	# end: auto-generated types
	pass
