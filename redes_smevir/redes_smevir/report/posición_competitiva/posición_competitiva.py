# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Posición Competitiva: a firm's key numeric variables against its network, cluster and value chain."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.services import competitive_position
from redes_smevir.services.report_guards import script_report


@script_report
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.get("empresa") or not filters.get("periodo"):
		return columns(), [], _("Elija una empresa y un periodo."), None, []
	info, data = competitive_position.competitive_position(filters.empresa, filters.periodo)
	out = []
	for r in data:
		pos = r.position
		out.append(
			{
				"variable": r.etiqueta,
				"valor": r.valor,
				"grupo": f"{r.grupo}: {r.nombre_grupo}",
				"n": pos.n if pos else 0,
				"q1": pos.q1 if pos else None,
				"mediana": pos.median if pos else None,
				"q3": pos.q3 if pos else None,
				"percentil": pos.percentile if pos else None,
				"nota": r.nota,
			}
		)
	return columns(), out, message(info), chart(data), summary(info)


def columns() -> list[dict]:
	return [
		{"fieldname": "variable", "label": _("Variable"), "fieldtype": "Data", "width": 220},
		{
			"fieldname": "valor",
			"label": _("Valor de la empresa"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 140,
		},
		{"fieldname": "grupo", "label": _("Comparada con"), "fieldtype": "Data", "width": 220},
		{"fieldname": "n", "label": _("Empresas en el grupo"), "fieldtype": "Int", "width": 110},
		{"fieldname": "q1", "label": _("Cuartil 1"), "fieldtype": "Float", "precision": 2, "width": 110},
		{"fieldname": "mediana", "label": _("Mediana"), "fieldtype": "Float", "precision": 2, "width": 110},
		{"fieldname": "q3", "label": _("Cuartil 3"), "fieldtype": "Float", "precision": 2, "width": 110},
		{
			"fieldname": "percentil",
			"label": _("Percentil de la empresa"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 130,
		},
		{"fieldname": "nota", "label": _("Nota"), "fieldtype": "Data", "width": 260},
	]


def message(info: dict) -> str:
	if not info.get("ficha"):
		return _(
			"La empresa no tiene ficha en este periodo; solo se muestran las estadísticas de sus grupos."
		)
	text = _("Se compara la ficha {0} ({1}) con las fichas aprobadas de las demás empresas.").format(
		info["ficha"], _(info["estado_ficha"] or "")
	)
	return text + " " + _("De las otras empresas solo se muestran valores agregados.")


def chart(data: list[competitive_position.PeerRow]) -> dict | None:
	rows = [r for r in data if r.position and r.position.percentile is not None]
	if not rows:
		return None
	return {
		"data": {
			"labels": [f"{r.etiqueta} ({r.grupo})" for r in rows],
			"datasets": [{"name": _("Percentil"), "values": [round(r.position.percentile, 1) for r in rows]}],
		},
		"type": "bar",
		"fieldtype": "Float",  # a percentile: at most 2 decimals (public/js/smevir_charts.js)
		"colors": ["#743ee2"],
		"title": _("Percentil de la empresa en cada grupo"),
	}


def summary(info: dict) -> list[dict]:
	return [
		{"value": info.get("razon_social"), "label": _("Empresa"), "datatype": "Data"},
		{"value": info.get("red") or "-", "label": _("Red"), "datatype": "Data"},
		{"value": info.get("conglomerado") or "-", "label": _("Conglomerado"), "datatype": "Data"},
		{"value": info.get("cadena") or "-", "label": _("Cadena productiva"), "datatype": "Data"},
	]
