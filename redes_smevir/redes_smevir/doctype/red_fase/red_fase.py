# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class RedFase(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		fase: DF.Literal[
			"1. An\u00e1lisis de territorio y cadena",
			"2. Promoci\u00f3n y selecci\u00f3n (pre-red)",
			"3. Generaci\u00f3n de confianza y plan de mejora",
			"4. Proyecto piloto",
			"5. Plan de negocios / proyecto estrat\u00e9gico",
			"6. Acompa\u00f1amiento en la gesti\u00f3n del negocio",
		]
		fecha: DF.Date
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		registrado_por: DF.Link | None
	# end: auto-generated types
	pass
