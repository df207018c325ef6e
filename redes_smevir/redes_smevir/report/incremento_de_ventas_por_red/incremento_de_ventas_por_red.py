# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Incremento de Ventas por Red: members' gross sales at the baseline vs. the period, per network."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from redes_smevir.services import evaluation, sales_view
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
	spread = evaluation.sales_uncertainty(view)
	return columns(), rows(view, spread), message(view), chart(view), summary(view, spread)


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
		{
			"fieldname": "incremento",
			"label": _("Incremento (%)"),
			"fieldtype": "Percent",
			"precision": 2,
			"width": 120,
		},
		{"fieldname": "en_promedio", "label": _("Entra en el promedio"), "fieldtype": "Check", "width": 100},
		{"fieldname": "mediana", "label": _("Mediana (%)"), "fieldtype": "Percent", "width": 100},
		{
			"fieldname": "ric",
			"label": _("Rango intercuartil (Q1 – Q3, %)"),
			"fieldtype": "Data",
			"width": 150,
		},
		{"fieldname": "ic_95", "label": _("IC 95 % del promedio (%)"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "pct_alcanza_meta",
			"label": _("Redes que alcanzan la meta (%)"),
			"fieldtype": "Percent",
			"width": 120,
		},
		{"fieldname": "motivo", "label": _("Motivo de exclusión"), "fieldtype": "Data", "width": 260},
	]


def spread_values(s) -> dict:
	"""Median, IQR, 95 % interval and share reaching the meta of the networks in an average."""
	if s is None or not s.n:
		return {}
	return {
		"mediana": s.mediana,
		"ric": evaluation.interval_text(s.q1, s.q3),
		"ic_95": evaluation.interval_text(s.ic_inferior, s.ic_superior) or _("(menos de 3 redes)"),
		"pct_alcanza_meta": s.pct_alcanza_meta,
		"meta": s.meta,
		# the numbers behind the texts (API, Excel export, tests)
		"q1": s.q1,
		"q3": s.q3,
		"ic_inferior": s.ic_inferior,
		"ic_superior": s.ic_superior,
		"redes_en_promedio": s.n,
	}


def rows(view: sales_view.SalesView, spread: dict | None = None) -> list[dict]:
	spread = spread or {}
	res = view.result
	out = []
	for congl in res.promedio_conglomerado:
		# the conglomerado's average heads its networks: collapsing it folds exactly its own
		out.append(
			{
				"conglomerado": congl,
				"red": _("Promedio {0} ({1} redes)").format(
					congl or _("sin conglomerado"), res.redes_conglomerado[congl]
				),
				"incremento": res.promedio_conglomerado[congl],
				"bold": 1,
				"indent": 0,
				**spread_values(spread.get(congl)),
			}
		)
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
			"red": _("Promedio general ({0} redes)").format(res.redes_en_promedio),
			"incremento": res.promedio_general,
			"bold": 1,
			"indent": 0,
			**spread_values(spread.get(None)),
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
		"fieldtype": "Percent",  # axis labels «50 %» (public/js/smevir_charts.js)
		"colors": ["#29cd42"],
	}


def summary(view: sales_view.SalesView, spread: dict | None = None) -> list[dict]:
	spread = spread or {}
	res = view.result
	out = [
		{
			"value": flt(res.promedio_conglomerado[c], 2),
			"label": _("Promedio {0}").format(c or _("sin conglomerado")),
			"datatype": "Percent",
			"indicator": "Blue",
		}
		for c in res.promedio_conglomerado
	]
	out.append(
		{
			"value": flt(res.promedio_general, 2),
			"label": _("Promedio general"),
			"datatype": "Percent",
			"indicator": "Green",
		}
	)
	general = spread.get(None)
	if general is not None and general.n:
		if general.ic_inferior is not None:
			out.append(
				{
					"value": evaluation.interval_text(general.ic_inferior, general.ic_superior),
					"label": _("IC 95 % del promedio general ({0} redes)").format(general.n),
					"datatype": "Data",
					"indicator": "Blue",
				}
			)
		out.append(
			{
				"value": general.mediana,
				"label": _("Mediana general"),
				"datatype": "Percent",
				"indicator": "Blue",
			}
		)
		if general.pct_alcanza_meta is not None:
			out.append(
				{
					"value": flt(general.pct_alcanza_meta, 2),
					"label": _("Redes que alcanzan la meta de {0} %").format(
						frappe.utils.fmt_money(general.meta, 0)
					),
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
