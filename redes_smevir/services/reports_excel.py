"""Donor-ready Excel workbook of the Marco Lógico (openpyxl, shipped with frappe)."""

from __future__ import annotations

from io import BytesIO

from frappe import _
from frappe.utils import now_datetime
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from redes_smevir.domain import indicators as rules
from redes_smevir.services.marco_logico import IndicatorValue, MarcoLogico

FILLS = {
	rules.VERDE: "C6EFCE",
	rules.AMARILLO: "FFEB9C",
	rules.ROJO: "FFC7CE",
	rules.SIN_DATO: "EDEDED",
	rules.SIN_META: "EDEDED",
}
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
LEVEL_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = (12, 60, 12, 9, 14, 14, 14, 12, 12, 9, 50)


def _headers() -> list[str]:
	return [
		_("Código"),
		_("Indicador"),
		_("Nivel"),
		_("Unidad"),
		_("Línea de base"),
		_("Valor"),
		_("Meta"),
		_("% de logro"),
		_("Semáforo"),
		_("Fichas"),
		_("Observaciones"),
	]


def _sheet_title(text: str, used: set[str]) -> str:
	title = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31] or "Hoja"
	base, n = title, 2
	while title in used:
		suffix = f" ({n})"
		title = base[: 31 - len(suffix)] + suffix
		n += 1
	used.add(title)
	return title


def _write_sheet(ws, heading: str, ml: MarcoLogico, rows: list[IndicatorValue], filters_text: str) -> None:
	ws["A1"] = heading
	ws["A1"].font = Font(bold=True, size=14)
	ws["A2"] = filters_text
	ws["A3"] = _("Generado el {0}").format(now_datetime().strftime("%d-%m-%Y %H:%M"))
	if ml.incluir_enviadas:
		ws["A4"] = _("VISTA PREVIA: incluye fichas enviadas aún no aprobadas; no son cifras oficiales.")
		ws["A4"].font = Font(bold=True, color="C00000")
	line = 6
	for periodo in ml.periodos:
		p_rows = [r for r in rows if r.periodo == periodo]
		if not p_rows:
			continue
		ws.cell(row=line, column=1, value=_("Periodo: {0}").format(periodo)).font = Font(bold=True, size=12)
		line += 1
		for col, text in enumerate(_headers(), start=1):
			c = ws.cell(row=line, column=col, value=text)
			c.font = Font(bold=True, color="FFFFFF")
			c.fill = HEADER_FILL
			c.alignment = Alignment(wrap_text=True, vertical="center")
			c.border = BORDER
		line += 1
		level = None
		for r in p_rows:
			ind = r.indicador
			if ind.nivel_marco != level:
				level = ind.nivel_marco
				c = ws.cell(row=line, column=1, value=_(level))
				c.font = Font(bold=True)
				for col in range(1, len(WIDTHS) + 1):
					ws.cell(row=line, column=col).fill = LEVEL_FILL
				line += 1
			values = [
				ind.codigo,
				_(ind.nombre),
				_(ind.nivel_marco),
				ind.unidad,
				r.base,
				r.valor,
				r.meta,
				r.logro / 100 if r.logro is not None else None,
				_(r.semaforo),
				r.fichas,
				r.nota,
			]
			for col, v in enumerate(values, start=1):
				c = ws.cell(row=line, column=col, value=v)
				c.border = BORDER
				c.alignment = Alignment(wrap_text=col in (2, 11), vertical="top")
				if col in (5, 6, 7):
					c.number_format = "#,##0.00"
				if col == 8:
					c.number_format = "0.0%"
			ws.cell(row=line, column=9).fill = PatternFill("solid", fgColor=FILLS.get(r.semaforo, "EDEDED"))
			line += 1
		line += 1
	for i, width in enumerate(WIDTHS, start=1):
		ws.column_dimensions[get_column_letter(i)].width = width
	ws.freeze_panes = "A6"
	ws.sheet_view.showGridLines = False
	ws.page_setup.orientation = "landscape"
	ws.page_setup.fitToWidth = 1


def marco_logico_workbook(ml: MarcoLogico, filters_text: str = "") -> bytes:
	"""Summary sheet (total, or the only conglomerado) plus one sheet per conglomerado."""
	wb = Workbook()
	used: set[str] = set()
	summary = wb.active
	summary.title = _sheet_title(_("Resumen"), used)
	totals = [r for r in ml.rows if r.conglomerado is None]
	if not totals and len(ml.conglomerados) == 1:
		totals = [r for r in ml.rows if r.conglomerado == ml.conglomerados[0]]
	_write_sheet(summary, _("Marco Lógico — resumen general"), ml, totals, filters_text)
	for congl in ml.conglomerados:
		ws = wb.create_sheet(_sheet_title(congl, used))
		_write_sheet(
			ws,
			_("Marco Lógico — conglomerado {0}").format(congl),
			ml,
			[r for r in ml.rows if r.conglomerado == congl],
			filters_text,
		)
	out = BytesIO()
	wb.save(out)
	return out.getvalue()
