# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from redes_smevir.services import indicator_defs


class Indicador(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from redes_smevir.redes_smevir.doctype.indicador_meta.indicador_meta import IndicadorMeta

		activo: DF.Check
		codigo: DF.Data
		descripcion: DF.SmallText | None
		formula: DF.Code
		metas: DF.Table[IndicadorMeta]
		nivel_ficha: DF.Literal["Empresa", "Red", "Regi\u00f3n"]
		nivel_marco: DF.Literal[
			"Fin",
			"Prop\u00f3sito",
			"Componente 1",
			"Componente 2",
			"Componente 3",
			"Componente 4",
			"Actividad",
		]
		nombre_indicador: DF.Data
		orden: DF.Int
		regla_base: DF.Literal["Valor de la L\u00ednea de Base", "Cero", "Sin l\u00ednea de base"]
		unidad: DF.Literal["%", "N\u00famero", "Moneda"]

	# end: auto-generated types
	def validate(self):
		indicator_defs.validate_indicator(self)
