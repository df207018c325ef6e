"""Tests for the indicator formula language (pure Python, no frappe)."""

import pytest

from redes_smevir.domain.formula import (
	REASON_DIVISION_BY_ZERO,
	REASON_NO_BASELINE,
	Formula,
	FormulaError,
	Result,
	errors,
	parse,
	validate,
)

SCHEMA = {
	"agrego_valor": "check",
	"innovo_procesos": "check",
	"plan_mejora_red": "check",
	"ventas_brutas": "number",
	"empleados": "number",
	"nombre_text": "text",
	"sector": "text",
}

# Four firms of conglomerado G in the final period; red C has no baseline at all.
ROWS = [
	{"subject": "E1", "red": "A", "conglomerado": "G", "ventas_brutas": 150, "agrego_valor": 1,
	 "innovo_procesos": 0, "plan_mejora_red": 1, "empleados": 10, "sector": "Textil"},
	{"subject": "E2", "red": "A", "conglomerado": "G", "ventas_brutas": 250, "agrego_valor": 1,
	 "innovo_procesos": 1, "plan_mejora_red": 0, "empleados": None, "sector": "Textil"},
	{"subject": "E3", "red": "B", "conglomerado": "G", "ventas_brutas": 120, "agrego_valor": 0,
	 "innovo_procesos": 0, "plan_mejora_red": 0, "empleados": 4, "sector": "Calzado"},
	{"subject": "E4", "red": "C", "conglomerado": "G", "ventas_brutas": 500, "agrego_valor": 1,
	 "innovo_procesos": 0, "plan_mejora_red": 1, "empleados": 6, "sector": "Calzado"},
]  # fmt: skip
BASELINE = [
	{"subject": "E1", "red": "A", "ventas_brutas": 100, "agrego_valor": 0},
	{"subject": "E2", "red": "A", "ventas_brutas": 200, "agrego_valor": 0},
	{"subject": "E3", "red": "B", "ventas_brutas": 100, "agrego_valor": 1},
	{"subject": "X9", "red": "Z", "ventas_brutas": 9999, "agrego_valor": 1},  # not in the population
]


def value(formula: str, rows=ROWS, baseline=None) -> float | None:
	return parse(formula, SCHEMA).evaluate(rows, baseline).value


def error(formula: str, schema=SCHEMA) -> FormulaError:
	with pytest.raises(FormulaError) as info:
		parse(formula, schema)
	return info.value


# --------------------------------------------------------------------------- arithmetic


@pytest.mark.parametrize(
	"formula, expected",
	[
		("1 + 2 * 3", 7.0),
		("(1 + 2) * 3", 9.0),
		("-2 * 3", -6.0),
		("10 / 4 / 5", 0.5),
		("10 - 4 - 3", 3.0),
		("2.5 * 2", 5.0),
		(".5 + 1", 1.5),
		("-(1 + 2)", -3.0),
		("+4", 4.0),
	],
)
def test_precedence_and_literals(formula, expected):
	assert value(formula) == pytest.approx(expected)


def test_division_by_zero_is_none_not_exception():
	result = parse("SUMA(ventas_brutas) / (CONTAR() - 4)", SCHEMA).evaluate(ROWS)
	assert result.value is None
	assert result.null_reason == REASON_DIVISION_BY_ZERO


def test_division_by_zero_inside_rows_skips_the_row():
	rows = [{"ventas_brutas": 100, "empleados": 0}, {"ventas_brutas": 60, "empleados": 3}]
	assert value("PROMEDIO(ventas_brutas / empleados)", rows) == pytest.approx(20.0)


def test_none_propagates_through_arithmetic():
	assert value("SUMA(ventas_brutas) + MAX(empleados)", rows=[]) is None


# --------------------------------------------------------------------------- aggregates


def test_porcentaje_of_checked_rows():
	assert value("PORCENTAJE(agrego_valor = 1)") == 75.0


def test_porcentaje_of_empty_population_is_none():
	result = parse("PORCENTAJE(agrego_valor = 1)", SCHEMA).evaluate([])
	assert result.value is None
	assert result.population == 0


def test_check_field_alone_is_a_condition():
	assert value("PORCENTAJE(agrego_valor)") == 75.0


def test_suma_promedio_min_max_skip_none():
	# empleados: 10, None, 4, 6
	assert value("SUMA(empleados)") == 20.0
	assert value("PROMEDIO(empleados)") == pytest.approx(20 / 3)
	assert value("MIN(empleados)") == 4.0
	assert value("MAX(empleados)") == 10.0


def test_contar_without_and_with_condition():
	assert value("CONTAR()") == 4.0
	assert value("CONTAR(ventas_brutas > 140)") == 3.0
	assert value("CONTAR()", rows=[]) == 0.0


def test_contar_with_o():
	# E1 agrego, E2 both, E3 none, E4 agrego -> 3
	assert value("CONTAR(innovo_procesos = 1 O agrego_valor = 1)") == 3.0


def test_y_and_no():
	assert value("CONTAR(agrego_valor = 1 Y NO innovo_procesos = 1)") == 2.0
	assert value("CONTAR(NO agrego_valor)") == 1.0


def test_and_binds_tighter_than_or():
	# innovo (E2) O (agrego Y sector Calzado) (E4) -> 2
	assert value("CONTAR(innovo_procesos = 1 O agrego_valor = 1 Y sector = 'Calzado')") == 2.0
	assert value("CONTAR((innovo_procesos = 1 O agrego_valor = 1) Y sector = 'Calzado')") == 1.0


def test_text_comparison_with_both_quote_styles():
	assert value('CONTAR(sector = "Textil")') == 2.0
	assert value("CONTAR(sector <> 'Textil')") == 2.0
	assert value("CONTAR(sector != 'Textil')") == 2.0


def test_contar_distintos_red():
	assert value("CONTAR_DISTINTOS(red)") == 3.0


def test_row_arithmetic_inside_aggregate():
	assert value("SUMA(ventas_brutas * 2) / CONTAR()") == pytest.approx(510.0)


def test_si_inside_and_outside_aggregates():
	assert value("SUMA(SI(sector = 'Textil', ventas_brutas, 0))") == 400.0
	assert value("SI(CONTAR() > 10, 1, 2)") == 2.0


def test_percentage_ratio_formula():
	assert value("SUMA(ventas_brutas) / CONTAR() * 100") == pytest.approx(25500.0)


def test_values_are_coerced_from_strings_and_bools():
	rows = [{"ventas_brutas": "10.5", "agrego_valor": True}, {"ventas_brutas": "", "agrego_valor": False}]
	assert value("SUMA(ventas_brutas)", rows) == 10.5
	assert value("PORCENTAJE(agrego_valor = 1)", rows) == 50.0


# --------------------------------------------------------------------------- baseline


def test_base_uses_only_subjects_of_the_population():
	# baseline of E1..E4 present: E1 100 + E2 200 + E3 100 (X9 ignored)
	assert value("BASE(SUMA(ventas_brutas))", baseline=BASELINE) == 400.0


def test_base_without_baseline_rows_is_none():
	result = parse("BASE(SUMA(ventas_brutas))", SCHEMA).evaluate(ROWS, None)
	assert result.value is None
	assert result.null_reason == REASON_NO_BASELINE
	assert parse("BASE(CONTAR())", SCHEMA).evaluate(ROWS, []).value is None


def test_change_in_percentage_points_against_baseline():
	# final: 3 of 4 added value; baseline (E1, E2, E3): 1 of 3
	formula = "PORCENTAJE(agrego_valor = 1) - BASE(PORCENTAJE(agrego_valor = 1))"
	assert value(formula, baseline=BASELINE) == pytest.approx(75.0 - 100 / 3)


def test_con_base_restricts_current_rows_to_subjects_with_baseline():
	# E4 has no baseline: (150 + 250 + 120) / (100 + 200 + 100) - 1 = 30 %
	formula = "(CON_BASE(SUMA(ventas_brutas)) / BASE(SUMA(ventas_brutas)) - 1) * 100"
	assert value(formula, baseline=BASELINE) == pytest.approx(30.0)


def test_uses_baseline_and_fields():
	formula = parse("PROMEDIO_GRUPOS(red, SUMA(ventas_brutas) / BASE(SUMA(ventas_brutas)))", SCHEMA)
	assert formula.uses_baseline is True
	assert formula.fields == {"red", "ventas_brutas"}
	plain = parse("PORCENTAJE(agrego_valor = 1 Y sector = 'Textil')", SCHEMA)
	assert plain.uses_baseline is False
	assert plain.fields == {"agrego_valor", "sector"}


# --------------------------------------------------------------------------- groups


def test_sales_increase_averaged_over_networks_excludes_network_without_baseline():
	# A: (150 + 250) / (100 + 200) - 1 = 33.33 %; B: 120 / 100 - 1 = 20 %; C has no baseline.
	formula = "PROMEDIO_GRUPOS(red, (SUMA(ventas_brutas) / BASE(SUMA(ventas_brutas)) - 1) * 100)"
	result = parse(formula, SCHEMA).evaluate(ROWS, BASELINE)
	assert result.value == pytest.approx((100 / 3 + 20.0) / 2)
	assert result.population == 4
	assert result.excluded_groups == [("C", "sin datos de línea de base")]


def test_group_excluded_for_division_by_zero():
	rows = [
		{"subject": "E1", "red": "A", "ventas_brutas": 10, "empleados": 0},
		{"subject": "E2", "red": "B", "ventas_brutas": 10, "empleados": 5},
	]
	result = parse("PROMEDIO_GRUPOS(red, SUMA(ventas_brutas) / SUMA(empleados))", SCHEMA).evaluate(rows)
	assert result.value == 2.0
	assert result.excluded_groups == [("A", "división por cero")]


def test_all_groups_excluded_gives_none():
	formula = "PROMEDIO_GRUPOS(red, BASE(SUMA(ventas_brutas)))"
	result = parse(formula, SCHEMA).evaluate(ROWS, [])
	assert result.value is None
	assert [g for g, _ in result.excluded_groups] == ["A", "B", "C"]


def test_contar_grupos_with_condition_per_group():
	# red A (E1 has plan) and red C (E4) -> 2; red B has none
	assert value("CONTAR_GRUPOS(red, CONTAR(plan_mejora_red = 1) > 0)") == 2.0
	assert value("CONTAR_GRUPOS(red)") == 3.0


def test_suma_and_porcentaje_grupos():
	assert value("SUMA_GRUPOS(red, MAX(ventas_brutas))") == 250.0 + 120.0 + 500.0
	assert value("PORCENTAJE_GRUPOS(red, SUMA(ventas_brutas) > 200)") == pytest.approx(200 / 3)


def test_rows_without_group_value_are_reported():
	rows = [*ROWS, {"subject": "E5", "red": "", "ventas_brutas": 1}]
	result = parse("PROMEDIO_GRUPOS(red, SUMA(ventas_brutas))", SCHEMA).evaluate(rows)
	assert result.value == pytest.approx((400 + 120 + 500) / 3)
	assert result.excluded_groups == [("(sin valor)", "1 fila(s) sin valor en «red»")]


# --------------------------------------------------------------------------- case and API


def test_keywords_and_functions_are_case_insensitive():
	assert value("porcentaje(agrego_valor = 1 o innovo_procesos = 1 y no agrego_valor)") == 75.0
	assert value("Contar(Agrego_Valor = 1)") == 3.0


def test_validate_and_result_shape():
	assert validate("SUMA(ventas_brutas)", SCHEMA) is None
	formula = parse("CONTAR()", SCHEMA)
	assert isinstance(formula, Formula)
	assert formula.text == "CONTAR()"
	result = formula.evaluate(iter(ROWS))
	assert isinstance(result, Result)
	assert (result.value, result.population, result.excluded_groups) == (4.0, 4, [])


def test_frappe_fieldtypes_are_accepted_in_schema():
	formula = parse("SUMA(v) + CONTAR(c = 1)", {"v": "Currency", "c": "Check", "s": "Select"})
	assert formula.evaluate([{"v": 2, "c": 1}]).value == 3.0


def test_formula_is_reusable():
	formula = parse("SUMA(ventas_brutas)", SCHEMA)
	assert formula.evaluate(ROWS).value == 1020.0
	assert formula.evaluate(ROWS[:1]).value == 150.0


# --------------------------------------------------------------------------- errors
# The domain refuses with a code, its values and the offset; the Spanish messages are rendered
# by services.problem_messages (asserted word for word in redes_smevir/tests/test_problem_messages.py).


def code(formula: str, schema=SCHEMA) -> str:
	return error(formula, schema).problem.code


def test_unknown_field_lists_available_fields():
	schema = {"ventas_brutas": "number", "innovo_procesos": "check", "agrego_valor": "check"}
	err = error("CONTAR(ventas > 1)", schema)
	assert err.position == 7
	assert err.problem.code == errors.UNKNOWN_FIELD
	assert err.problem.params == {
		"pos": 7,
		"name": "ventas",
		"fields": ["agrego_valor", "innovo_procesos", "ventas_brutas"],
		"keys": ["conglomerado", "red"],
	}
	assert isinstance(err, ValueError)


def test_wrong_type_suma_over_text():
	err = error("SUMA(nombre_text)")
	assert err.position == 5
	assert err.problem.code == errors.TYPE_NOT_NUMERIC
	assert err.problem.params["subject"] == {"name": "SUMA"}
	assert err.problem.params["found"] == {"kind": "field", "text": "nombre_text", "type": "text"}


@pytest.mark.parametrize(
	"formula, expected, subject",
	[
		("CONTAR(sector = 1)", errors.TYPE_TEXT_VS_NUMBER, None),
		("CONTAR(ventas_brutas Y agrego_valor)", errors.TYPE_NOT_CONDITION, {"name": "Y"}),
		("CONTAR(NO empleados)", errors.TYPE_NOT_CONDITION, {"name": "NO"}),
		("PORCENTAJE(ventas_brutas)", errors.TYPE_NOT_CONDITION, {"name": "PORCENTAJE"}),
		("CONTAR(sector > 'A')", errors.TYPE_TEXT_OPERATOR, None),
		("SUMA(sector + 1)", errors.TYPE_NOT_NUMERIC, {"operator": "+"}),
		("SUMA(-sector)", errors.TYPE_NOT_NUMERIC, {"sign": "-"}),
		("SI(CONTAR() > 1, 'a', 2)", errors.TYPE_SI_BRANCHES, None),
		("'texto'", errors.RESULT_IS_TEXT, None),
	],
)
def test_type_errors(formula, expected, subject):
	err = error(formula)
	assert err.problem.code == expected
	assert err.problem.params.get("subject") == subject


def test_bare_field_at_top_level():
	err = error("ventas_brutas / 2")
	assert err.position == 0
	assert err.problem.code == errors.FIELD_OUTSIDE_AGGREGATE
	assert err.problem.params["name"] == "ventas_brutas"
	assert code("SUMA(ventas_brutas) / empleados") == errors.FIELD_OUTSIDE_AGGREGATE


def test_nested_aggregates_are_refused():
	err = error("SUMA(PROMEDIO(ventas_brutas))")
	assert err.problem.code == errors.NESTED_AGGREGATE
	assert err.problem.params == {"pos": 5, "name": "PROMEDIO", "inside": "SUMA"}
	assert code("BASE(BASE(SUMA(ventas_brutas)))") == errors.BASE_IN_BASE


@pytest.mark.parametrize(
	"formula, position, expected",
	[
		("SUMA(ventas_brutas", 18, errors.SYNTAX_EXPECTED_CLOSE),
		("(1 + 2", 6, errors.SYNTAX_EXPECTED_CLOSE),
		("SUMA(ventas_brutas))", 19, errors.SYNTAX_UNEXPECTED),
		("SUMA(ventas_brutas) +", 21, errors.SYNTAX_INCOMPLETE),
		("SUMA(ventas_brutas) * * 2", 22, errors.SYNTAX_EXPECTED_OPERAND),
		("1 < 2 < 3", 6, errors.SYNTAX_CHAINED_COMPARISON),
		("SUMA(ventas_brutas) * 0,5", 23, errors.SYNTAX_DECIMAL_COMMA),
		("CONTAR(sector = 'Textil)", 16, errors.SYNTAX_UNCLOSED_TEXT),
		("CONTAR() Y", 10, errors.SYNTAX_INCOMPLETE),
	],
)
def test_syntax_errors(formula, position, expected):
	err = error(formula)
	assert err.position == position
	assert err.problem.params["pos"] == position
	assert err.problem.code == expected


def test_unknown_function_and_wrong_arity():
	err = error("SUMA(ventas_brutas) + MEDIANA(empleados)")
	assert err.position == 22
	assert err.problem.code == errors.UNKNOWN_FUNCTION
	assert err.problem.params["name"] == "MEDIANA"
	assert "SUMA" in err.problem.params["functions"]
	err = error("SUMA(ventas_brutas, empleados)")
	assert err.problem.code == errors.WRONG_ARG_COUNT
	assert err.problem.params == {"pos": 0, "name": "SUMA", "min": 1, "max": 1, "count": 2}
	assert code("PROMEDIO_GRUPOS(1, SUMA(ventas_brutas))") == errors.GROUP_KEY_NOT_FIELD


@pytest.mark.parametrize(
	"formula, position, expected",
	[
		("", 0, errors.EMPTY),
		("   ", 0, errors.EMPTY),
		("SUMA(ventas_brutas) # 2", 20, errors.BAD_CHARACTER),
		("(" * 150 + "1" + ")" * 150, None, errors.TOO_DEEP),
		("1" * 5001, 5000, errors.TOO_LONG),
	],
)
def test_other_invalid_input(formula, position, expected):
	err = error(formula)
	if position is not None:
		assert err.position == position
	assert err.problem.code == expected


# --------------------------------------------------------------------------- FILTRAR and shared index


def test_filtrar_restricts_the_population():
	assert value('FILTRAR(sector = "Textil", SUMA(ventas_brutas))') == 400
	assert value("FILTRAR(agrego_valor = 1, CONTAR())") == 3
	assert value("FILTRAR(agrego_valor = 1, PORCENTAJE(innovo_procesos = 1))") == pytest.approx(100 / 3)


def test_filtrar_empty_gives_reason_and_excludes_groups():
	from redes_smevir.domain.formula import REASON_EMPTY_FILTER

	res = parse('FILTRAR(sector = "Nada", SUMA(ventas_brutas))', SCHEMA).evaluate(ROWS)
	assert res.value is None and res.null_reason == REASON_EMPTY_FILTER
	res = parse(
		"PROMEDIO_GRUPOS(red, FILTRAR(empleados >= 10, (CON_BASE(SUMA(ventas_brutas)) / BASE(SUMA(ventas_brutas)) - 1) * 100))",
		SCHEMA,
	).evaluate(ROWS, BASELINE)
	# Only red A has a firm with 10+ employees: E1 150 vs 100 -> +50 %.
	assert res.value == pytest.approx(50)
	assert ("B", REASON_EMPTY_FILTER) in res.excluded_groups


def test_filtrar_errors():
	assert code("FILTRAR(ventas_brutas, CONTAR())") == errors.TYPE_NOT_CONDITION
	err = error("SUMA(FILTRAR(agrego_valor, CONTAR()))")
	assert err.problem.code == errors.NESTED_AGGREGATE and err.problem.params["inside"] == "SUMA"
	assert code("FILTRAR(agrego_valor = 1, ventas_brutas)") == errors.FIELD_OUTSIDE_AGGREGATE
	err = error("FILTRAR(agrego_valor = 1)")
	assert err.problem.code == errors.WRONG_ARG_COUNT and err.problem.params["min"] == 2


def test_shared_baseline_index_gives_same_result():
	from redes_smevir.domain.formula import index_baseline

	f = parse("SUMA(ventas_brutas) - BASE(SUMA(ventas_brutas))", SCHEMA)
	idx = index_baseline(BASELINE)
	assert f.evaluate(ROWS, baseline_index=idx).value == f.evaluate(ROWS, BASELINE).value
