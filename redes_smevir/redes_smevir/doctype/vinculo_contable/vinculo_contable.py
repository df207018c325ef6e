# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from redes_smevir.services import costs


class VinculoContable(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company: DF.Data | None
		conglomerado: DF.Link
		cost_center: DF.Data | None
		cuentas: DF.SmallText
		project: DF.Data | None
		red: DF.Link | None

	# end: auto-generated types
	def validate(self):
		costs.validate_link(self)
