"""Tests for the indicator formula language (pure Python, no frappe)."""

import pytest

from redes_smevir.domain.formula import (
	REASON_DIVISION_BY_ZERO,
	REASON_NO_BASELINE,
	Formula,
	FormulaError,
	Result,
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


def test_unknown_field_lists_available_fields():
	schema = {"ventas_brutas": "number", "innovo_procesos": "check", "agrego_valor": "check"}
	err = error("CONTAR(ventas > 1)", schema)
	assert err.position == 7
	assert err.message.startswith(
		"Campo desconocido «ventas» en la posición 7. "
		"Campos disponibles: agrego_valor, innovo_procesos, ventas_brutas"
	)
	assert isinstance(err, ValueError)


def test_wrong_type_suma_over_text():
	err = error("SUMA(nombre_text)")
	assert err.position == 5
	assert "SUMA necesita un valor numérico" in err.message
	assert "«nombre_text»" in err.message


@pytest.mark.parametrize(
	"formula, fragment",
	[
		("CONTAR(sector = 1)", "no se puede comparar texto con un número"),
		("CONTAR(ventas_brutas Y agrego_valor)", "Y necesita una condición"),
		("CONTAR(NO empleados)", "NO necesita una condición"),
		("PORCENTAJE(ventas_brutas)", "PORCENTAJE necesita una condición"),
		("CONTAR(sector > 'A')", "los textos solo se comparan con = o <>"),
		("SUMA(sector + 1)", "necesita un valor numérico"),
		("SI(CONTAR() > 1, 'a', 2)", "mismo tipo"),
		("'texto'", "debe dar un número"),
	],
)
def test_type_errors(formula, fragment):
	assert fragment in error(formula).message


def test_bare_field_at_top_level():
	err = error("ventas_brutas / 2")
	assert err.position == 0
	assert "«ventas_brutas»" in err.message
	assert "debe ir dentro de una función de agregación como SUMA o PROMEDIO" in err.message
	assert "debe ir dentro" in error("SUMA(ventas_brutas) / empleados").message


def test_nested_aggregates_are_refused():
	assert "no se pueden anidar" in error("SUMA(PROMEDIO(ventas_brutas))").message
	assert "no puede ir dentro de BASE" in error("BASE(BASE(SUMA(ventas_brutas)))").message


@pytest.mark.parametrize(
	"formula, position, fragment",
	[
		("SUMA(ventas_brutas", 18, "se esperaba «)»"),
		("(1 + 2", 6, "se esperaba «)»"),
		("SUMA(ventas_brutas))", 19, "no se esperaba «)»"),
		("SUMA(ventas_brutas) +", 21, "la fórmula está incompleta"),
		("SUMA(ventas_brutas) * * 2", 22, "se encontró «*»"),
		("1 < 2 < 3", 6, "no se pueden encadenar"),
		("SUMA(ventas_brutas) * 0,5", 23, "use punto para los decimales"),
		("CONTAR(sector = 'Textil)", 16, "falta cerrar el texto"),
		("CONTAR() Y", 10, "la fórmula está incompleta"),
	],
)
def test_syntax_errors(formula, position, fragment):
	err = error(formula)
	assert err.position == position
	assert err.message.startswith(f"Error de sintaxis en la posición {position}: ")
	assert fragment in err.message


def test_unknown_function_and_wrong_arity():
	err = error("SUMA(ventas_brutas) + MEDIANA(empleados)")
	assert err.position == 22
	assert err.message.startswith("Función desconocida «MEDIANA» en la posición 22. Funciones disponibles:")
	assert "necesita 1 argumento y recibió 2" in error("SUMA(ventas_brutas, empleados)").message
	assert "nombre de campo" in error("PROMEDIO_GRUPOS(1, SUMA(ventas_brutas))").message


@pytest.mark.parametrize(
	"formula, position",
	[("", 0), ("   ", 0), ("SUMA(ventas_brutas) # 2", 20), ("(" * 150 + "1" + ")" * 150, None)],
)
def test_other_invalid_input(formula, position):
	err = error(formula)
	if position is not None:
		assert err.position == position
	assert err.message


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
	assert "condición" in error("FILTRAR(ventas_brutas, CONTAR())").message
	assert "no puede ir dentro de SUMA" in error("SUMA(FILTRAR(agrego_valor, CONTAR()))").message
	assert "debe ir dentro" in error("FILTRAR(agrego_valor = 1, ventas_brutas)").message
	assert "2 argumentos" in error("FILTRAR(agrego_valor = 1)").message


def test_shared_baseline_index_gives_same_result():
	from redes_smevir.domain.formula import index_baseline

	f = parse("SUMA(ventas_brutas) - BASE(SUMA(ventas_brutas))", SCHEMA)
	idx = index_baseline(BASELINE)
	assert f.evaluate(ROWS, baseline_index=idx).value == f.evaluate(ROWS, BASELINE).value
