# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class ConfiguracionSMEVIR(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		dias_recordatorio: DF.Int
		moneda: DF.Link | None
		trabajadores_max_pequena: DF.Int
		umbral_variacion_ventas: DF.Percent
		ventas_max_pequena_usd: DF.Float
	# end: auto-generated types
	pass
