"""Indicator formula language: Spanish keywords, parsed once, compiled to closures (pure, no frappe).

The package, one concept per module:

- :mod:`.language`: value types, functions, null reasons, :class:`FormulaError`, :class:`Result`;
- :mod:`.syntax`: tokenizer, parser and the public syntax tree (grammar in its docstring);
- :mod:`.compiler`: type checking and compilation to closures; :class:`Formula`, :func:`parse`;
- :mod:`.pushdown`: the same tree planned as SQL partial aggregates (imported on its own).

The names below are the package's public interface (``from redes_smevir.domain import formula``).
"""

from redes_smevir.domain.formula.compiler import (
	ARITHMETIC,
	COMPARISONS,
	Formula,
	index_baseline,
	parse,
	validate,
)
from redes_smevir.domain.formula.language import (
	CHECK,
	FIELDTYPE_TO_TYPE,
	FUNCTIONS,
	KEY_FIELDS,
	MAX_DEPTH,
	MAX_LENGTH,
	NUMBER,
	REASON_ALL_GROUPS_EXCLUDED,
	REASON_DIVISION_BY_ZERO,
	REASON_EMPTY_FILTER,
	REASON_NO_BASELINE,
	REASON_NO_DATA,
	TEXT,
	TYPES,
	FormulaError,
	Result,
	type_for_fieldtype,
)

__all__ = [
	"ARITHMETIC",
	"CHECK",
	"COMPARISONS",
	"FIELDTYPE_TO_TYPE",
	"FUNCTIONS",
	"KEY_FIELDS",
	"MAX_DEPTH",
	"MAX_LENGTH",
	"NUMBER",
	"REASON_ALL_GROUPS_EXCLUDED",
	"REASON_DIVISION_BY_ZERO",
	"REASON_EMPTY_FILTER",
	"REASON_NO_BASELINE",
	"REASON_NO_DATA",
	"TEXT",
	"TYPES",
	"Formula",
	"FormulaError",
	"Result",
	"index_baseline",
	"parse",
	"type_for_fieldtype",
	"validate",
]
