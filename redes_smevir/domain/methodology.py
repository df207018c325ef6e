"""The APOMIPE methodology the programme follows: the six phases a business network goes through.

The values are those of the ``fase`` Select fields of Red, Red Fase and Ficha (``fase_alcanzada``).
"""

FASES: tuple[str, ...] = (
	"1. Análisis de territorio y cadena",
	"2. Promoción y selección (pre-red)",
	"3. Generación de confianza y plan de mejora",
	"4. Proyecto piloto",
	"5. Plan de negocios / proyecto estratégico",
	"6. Acompañamiento en la gestión del negocio",
)
# A phase's short name, for chart axes and legends where the full name does not fit.
SHORT_FASES: dict[str, str] = {
	"1. Análisis de territorio y cadena": "1 Análisis",
	"2. Promoción y selección (pre-red)": "2 Pre-red",
	"3. Generación de confianza y plan de mejora": "3 Confianza",
	"4. Proyecto piloto": "4 Piloto",
	"5. Plan de negocios / proyecto estratégico": "5 Plan negocios",
	"6. Acompañamiento en la gestión del negocio": "6 Acompañamiento",
}


def short_fase(fase: str) -> str:
	"""The short name of ``fase`` (itself when it is not a methodology phase)."""
	return SHORT_FASES.get(fase, fase)
