# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Redes por Fase: networks and member firms per methodology phase and conglomerado."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.domain.methodology import FASES, short_fase
from redes_smevir.services import progress
from redes_smevir.services.report_guards import script_report


@script_report
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	data = progress.networks_by_phase(
		periodo=filters.get("periodo") or None,
		conglomerado=filters.get("conglomerado") or None,
		red=filters.get("red") or None,
	)
	congls = sorted({c for c, _f in data})
	phases = list(FASES) + sorted({f for _c, f in data} - set(FASES))
	out = []
	for c in congls:
		for f in phases:
			redes, empresas = data.get((c, f), (0, 0))
			out.append({"conglomerado": c, "fase": _(f), "redes": redes, "empresas": empresas})
		out.append(
			{
				"conglomerado": c,
				"fase": _("Total"),
				"redes": sum(v[0] for (cc, _f), v in data.items() if cc == c),
				"empresas": sum(v[1] for (cc, _f), v in data.items() if cc == c),
				"bold": 1,
			}
		)
	return columns(), out, None, chart(data, congls, phases), summary(data)


def columns() -> list[dict]:
	return [
		{"fieldname": "conglomerado", "label": _("Conglomerado"), "fieldtype": "Data", "width": 140},
		{"fieldname": "fase", "label": _("Fase de la metodología"), "fieldtype": "Data", "width": 340},
		{"fieldname": "redes", "label": _("Redes"), "fieldtype": "Int", "width": 90},
		{"fieldname": "empresas", "label": _("Empresas"), "fieldtype": "Int", "width": 90},
	]


def chart(data, congls, phases) -> dict | None:
	if not data:
		return None
	return {
		"data": {
			"labels": [_(short_fase(f)) for f in phases],
			"datasets": [
				{"name": c, "values": [data.get((c, f), (0, 0))[0] for f in phases]} for c in congls
			],
		},
		"type": "bar",
		"fieldtype": "Int",  # counts: integer axis labels (public/js/smevir_charts.js)
		"barOptions": {"stacked": 1},
		"title": _("Redes por fase"),
	}


def summary(data) -> list[dict]:
	return [
		{"value": sum(v[0] for v in data.values()), "label": _("Redes"), "datatype": "Int"},
		{"value": sum(v[1] for v in data.values()), "label": _("Empresas"), "datatype": "Int"},
	]
