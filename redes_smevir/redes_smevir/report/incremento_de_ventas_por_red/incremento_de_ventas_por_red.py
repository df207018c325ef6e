# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Incremento de Ventas por Red: members' gross sales at the baseline vs. the period, per network."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.services import sales_view
from redes_smevir.services.report_guards import script_report


@script_report
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.get("periodo"):
		return columns(), [], _("Elija un periodo."), None, []
	view = sales_view.sales_increase(
		filters.periodo,
		conglomerado=filters.get("conglomerado") or None,
		red=filters.get("red") or None,
		incluir_enviadas=bool(int(filters.get("incluir_enviadas") or 0)),
	)
	if view.result is None:
		return (
			columns(),
			[],
			_("El periodo {0} no tiene una línea de base con qué comparar.").format(view.periodo),
			None,
			[],
		)
	return columns(), rows(view), message(view), chart(view), summary(view)


def columns() -> list[dict]:
	return [
		{"fieldname": "conglomerado", "label": _("Conglomerado"), "fieldtype": "Data", "width": 120},
		{"fieldname": "red", "label": _("Red"), "fieldtype": "Data", "width": 220},
		{"fieldname": "empresas", "label": _("Empresas comparadas"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "ventas_base",
			"label": _("Ventas en la línea de base"),
			"fieldtype": "Currency",
			"width": 160,
		},
		{
			"fieldname": "ventas_periodo",
			"label": _("Ventas en el periodo"),
			"fieldtype": "Currency",
			"width": 160,
		},
		{"fieldname": "incremento", "label": _("Incremento (%)"), "fieldtype": "Percent", "width": 120},
		{"fieldname": "en_promedio", "label": _("Entra en el promedio"), "fieldtype": "Check", "width": 100},
		{"fieldname": "motivo", "label": _("Motivo de exclusión"), "fieldtype": "Data", "width": 260},
	]


def rows(view: sales_view.SalesView) -> list[dict]:
	res = view.result
	out = []
	for congl in res.promedio_conglomerado:
		for n in [n for n in res.redes if (n.conglomerado or "") == congl]:
			out.append(
				{
					"conglomerado": n.conglomerado,
					"red": n.red,
					"empresas": n.empresas,
					"ventas_base": n.ventas_base,
					"ventas_periodo": n.ventas_periodo,
					"incremento": n.incremento,
					"en_promedio": int(n.en_promedio),
					"motivo": _(n.motivo) if n.motivo else "",
					"indent": 1,
				}
			)
		out.append(
			{
				"conglomerado": congl,
				"red": _("Promedio {0} ({1} redes)").format(
					congl or _("sin conglomerado"), res.redes_conglomerado[congl]
				),
				"incremento": res.promedio_conglomerado[congl],
				"bold": 1,
				"indent": 0,
			}
		)
	out.append(
		{
			"red": _("Promedio general ({0} redes)").format(res.redes_en_promedio),
			"incremento": res.promedio_general,
			"bold": 1,
			"indent": 0,
		}
	)
	return out


def message(view: sales_view.SalesView) -> str:
	text = _(
		"Incremento de las ventas brutas de las mismas empresas entre {0} y {1}. Los promedios solo "
		"consideran las redes presentes desde la línea de base; las demás se listan con el motivo."
	).format(view.periodo_base, view.periodo)
	if view.incluir_enviadas:
		text += " " + _("Vista previa: incluye fichas enviadas aún no aprobadas.")
	return text


def chart(view: sales_view.SalesView) -> dict | None:
	nets = [n for n in view.result.redes if n.incremento is not None]
	if not nets:
		return None
	return {
		"data": {
			"labels": [n.red for n in nets],
			"datasets": [{"name": _("Incremento (%)"), "values": [round(n.incremento, 2) for n in nets]}],
		},
		"type": "bar",
		"colors": ["#29cd42"],
	}


def summary(view: sales_view.SalesView) -> list[dict]:
	res = view.result
	out = [
		{
			"value": res.promedio_conglomerado[c],
			"label": _("Promedio {0}").format(c or _("sin conglomerado")),
			"datatype": "Percent",
			"indicator": "Blue",
		}
		for c in res.promedio_conglomerado
	]
	out.append(
		{
			"value": res.promedio_general,
			"label": _("Promedio general"),
			"datatype": "Percent",
			"indicator": "Green",
		}
	)
	out.append(
		{"value": len(res.excluidas), "label": _("Redes excluidas"), "datatype": "Int", "indicator": "Orange"}
	)
	if view.incluir_enviadas:
		out.append(
			{
				"value": _("Vista previa"),
				"label": _("Incluye fichas enviadas"),
				"datatype": "Data",
				"indicator": "Orange",
			}
		)
	return out
