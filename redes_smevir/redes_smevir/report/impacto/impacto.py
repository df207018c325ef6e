# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Impacto: difference in differences of gross sales, member firms vs the comparison group."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.domain import evaluation as ev
from redes_smevir.services import comparison, evaluation
from redes_smevir.services.report_guards import script_report


@script_report
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.get("periodo"):
		return columns(), [], _("Elija un periodo."), None, []
	result = comparison.impact(filters.periodo, conglomerado=filters.get("conglomerado") or None)
	if result.periodo_base is None:
		return (
			columns(),
			[],
			_("El periodo {0} no tiene una línea de base con qué comparar.").format(result.periodo),
			None,
			[],
		)
	return columns(), rows(result), message(result), None, summary(result)


def columns() -> list[dict]:
	cur = {"fieldtype": "Currency", "width": 150}
	return [
		{"fieldname": "conglomerado", "label": _("Conglomerado"), "fieldtype": "Data", "width": 130},
		{"fieldname": "n_miembros", "label": _("Empresas miembro"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "n_comparacion",
			"label": _("Empresas de comparación"),
			"fieldtype": "Int",
			"width": 110,
		},
		{"fieldname": "cambio_miembros", "label": _("Cambio promedio de ventas: miembros"), **cur},
		{"fieldname": "cambio_comparacion", "label": _("Cambio promedio de ventas: comparación"), **cur},
		{"fieldname": "estimado", "label": _("Diferencia en diferencias (por empresa)"), **cur},
		{
			"fieldname": "estimado_pct",
			"label": _("Efecto (% de las ventas de base)"),
			"fieldtype": "Percent",
			"width": 110,
		},
		{"fieldname": "ic_95", "label": _("IC 95 % del efecto"), "fieldtype": "Data", "width": 200},
		{"fieldname": "nota", "label": _("Observaciones"), "fieldtype": "Data", "width": 420},
	]


def rows(result: comparison.Impact) -> list[dict]:
	out = []
	for r in result.rows:
		d = r.did
		out.append(
			{
				"conglomerado": r.conglomerado or _("Total"),
				"bold": int(r.conglomerado is None),
				"n_miembros": d.n_miembros,
				"n_comparacion": d.n_comparacion,
				"cambio_miembros": d.cambio_miembros,
				"cambio_comparacion": d.cambio_comparacion,
				"estimado": d.estimado,
				"estimado_pct": d.estimado_pct,
				"ic_inferior": d.ic_inferior,
				"ic_superior": d.ic_superior,
				"error_estandar": d.error_estandar,
				"ic_95": evaluation.interval_text(d.ic_inferior, d.ic_superior),
				"nota": comparison.problem_text(d) or significance_text(d),
			}
		)
	return out


def significance_text(d: ev.DiD) -> str:
	if d.ic_inferior is None:
		return ""
	if d.ic_inferior > 0:
		return _(
			"El intervalo está por encima de cero: las ventas de los miembros crecieron más que las del grupo de comparación."
		)
	if d.ic_superior < 0:
		return _(
			"El intervalo está por debajo de cero: las ventas de los miembros crecieron menos que las del grupo de comparación."
		)
	return _("El intervalo incluye el cero: con estos datos no se distingue un efecto del proyecto.")


def message(result: comparison.Impact) -> str:
	return _(
		"Cambio de las ventas brutas de cada empresa entre {0} y {1}: el promedio de las empresas miembro "
		"(fichas aprobadas en ambos periodos) menos el promedio del grupo de comparación (fichas de comparación "
		"en ambos periodos). El intervalo de confianza de 95 % remuestrea empresas dentro de cada grupo "
		"(bootstrap, {2} repeticiones, semilla fija)."
	).format(result.periodo_base, result.periodo, ev.RESAMPLES)


def summary(result: comparison.Impact) -> list[dict]:
	head = next((r for r in result.rows if r.conglomerado is None), result.rows[0] if result.rows else None)
	if head is None:
		return []
	d = head.did
	return [
		{
			"value": d.n_miembros,
			"label": _("Empresas miembro comparadas"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": d.n_comparacion,
			"label": _("Empresas de comparación"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": d.estimado if d.estimado is not None else _("Sin estimación"),
			"label": _("Diferencia en diferencias ({0})").format(head.conglomerado or _("total")),
			"datatype": "Currency" if d.estimado is not None else "Data",
			"indicator": "Green" if d.estimado is not None else "Orange",
		},
		{
			"value": evaluation.interval_text(d.ic_inferior, d.ic_superior) or "—",
			"label": _("IC 95 %"),
			"datatype": "Data",
			"indicator": "Blue",
		},
	]
