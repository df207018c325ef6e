"""Write and read the fichas template workbook with openpyxl (pure Python, no Frappe).

The layout decisions live in ``excel_template``; this module only turns them into an .xlsx
file (frozen, protected header; locked identifier columns; data validation; hidden sheets)
and reads a filled file back into header and rows.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from redes_smevir.domain import excel_template as tpl

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
IDENT_FILL = PatternFill("solid", fgColor="F2F2F2")
HEADER_FONT = Font(bold=True, color="FFFFFF")
UNLOCKED = Protection(locked=False)
NUMBER_FORMATS = {
	tpl.MONEY: "#,##0.00",
	tpl.INT: "0",
	tpl.NUMBER: "#,##0.00",
	tpl.PERCENT: "0.00",
	tpl.DATE: "dd-mm-yyyy",
}

NOT_EXCEL = (
	"El archivo no es un libro de Excel (.xlsx) válido. Suba la plantilla descargada, guardada como .xlsx."
)
EMPTY_FILE = "El archivo está vacío: no tiene encabezados ni filas."


def build_workbook(
	meta: tpl.TemplateMeta, specs: list[tpl.ColumnSpec], rows: list[dict], title: str = ""
) -> bytes:
	"""The template as .xlsx bytes; ``rows`` hold stored values keyed by fieldname."""
	wb = Workbook()
	ws = wb.active
	ws.title = tpl.DATA_SHEET
	lists = wb.create_sheet(tpl.LISTS_SHEET)
	info = wb.create_sheet(tpl.META_SHEET)

	for col, spec in enumerate(specs, start=1):
		cell = ws.cell(row=1, column=col, value=spec.header)
		cell.font = HEADER_FONT
		cell.fill = HEADER_FILL
		cell.alignment = Alignment(wrap_text=True, vertical="center")
		ws.column_dimensions[get_column_letter(col)].width = spec.width
	ws.row_dimensions[1].height = 45

	for r, values in enumerate(rows, start=2):
		for col, spec in enumerate(specs, start=1):
			cell = ws.cell(row=r, column=col, value=tpl.cell_value(spec, values.get(spec.fieldname)))
			if spec.identifier:
				cell.fill = IDENT_FILL
			else:
				cell.protection = UNLOCKED
				if spec.kind in NUMBER_FORMATS:
					cell.number_format = NUMBER_FORMATS[spec.kind]

	last_row = max(len(rows) + 1, 2)
	list_col = 0
	for col, spec in enumerate(specs, start=1):
		rule = tpl.validation_for(spec)
		if rule is None:
			continue
		formula1 = rule.formula1
		if rule.list_options:
			list_col += 1
			letter = get_column_letter(list_col)
			lists.cell(row=1, column=list_col, value=spec.fieldname)
			for i, option in enumerate(rule.list_options, start=2):
				lists.cell(row=i, column=list_col, value=option)
			end = len(rule.list_options) + 1
			formula1 = f"{quote_sheetname(tpl.LISTS_SHEET)}!${letter}$2:${letter}${end}"
		dv = DataValidation(
			type=rule.type,
			operator=rule.operator,
			formula1=formula1,
			formula2="1E+15" if rule.operator == "between" else None,
			allow_blank=True,
			showErrorMessage=True,
			errorTitle="Valor no válido",
			error=rule.error,
			showInputMessage=bool(rule.prompt),
			prompt=rule.prompt or None,
		)
		letter = get_column_letter(col)
		dv.add(f"{letter}2:{letter}{last_row}")
		ws.add_data_validation(dv)

	for key, value in tpl.meta_rows(meta):
		info.append([key, value])
	if title:
		info.append(["titulo", title])

	n_ident = sum(1 for s in specs if s.identifier)
	ws.freeze_panes = ws.cell(row=2, column=n_ident + 1)
	ws.protection.sheet = True
	ws.protection.formatColumns = False
	ws.protection.formatRows = False
	ws.protection.autoFilter = False
	ws.protection.sort = False
	for hidden in (lists, info):
		hidden.protection.sheet = True
		hidden.sheet_state = "veryHidden"

	out = BytesIO()
	wb.save(out)
	return out.getvalue()


def read_workbook(content: bytes) -> tuple[tpl.TemplateMeta, tuple, list[tuple]]:
	"""Meta, header row and data rows of a filled template; TemplateError in Spanish otherwise."""
	if not content:
		raise tpl.TemplateError(EMPTY_FILE)
	try:
		wb = load_workbook(BytesIO(content), read_only=True, data_only=True)
	except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
		raise tpl.TemplateError(NOT_EXCEL) from None
	try:
		if tpl.META_SHEET not in wb.sheetnames:
			raise tpl.TemplateError(tpl.WRONG_TEMPLATE)
		meta = tpl.read_meta(wb[tpl.META_SHEET].iter_rows(values_only=True))
		ws = wb[tpl.DATA_SHEET] if tpl.DATA_SHEET in wb.sheetnames else wb.worksheets[0]
		rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
	finally:
		wb.close()
	while rows and all(tpl.is_blank(v) for v in rows[-1]):
		rows.pop()
	if not rows:
		raise tpl.TemplateError(EMPTY_FILE)
	return meta, rows[0], rows[1:]
