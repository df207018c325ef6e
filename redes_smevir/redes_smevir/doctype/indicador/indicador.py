# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from redes_smevir.services import indicator_defs


class Indicador(Document):
	def validate(self):
		indicator_defs.validate_indicator(self)
