"""Measurement periods: their dates, baselines and entry windows.

The entry-window status has one definition, from the period's live dates:
``domain.periods.Window.status`` through :func:`status_on`. Everything that asks "is the window
open?" goes through it: the entry rule (``services.fichas.check_entry_allowed``), who may
authorise a correction (``services.workflow.check_can_authorise``), the reports, the desk, the
daily job that refreshes the stored ``Periodo.estado`` (kept for list views only; no rule reads
it), and the Workflow's button condition, which runs in Frappe's ``safe_eval`` and cannot call app
code: :func:`open_window_condition` renders the same rule as a query on today's date, so a button
shows exactly when the check behind it passes (also on opening and closing days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import frappe
from frappe.utils import getdate, nowdate

from redes_smevir.domain.periods import ABIERTO, PROGRAMADO, Window

LINEA_DE_BASE = "Línea de Base"


@dataclass(frozen=True)
class PeriodInfo:
	name: str
	tipo: str
	fecha_referencia: date | None
	periodo_base: str | None
	inicio_registro: date | None
	fin_registro: date | None

	def window_status(self, on: date) -> str:
		return status_on(self.inicio_registro, self.fin_registro, on)


def periods() -> dict[str, PeriodInfo]:
	rows = frappe.get_all(
		"Periodo",
		fields=["name", "tipo", "fecha_referencia", "periodo_base", "inicio_registro", "fin_registro"],
		order_by="fecha_referencia asc",
	)
	return {
		r.name: PeriodInfo(
			r.name,
			r.tipo,
			getdate(r.fecha_referencia) if r.fecha_referencia else None,
			r.periodo_base,
			getdate(r.inicio_registro) if r.inicio_registro else None,
			getdate(r.fin_registro) if r.fin_registro else None,
		)
		for r in rows
	}


def baseline_of(periodo: str, all_periods: dict[str, PeriodInfo]) -> str | None:
	"""The baseline period of ``periodo``: its ``periodo_base``, else the latest earlier Línea de Base."""
	p = all_periods.get(periodo)
	if not p or p.tipo == LINEA_DE_BASE:
		return None
	if p.periodo_base:
		return p.periodo_base
	candidates = [
		q
		for q in all_periods.values()
		if q.tipo == LINEA_DE_BASE
		and q.name != periodo
		and q.fecha_referencia
		and p.fecha_referencia
		and q.fecha_referencia <= p.fecha_referencia
	]
	return max(candidates, key=lambda q: q.fecha_referencia).name if candidates else None


def status_on(inicio: date | None, fin: date | None, on: date) -> str:
	"""Programado, Abierto or Cerrado: THE entry-window status (a window without both dates never opens)."""
	if not (inicio and fin):
		return PROGRAMADO
	return Window(getdate(inicio), getdate(fin)).status(on)


def entry_window(periodo: str) -> Window:
	"""The entry window of ``periodo`` as the domain rule reads it (Periodo.validate requires both dates).

	Not ``services.dashboard.period_window``, the desk's summary of a window (dates, status, days left).
	"""
	inicio, fin = frappe.db.get_value("Periodo", periodo, ["inicio_registro", "fin_registro"])
	return Window(getdate(inicio), getdate(fin))


def window_status(periodo: str, today: date | None = None) -> str:
	"""Status of ``periodo``'s entry window on ``today`` (default: today), from its live dates."""
	inicio, fin = frappe.db.get_value("Periodo", periodo, ["inicio_registro", "fin_registro"]) or (None, None)
	return status_on(inicio, fin, today or getdate(nowdate()))


def window_is_open(periodo: str, today: date | None = None) -> bool:
	return window_status(periodo, today) == ABIERTO


def open_window_condition(periodo: str = "doc.periodo") -> str:
	"""The Workflow-condition form of :func:`window_is_open` (``safe_eval`` offers no app code).

	Truthy exactly when ``inicio_registro <= today <= fin_registro``, i.e. when
	``Window.status`` says Abierto; ``add_to_date(None, as_string=True)`` is today's date in the
	system time zone, the same day ``nowdate()`` gives the Python side. A test compares both.
	"""
	today = "frappe.utils.add_to_date(None, as_string=True)"
	return (
		f"frappe.db.get_value('Periodo', {{'name': {periodo}, 'inicio_registro': ('<=', {today}), "
		f"'fin_registro': ('>=', {today})}}, 'name')"
	)


def update_period_states() -> int:
	"""Daily job: refresh the stored ``Periodo.estado`` (list views) from the window; return how many changed."""
	today = getdate(nowdate())
	changed = 0
	for p in frappe.get_all("Periodo", fields=["name", "estado", "inicio_registro", "fin_registro"]):
		estado = status_on(p.inicio_registro, p.fin_registro, today)
		if p.inicio_registro and p.fin_registro and estado != p.estado:
			frappe.db.set_value("Periodo", p.name, "estado", estado, update_modified=False)
			changed += 1
	return changed
