"""Why a formula is refused: :class:`FormulaError` carries a code, its values and the offset.

The domain writes no user-facing text: ``services.problem_messages`` renders each code below as
a translated Spanish message (the Indicador form, "Probar fórmula" and the Marco Lógico show it).
Every error's params hold ``pos``, the 0-based offset (or None), besides the values named.
"""

from __future__ import annotations

from redes_smevir.domain.problems import Problem, ProblemError

# Codes. "Error de sintaxis en la posición …" (params: the detail named).
SYNTAX_UNCLOSED_TEXT = "formula_syntax_unclosed_text"  # quote
SYNTAX_DECIMAL_COMMA = "formula_syntax_decimal_comma"
SYNTAX_UNEXPECTED = "formula_syntax_unexpected"  # text
SYNTAX_CHAINED_COMPARISON = "formula_syntax_chained_comparison"
SYNTAX_INCOMPLETE = "formula_syntax_incomplete"
SYNTAX_LOGICAL_OPERATOR = "formula_syntax_logical_operator"  # text
SYNTAX_EXPECTED_OPERAND = "formula_syntax_expected_operand"  # text
SYNTAX_EXPECTED_CLOSE = "formula_syntax_expected_close"
# "Error de tipo en la posición …". ``subject`` is what needs the value: a function or keyword
# name ({"name": "SUMA"}), the sign ({"sign": "-"}) or an operator ({"operator": "+"});
# ``found`` describes the offending node: {"kind": field|text|call|expression, "text", "type"}.
TYPE_NOT_NUMERIC = "formula_type_not_numeric"  # subject, found
TYPE_NOT_CONDITION = "formula_type_not_condition"  # subject, found
TYPE_TEXT_VS_NUMBER = "formula_type_text_vs_number"  # found
TYPE_TEXT_OPERATOR = "formula_type_text_operator"  # op
TYPE_SI_BRANCHES = "formula_type_si_branches"
# The rest.
BAD_CHARACTER = "formula_bad_character"  # char
EMPTY = "formula_empty"
TOO_LONG = "formula_too_long"  # max
TOO_DEEP = "formula_too_deep"
TOO_DEEP_FOR_PYTHON = "formula_too_deep_for_python"  # Python's recursion limit stopped it (pos 0)
TOO_DEEP_TO_COMPILE = "formula_too_deep_to_compile"
RESULT_IS_TEXT = "formula_result_is_text"
UNKNOWN_FIELD = "formula_unknown_field"  # name, fields (declared), keys (identifying keys not declared)
FIELD_OUTSIDE_AGGREGATE = "formula_field_outside_aggregate"  # name
UNKNOWN_FUNCTION = "formula_unknown_function"  # name, functions
WRONG_ARG_COUNT = "formula_wrong_arg_count"  # name, min, max, count
NESTED_AGGREGATE = "formula_nested_aggregate"  # name, inside
BASE_IN_BASE = "formula_base_in_base"  # name
GROUP_KEY_NOT_FIELD = "formula_group_key_not_field"  # name


class FormulaError(ProblemError):
	"""Invalid formula; ``problem`` says why (code and values), ``position`` is a 0-based offset or None."""

	def __init__(self, code: str, position: int | None = None, **params):
		super().__init__(Problem(code, {"pos": position, **params}))
		self.position = position
