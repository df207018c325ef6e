# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from redes_smevir.services import indicators


class Indicador(Document):
	def validate(self):
		indicators.validate_indicator(self)
