# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Avance de Fichas: expected fichas vs. their workflow states, per network or gerente, with overdue ones."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from redes_smevir.domain.ficha_rules import STATES
from redes_smevir.redes_smevir.report.marco_lógico.marco_lógico import parse_periodos
from redes_smevir.services import progress
from redes_smevir.services.dashboard import SIN_REGISTRAR, STATE_COLORS
from redes_smevir.services.report_guards import script_report


@script_report
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	agrupar = filters.get("agrupar_por") or "Red"
	data = progress.fichas_progress(
		parse_periodos(filters.get("periodo")),
		conglomerado=filters.get("conglomerado") or None,
		red=filters.get("red") or None,
		agrupar_por=agrupar,
	)
	if filters.get("solo_atrasadas"):
		data = [r for r in data if r.atrasadas]
	return columns(agrupar), rows(data), message(data), chart(data), summary(data)


def message(data: list[progress.Progress]) -> str | None:
	"""Name the periods in view, so the totals are never read as the current period's by mistake."""
	periods = sorted({r.periodo for r in data if r.periodo})
	if not periods:
		return None
	return _("Periodo: {0}").format(", ".join(periods))


def columns(agrupar: str) -> list[dict]:
	cols = [
		{
			"fieldname": "periodo",
			"label": _("Periodo"),
			"fieldtype": "Link",
			"options": "Periodo",
			"width": 160,
		},
		{"fieldname": "conglomerado", "label": _("Conglomerado"), "fieldtype": "Data", "width": 120},
	]
	if agrupar != "Gerente":
		cols.append({"fieldname": "red", "label": _("Red"), "fieldtype": "Data", "width": 200})
	cols += [
		{"fieldname": "gerente_nombre", "label": _("Gerente"), "fieldtype": "Data", "width": 200},
		{"fieldname": "ventana", "label": _("Ventana"), "fieldtype": "Data", "width": 90},
		{"fieldname": "esperadas", "label": _("Esperadas"), "fieldtype": "Int", "width": 90},
		{"fieldname": "sin_registrar", "label": _("Sin registrar"), "fieldtype": "Int", "width": 100},
	]
	for state in STATES:
		cols.append({"fieldname": frappe.scrub(state), "label": _(state), "fieldtype": "Int", "width": 95})
	cols += [
		{
			"fieldname": "pct_aprobadas",
			"label": _("% aprobadas"),
			"fieldtype": "Percent",
			"precision": 2,
			"width": 100,
		},
		{"fieldname": "atrasadas", "label": _("Atrasadas"), "fieldtype": "Int", "width": 90},
		{"fieldname": "situacion", "label": _("Situación"), "fieldtype": "Data", "width": 110},
	]
	return cols


def _full_names(emails: set[str]) -> dict[str, str]:
	"""Gerentes are shown by name (their e-mail is the User's name)."""
	if not emails:
		return {}
	users = frappe.get_all("User", filters={"name": ("in", list(emails))}, fields=["name", "full_name"])
	return {u.name: u.full_name or u.name for u in users}


def rows(data: list[progress.Progress]) -> list[dict]:
	late, complete, on_time = _("Atrasada"), _("Completa"), _("En plazo")
	region = _("(Ficha de Región)")
	keys = [(state, frappe.scrub(state)) for state in STATES]
	out = []
	names = _full_names({r.gerente for r in data if r.gerente})
	for r in data:
		if r.atrasadas:
			situacion = late
		elif r.esperadas and r.estados["Aprobada"] >= r.esperadas:
			situacion = complete
		else:
			situacion = on_time
		row = {
			"periodo": r.periodo,
			"conglomerado": r.conglomerado,
			"red": r.red or (region if r.conglomerado and not r.gerente else ""),
			"gerente": r.gerente,
			"gerente_nombre": names.get(r.gerente, r.gerente or ""),
			"ventana": r.ventana,
			"esperadas": r.esperadas,
			"sin_registrar": r.sin_registrar,
			"pct_aprobadas": r.pct_aprobadas,
			"atrasadas": r.atrasadas,
			"situacion": situacion,
		}
		for state, key in keys:
			row[key] = r.estados[state]
		out.append(row)
	return out


def chart(data: list[progress.Progress]) -> dict | None:
	if not data:
		return None
	totals = {s: sum(r.estados[s] for r in data) for s in STATES}
	missing = sum(r.sin_registrar for r in data)
	values = [missing] + [totals[s] for s in STATES]
	labels = [_(SIN_REGISTRAR)] + [_(s) for s in STATES]
	# one dataset per state (its own colour, legend entry and tooltip), stacked on its own bar
	datasets = [
		{"name": label, "values": [v if j == i else 0 for j in range(len(values))]}
		for i, (label, v) in enumerate(zip(labels, values, strict=True))
	]
	return {
		"data": {"labels": labels, "datasets": datasets},
		"type": "bar",
		"fieldtype": "Int",  # counts: integer axis labels (public/js/smevir_charts.js)
		"colors": [STATE_COLORS.get(s, "#98a1a9") for s in [SIN_REGISTRAR, *STATES]],
		"barOptions": {"stacked": 1},
	}


def summary(data: list[progress.Progress]) -> list[dict]:
	expected = sum(r.esperadas for r in data)
	approved = sum(r.estados["Aprobada"] for r in data)
	return [
		{"value": expected, "label": _("Fichas esperadas"), "datatype": "Int"},
		{"value": approved, "label": _("Aprobadas"), "datatype": "Int", "indicator": "Green"},
		{
			"value": sum(r.sin_registrar for r in data),
			"label": _("Sin registrar"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{
			"value": sum(r.atrasadas for r in data),
			"label": _("Atrasadas"),
			"datatype": "Int",
			"indicator": "Red",
		},
		{
			"value": flt(100.0 * approved / expected, 2) if expected else None,
			"label": _("% aprobadas"),
			"datatype": "Percent",
		},
	]
