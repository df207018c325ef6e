# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class Conglomerado(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from redes_smevir.redes_smevir.doctype.conglomerado_coordinador.conglomerado_coordinador import (
			ConglomeradoCoordinador,
		)

		activo: DF.Check
		cadena: DF.Link | None
		coordinadores: DF.Table[ConglomeradoCoordinador]
		fecha_inicio: DF.Date | None
		nombre_conglomerado: DF.Data
		region: DF.Link | None
		sector: DF.Data | None
		unidad_operativa: DF.Data | None
	# end: auto-generated types
	pass
