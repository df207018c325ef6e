"""Indicator formula language: Spanish keywords, parsed once, compiled to closures (pure, no frappe).

The package, one concept per module:

- :mod:`.language`: value types, functions, null reasons, :class:`Result` (its ``__all__``);
- :mod:`.errors`: :class:`FormulaError` and its codes (services render them in Spanish);
- :mod:`.syntax`: tokenizer, parser and the public syntax tree (grammar in its docstring);
- :mod:`.compiler`: type checking and compilation to closures; :class:`Formula`, :func:`parse`;
- :mod:`.pushdown`: the same tree planned as SQL partial aggregates (imported on its own).

The names below are the package's public interface (``from redes_smevir.domain import formula``).
"""

from redes_smevir.domain.formula import errors, language
from redes_smevir.domain.formula.compiler import (
	ARITHMETIC,
	COMPARISONS,
	Formula,
	index_baseline,
	parse,
	validate,
)
from redes_smevir.domain.formula.errors import FormulaError
from redes_smevir.domain.formula.language import *  # the vocabulary: language.__all__

__all__ = [
	*language.__all__,
	"ARITHMETIC",
	"COMPARISONS",
	"Formula",
	"FormulaError",
	"errors",
	"index_baseline",
	"parse",
	"validate",
]
