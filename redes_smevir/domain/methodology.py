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
