"""Measurement periods: their dates, baselines and entry windows (one place for the window rule)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import frappe
from frappe.utils import getdate, nowdate

from redes_smevir.domain.periods import Window

LINEA_DE_BASE = "Línea de Base"


@dataclass(frozen=True)
class PeriodInfo:
	name: str
	tipo: str
	fecha_referencia: date | None
	periodo_base: str | None
	inicio_registro: date | None
	fin_registro: date | None


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


def period_window(periodo: str) -> Window:
	inicio, fin = frappe.db.get_value("Periodo", periodo, ["inicio_registro", "fin_registro"])
	return Window(getdate(inicio), getdate(fin))


def window_is_open(periodo: str, today: date | None = None) -> bool:
	return period_window(periodo).is_open(today or getdate(nowdate()))


def update_period_states() -> int:
	"""Daily job: recompute ``Periodo.estado`` from the window; return how many changed."""
	today = getdate(nowdate())
	changed = 0
	for p in frappe.get_all("Periodo", fields=["name", "estado", "inicio_registro", "fin_registro"]):
		if not (p.inicio_registro and p.fin_registro):
			continue
		estado = Window(getdate(p.inicio_registro), getdate(p.fin_registro)).status(today)
		if estado != p.estado:
			frappe.db.set_value("Periodo", p.name, "estado", estado, update_modified=False)
			changed += 1
	return changed
