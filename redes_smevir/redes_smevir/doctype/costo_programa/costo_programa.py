# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from redes_smevir.services import costs


class CostoPrograma(Document):
	def validate(self):
		costs.validate_cost(self)
