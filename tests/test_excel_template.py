"""Tests for the fichas Excel template layout and parsing (pure Python, no frappe)."""

from datetime import date

import pytest

from redes_smevir.domain import excel_template as tpl

VENTAS = tpl.variable_column(
	"ventas_brutas", "Ventas brutas anuales", "Currency", non_negative=True, currency="PEN"
)
TRAB = tpl.variable_column("trabajadores", "Número de trabajadores", "Int", non_negative=True)
AGREGO = tpl.variable_column("agrego_valor", "Agregó valor", "Check")
FASE = tpl.variable_column("fase_alcanzada", "Fase alcanzada", "Select", "\n1. Análisis\n2. Promoción")
COMO = tpl.variable_column("como_agrego_valor", "¿Cómo agregó valor?", "Small Text")
SPECS = [*tpl.identifier_columns("Empresa"), VENTAS, TRAB, AGREGO, COMO]


def meta_for(specs=SPECS, **kw):
	base = dict(periodo="LB 2010", nivel="Empresa", red="Red Uno")
	base.update(kw)
	return tpl.TemplateMeta(
		columns=tuple(s.fieldname for s in specs), headers=tuple(s.header for s in specs), **base
	)


# --- columns, headers, validation ----------------------------------------------------------------


def test_headers_are_spanish_with_units():
	assert VENTAS.header == "Ventas brutas anuales (PEN)"
	assert TRAB.header == "Número de trabajadores (número entero)"
	assert AGREGO.header == "Agregó valor (Sí/No)"
	assert COMO.header == "¿Cómo agregó valor?"


def test_unsupported_fieldtypes_have_no_column():
	assert tpl.variable_column("x", "Adjunto", "Attach") is None
	assert tpl.variable_column("t", "Tabla", "Table") is None


def test_select_options_drop_the_blank_option():
	assert FASE.options == ("1. Análisis", "2. Promoción")


def test_identifier_columns_by_level():
	assert [c.fieldname for c in tpl.identifier_columns("Empresa")] == [
		"empresa",
		"ruc",
		"razon_social",
		"red",
	]
	assert [c.fieldname for c in tpl.identifier_columns("Red")] == ["red", "conglomerado"]
	with pytest.raises(ValueError):
		tpl.identifier_columns("Región")


def test_validation_rules():
	assert tpl.validation_for(AGREGO).formula1 == '"Sí,No"'
	rule = tpl.validation_for(TRAB)
	assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")
	rule = tpl.validation_for(VENTAS)
	assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
	assert tpl.validation_for(FASE).list_options == FASE.options
	assert tpl.validation_for(tpl.identifier_columns("Red")[0]) is None


# --- parsing cells -------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"raw,expected",
	[
		("Sí", 1),
		("si", 1),
		("SI", 1),
		("x", 1),
		(True, 1),
		(1, 1),
		("No", 0),
		(0, 0),
		(False, 0),
		(None, None),
		("  ", None),
	],
)
def test_parse_check(raw, expected):
	assert tpl.parse_cell(AGREGO, raw) == expected


def test_parse_check_rejects_other_words():
	with pytest.raises(tpl.CellError, match="escriba Sí o No"):
		tpl.parse_cell(AGREGO, "tal vez")


@pytest.mark.parametrize(
	"raw,expected",
	[
		(125000, 125000.0),
		(1234.567, 1234.57),
		("1,234.50", 1234.5),
		("S/ 2,000", 2000.0),
		("3500,75", 3500.75),
		("0", 0.0),
	],
)
def test_parse_money(raw, expected):
	assert tpl.parse_cell(VENTAS, raw) == expected


def test_text_in_a_money_cell_is_a_spanish_error():
	with pytest.raises(tpl.CellError) as e:
		tpl.parse_cell(VENTAS, "mil soles")
	assert e.value.message.startswith("Ventas brutas anuales: «mil soles» no es un monto válido")


def test_negative_money_and_fractional_int_are_refused():
	with pytest.raises(tpl.CellError, match="no puede ser negativo"):
		tpl.parse_cell(VENTAS, -5)
	with pytest.raises(tpl.CellError, match="número entero"):
		tpl.parse_cell(TRAB, 2.5)
	assert tpl.parse_cell(TRAB, 12.0) == 12


def test_parse_select_is_case_insensitive_and_strict():
	assert tpl.parse_cell(FASE, "2. promoción") == "2. Promoción"
	with pytest.raises(tpl.CellError, match="no es una opción válida"):
		tpl.parse_cell(FASE, "7. Otra")


def test_parse_date():
	spec = tpl.variable_column("f", "Fecha", "Date")
	assert tpl.parse_cell(spec, "05-03-2011") == date(2011, 3, 5)
	with pytest.raises(tpl.CellError, match="dd-mm-aaaa"):
		tpl.parse_cell(spec, "ayer")


def test_cell_value_is_the_inverse_of_parse():
	for spec, stored in [(AGREGO, 1), (AGREGO, 0), (VENTAS, 1500.5), (TRAB, 7), (COMO, "Empaque")]:
		assert tpl.parse_cell(spec, tpl.cell_value(spec, stored)) == stored


def test_same_value():
	assert tpl.same_value(VENTAS, 100.0, 100.001)
	assert not tpl.same_value(VENTAS, 100.0, 101)
	assert tpl.same_value(AGREGO, 0, None)
	assert tpl.same_value(COMO, None, "")


# --- meta sheet, columns, rows -------------------------------------------------------------------


def test_meta_round_trip():
	meta = meta_for()
	assert tpl.read_meta(tpl.meta_rows(meta)) == meta


def test_wrong_kind_and_old_version_are_refused():
	rows = tpl.meta_rows(meta_for())
	with pytest.raises(tpl.TemplateError, match="no es una plantilla de fichas SMEVIR"):
		tpl.read_meta([("plantilla", "OTRA"), *rows[1:]])
	with pytest.raises(tpl.TemplateError, match="versión 0"):
		tpl.read_meta([rows[0], ("version", "0"), *rows[2:]])


def test_missing_and_unknown_columns():
	meta = meta_for()
	header = [s.header for s in SPECS if s is not TRAB] + ["Comentario"]
	positions, issues = tpl.locate_columns(meta, header)
	messages = [i.message for i in issues]
	assert (
		"Falta la columna «Número de trabajadores (número entero)». No borre ni renombre columnas."
		in messages
	)
	assert any("«Comentario» no es de la plantilla" in m for m in messages)
	assert "trabajadores" not in positions


def test_parse_rows_collects_every_error_with_row_and_column():
	positions, _ = tpl.locate_columns(meta_for(), [s.header for s in SPECS])
	data = [
		("EMP-1", "20100070970", "Uno SAC", "Red Uno", "mil", 3, "Sí", None),
		("EMP-2", "", "Dos", "Red Uno", 10, -1, "quizá", "x"),
		(None, None, None, None, None, None, None, None),
		("EMP-3", "", "Tres", "Red Uno", None, None, None, None),
	]
	rows, issues = tpl.parse_rows(SPECS, positions, data)
	assert [r.row for r in rows] == [2, 3, 5]
	assert [(i.row, i.column) for i in issues] == [
		(2, "Ventas brutas anuales (PEN)"),
		(3, "Número de trabajadores (número entero)"),
		(3, "Agregó valor (Sí/No)"),
	]
	assert rows[2].is_empty and rows[2].identifiers["empresa"] == "EMP-3"


def test_duplicates_point_to_the_first_row():
	issues = tpl.duplicate_issues([(2, "A", "Uno"), (3, "B", "Dos"), (7, "A", "Uno")], "Código de empresa")
	assert len(issues) == 1
	assert issues[0].row == 7 and "ya figura en la fila 2" in issues[0].message
