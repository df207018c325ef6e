"""Tests for writing and reading the fichas template workbook (openpyxl, no frappe)."""

from io import BytesIO

import pytest

openpyxl = pytest.importorskip("openpyxl")  # comes with frappe; `pip install openpyxl` elsewhere

from openpyxl import Workbook, load_workbook

from redes_smevir.domain import excel_template as tpl
from redes_smevir.domain import excel_workbook as xw
from tests.test_excel_template import FASE, SPECS, meta_for

# --- workbook ------------------------------------------------------------------------------------


def build(rows=None, specs=SPECS):
	rows = (
		rows
		if rows is not None
		else [
			{
				"empresa": "EMP-1",
				"ruc": "20100070970",
				"razon_social": "Uno SAC",
				"red": "Red Uno",
				"ventas_brutas": 1500.5,
				"trabajadores": 4,
				"agrego_valor": 1,
				"como_agrego_valor": "Empaque",
			},
			{"empresa": "EMP-2", "ruc": "", "razon_social": "Dos", "red": "Red Uno"},
		]
	)
	return xw.build_workbook(meta_for(specs), specs, rows, "Plantilla")


def test_workbook_layout():
	wb = load_workbook(BytesIO(build()))
	ws = wb[tpl.DATA_SHEET]
	assert [c.value for c in ws[1]] == [s.header for s in SPECS]
	assert ws.freeze_panes == "E2"
	assert ws.protection.sheet
	assert ws["A2"].protection.locked and not ws["E2"].protection.locked
	assert ws["E2"].value == 1500.5 and ws["G2"].value == "Sí" and ws["E3"].value is None
	assert wb[tpl.META_SHEET].sheet_state == "veryHidden"
	kinds = sorted((dv.type, str(dv.sqref)) for dv in ws.data_validations.dataValidation)
	assert kinds == [("decimal", "E2:E3"), ("list", "G2:G3"), ("whole", "F2:F3")]


def test_select_validation_reads_its_options_from_the_lists_sheet():
	specs = [*tpl.identifier_columns("Red"), FASE]
	wb = load_workbook(BytesIO(build([{"red": "R", "conglomerado": "G"}], specs)))
	(dv,) = wb[tpl.DATA_SHEET].data_validations.dataValidation
	assert dv.formula1.replace("'", "") == "listas!$A$2:$A$3"
	assert [c.value for c in wb[tpl.LISTS_SHEET]["A"]] == ["fase_alcanzada", "1. Análisis", "2. Promoción"]


def test_workbook_read_back():
	meta, header, data = xw.read_workbook(build())
	assert meta == meta_for()
	positions, issues = tpl.locate_columns(meta, header)
	rows, cell_issues = tpl.parse_rows(SPECS, positions, data)
	assert not issues and not cell_issues
	assert rows[0].values == {
		"ventas_brutas": 1500.5,
		"trabajadores": 4,
		"agrego_valor": 1,
		"como_agrego_valor": "Empaque",
	}
	assert rows[1].is_empty


def test_not_excel_empty_and_foreign_workbooks():
	with pytest.raises(tpl.TemplateError, match="no es un libro de Excel"):
		xw.read_workbook(b"RUC;ventas\n2010;100\n")
	with pytest.raises(tpl.TemplateError, match="vacío"):
		xw.read_workbook(b"")
	foreign = Workbook()
	foreign.active.append(["RUC", "Ventas"])
	out = BytesIO()
	foreign.save(out)
	with pytest.raises(tpl.TemplateError, match="no es una plantilla de fichas SMEVIR"):
		xw.read_workbook(out.getvalue())


def test_template_without_rows_is_empty():
	wb = load_workbook(BytesIO(build()))
	ws = wb[tpl.DATA_SHEET]
	ws.delete_rows(1, ws.max_row)
	out = BytesIO()
	wb.save(out)
	with pytest.raises(tpl.TemplateError, match="vacío"):
		xw.read_workbook(out.getvalue())
