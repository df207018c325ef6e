"""The formula language's vocabulary: value types, functions, null reasons and results.

Shared by the parser (:mod:`.syntax`), the compiler (:mod:`.compiler`) and the SQL pushdown
(:mod:`.pushdown`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [  # the vocabulary, re-exported by the package
	"CHECK",
	"COMPARISON_OPS",
	"FIELDTYPE_TO_TYPE",
	"FUNCTIONS",
	"GROUP_FUNCTIONS",
	"KEYWORDS",
	"KEY_FIELDS",
	"MAX_DEPTH",
	"MAX_LENGTH",
	"NUMBER",
	"OTHER_FUNCTIONS",
	"REASON_ALL_GROUPS_EXCLUDED",
	"REASON_DIVISION_BY_ZERO",
	"REASON_EMPTY_FILTER",
	"REASON_NO_BASELINE",
	"REASON_NO_DATA",
	"ROW_AGGREGATES",
	"TEXT",
	"TYPES",
	"Result",
	"type_for_fieldtype",
]

NUMBER, CHECK, TEXT = "number", "check", "text"
TYPES = (NUMBER, CHECK, TEXT)

FIELDTYPE_TO_TYPE = {
	"Int": NUMBER,
	"Float": NUMBER,
	"Currency": NUMBER,
	"Percent": NUMBER,
	"Rating": NUMBER,
	"Check": CHECK,
	"Data": TEXT,
	"Select": TEXT,
	"Link": TEXT,
	"Dynamic Link": TEXT,
	"Small Text": TEXT,
	"Text": TEXT,
	"Long Text": TEXT,
}

# Identifying keys every ficha row carries; usable as (text) fields even when absent from the schema.
KEY_FIELDS = ("red", "conglomerado")

REASON_NO_BASELINE = "sin datos de línea de base"
REASON_DIVISION_BY_ZERO = "división por cero"
REASON_NO_DATA = "sin datos"
REASON_ALL_GROUPS_EXCLUDED = "todos los grupos quedaron excluidos"
REASON_EMPTY_FILTER = "ninguna ficha cumple la condición de FILTRAR"

# Nesting levels a formula may have; each costs ~10 Python frames in the parser and the compiler.
MAX_DEPTH = 40
MAX_LENGTH = 5000

COMPARISON_OPS = ("=", "<>", "!=", ">", ">=", "<", "<=")
KEYWORDS = ("Y", "O", "NO")
QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019"}

# Function name -> (min args, max args). How each kind compiles lives in compiler.Compiler.call.
ROW_AGGREGATES = {
	"SUMA": (1, 1),
	"PROMEDIO": (1, 1),
	"MIN": (1, 1),
	"MAX": (1, 1),
	"CONTAR": (0, 1),
	"PORCENTAJE": (1, 1),
	"CONTAR_DISTINTOS": (1, 1),
}
GROUP_FUNCTIONS = {
	"PROMEDIO_GRUPOS": (2, 2),
	"SUMA_GRUPOS": (2, 2),
	"MIN_GRUPOS": (2, 2),
	"MAX_GRUPOS": (2, 2),
	"CONTAR_GRUPOS": (1, 2),
	"PORCENTAJE_GRUPOS": (2, 2),
}
OTHER_FUNCTIONS = {"BASE": (1, 1), "CON_BASE": (1, 1), "SI": (3, 3), "FILTRAR": (2, 2)}
FUNCTIONS = {**ROW_AGGREGATES, **GROUP_FUNCTIONS, **OTHER_FUNCTIONS}


@dataclass
class Result:
	"""Outcome of one evaluation."""

	value: float | None
	population: int
	excluded_groups: list[tuple[str, str]] = field(default_factory=list)
	# Spanish reason when ``value`` is None (e.g. "sin datos de línea de base"), else None.
	null_reason: str | None = None
	# Values of the groups a top-level SUMA/PROMEDIO/MIN/MAX_GRUPOS reduced (excluded groups left
	# out), in group order; None when the formula's outermost function is not one of them. For
	# PROMEDIO_GRUPOS(red, …) each is that network's value: the units behind the average.
	group_values: list[float] | None = None


def type_for_fieldtype(fieldtype: str) -> str | None:
	"""Formula type ("number", "check", "text") of a Frappe fieldtype; None when unsupported."""
	return FIELDTYPE_TO_TYPE.get(fieldtype)
