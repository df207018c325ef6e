# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Avance de Fichas: expected fichas vs. their workflow states, per network or gerente, with overdue ones."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.domain.ficha_rules import STATES
from redes_smevir.redes_smevir.report.marco_lógico.marco_lógico import parse_periodos
from redes_smevir.services import progress
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
	return columns(agrupar), rows(data), None, chart(data), summary(data)


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
		{"fieldname": "gerente", "label": _("Gerente"), "fieldtype": "Link", "options": "User", "width": 200},
		{"fieldname": "ventana", "label": _("Ventana"), "fieldtype": "Data", "width": 90},
		{"fieldname": "esperadas", "label": _("Esperadas"), "fieldtype": "Int", "width": 90},
		{"fieldname": "sin_registrar", "label": _("Sin registrar"), "fieldtype": "Int", "width": 100},
	]
	for state in STATES:
		cols.append({"fieldname": frappe.scrub(state), "label": _(state), "fieldtype": "Int", "width": 95})
	cols += [
		{"fieldname": "pct_aprobadas", "label": _("% aprobadas"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "atrasadas", "label": _("Atrasadas"), "fieldtype": "Int", "width": 90},
		{"fieldname": "situacion", "label": _("Situación"), "fieldtype": "Data", "width": 110},
	]
	return cols


def rows(data: list[progress.Progress]) -> list[dict]:
	late, complete, on_time = _("Atrasada"), _("Completa"), _("En plazo")
	region = _("(Ficha de Región)")
	keys = [(state, frappe.scrub(state)) for state in STATES]
	out = []
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
	return {
		"data": {
			"labels": [_("Sin registrar")] + [_(s) for s in STATES],
			"datasets": [{"name": _("Fichas"), "values": [missing] + [totals[s] for s in STATES]}],
		},
		"type": "bar",
		"colors": ["#ff5858"],
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
			"value": 100.0 * approved / expected if expected else None,
			"label": _("% aprobadas"),
			"datatype": "Percent",
		},
	]
