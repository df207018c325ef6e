# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Costo-Efectividad: programme costs per network, per firm and per sol of additional sales."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.services import costs
from redes_smevir.services.report_guards import script_report


@script_report
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.get("periodo"):
		return columns(), [], _("Elija un periodo."), None, []
	view = costs.cost_effectiveness(
		filters.periodo,
		conglomerado=filters.get("conglomerado") or None,
		desde=filters.get("desde") or None,
		hasta=filters.get("hasta") or None,
	)
	if view.periodo_base is None:
		return (
			columns(),
			[],
			_("El periodo {0} no tiene una línea de base con qué comparar.").format(view.periodo),
			None,
			[],
		)
	return columns(), rows(view), message(view), None, summary(view)


def columns() -> list[dict]:
	cur = {"fieldtype": "Currency", "width": 140}
	return [
		{"fieldname": "conglomerado", "label": _("Conglomerado"), "fieldtype": "Data", "width": 130},
		{"fieldname": "red", "label": _("Red"), "fieldtype": "Data", "width": 200},
		{"fieldname": "costo", "label": _("Costo"), **cur},
		{"fieldname": "redes", "label": _("Redes"), "fieldtype": "Int", "width": 70},
		{"fieldname": "empresas", "label": _("Empresas"), "fieldtype": "Int", "width": 80},
		{"fieldname": "ventas_adicionales", "label": _("Ventas adicionales"), **cur},
		{"fieldname": "costo_por_red", "label": _("Costo por red"), **cur},
		{"fieldname": "costo_por_empresa", "label": _("Costo por empresa"), **cur},
		{
			"fieldname": "costo_por_sol",
			"label": _("Costo por sol de ventas adicionales"),
			"fieldtype": "Float",
			"precision": 4,
			"width": 130,
		},
		{
			"fieldname": "ventas_por_sol",
			"label": _("Ventas adicionales por sol de costo"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 130,
		},
	]


def rows(view: costs.CostView) -> list[dict]:
	out = []
	for r in view.rows:
		ce = r.ce
		out.append(
			{
				"conglomerado": _("Total") if r.total else (r.conglomerado or _("sin conglomerado")),
				"red": r.red or "",
				"bold": int(r.red is None),
				"indent": 1 if r.red else 0,
				"costo": ce.costo,
				"redes": ce.redes,
				"empresas": ce.empresas,
				"ventas_adicionales": ce.ventas_adicionales,
				"costo_por_red": ce.por_red if not r.red else None,
				"costo_por_empresa": ce.por_empresa,
				"costo_por_sol": ce.por_sol_adicional,
				"ventas_por_sol": ce.ventas_por_sol,
			}
		)
	return out


def message(view: costs.CostView) -> str:
	source = (
		_("asientos contables validados de ERPNext (Vínculo contable)")
		if view.fuente == costs.FUENTE_ERPNEXT
		else _("costos registrados en SMEVIR (Costo del programa)")
	)
	return _(
		"Costos del {0} al {1}, tomados de {2}. Ventas adicionales: ventas brutas de las mismas empresas en {3} "
		"menos en {4}. Un costo de una red cuenta en la red y en su conglomerado."
	).format(
		frappe.format(view.desde, "Date"),
		frappe.format(view.hasta, "Date"),
		source,
		view.periodo,
		view.periodo_base,
	)


def summary(view: costs.CostView) -> list[dict]:
	head = next((r for r in view.rows if r.total), next((r for r in view.rows if not r.red), None))
	if head is None:
		return []
	ce = head.ce
	return [
		{"value": ce.costo, "label": _("Costo"), "datatype": "Currency", "indicator": "Blue"},
		{
			"value": ce.por_empresa,
			"label": _("Costo por empresa"),
			"datatype": "Currency",
			"indicator": "Blue",
		},
		{
			"value": ce.por_sol_adicional,
			"label": _("Costo por sol de ventas adicionales"),
			"datatype": "Float",
			"indicator": "Green",
		},
		{
			"value": _(view.fuente),
			"label": _("Fuente de los costos"),
			"datatype": "Data",
			"indicator": "Blue",
		},
	]
