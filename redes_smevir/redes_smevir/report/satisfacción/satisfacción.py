# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Satisfacción: the satisfaction survey of member firms aggregated per network and conglomerado."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.services import satisfaction
from redes_smevir.services.report_guards import script_report

SERVICE_LABELS = {
	"servicio_capacitacion": "Recibieron capacitación (%)",
	"servicio_asistencia_tecnica": "Recibieron asistencia técnica (%)",
	"servicio_promocion_comercial": "Participaron en promoción comercial (%)",
	"servicio_acompanamiento": "Recibieron acompañamiento del gerente (%)",
}


@script_report
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.get("periodo"):
		return columns(), [], _("Elija un periodo."), None, []
	data = satisfaction.satisfaction(
		filters.periodo, conglomerado=filters.get("conglomerado") or None, red=filters.get("red") or None
	)
	return columns(), rows(data), message(), None, summary(data)


def columns() -> list[dict]:
	pct = {"fieldtype": "Percent", "width": 120}
	return [
		{"fieldname": "conglomerado", "label": _("Conglomerado"), "fieldtype": "Data", "width": 120},
		{"fieldname": "red", "label": _("Red"), "fieldtype": "Data", "width": 200},
		{"fieldname": "respuestas", "label": _("Respuestas"), "fieldtype": "Int", "width": 90},
		*({"fieldname": f, "label": _(label), **pct} for f, label in SERVICE_LABELS.items()),
		{
			"fieldname": "utilidad",
			"label": _("Utilidad media (1–5)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 100,
		},
		{
			"fieldname": "satisfaccion",
			"label": _("Satisfacción media (1–5)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		},
		{"fieldname": "expectativas_si", "label": _("Expectativas cubiertas (%)"), **pct},
		{"fieldname": "expectativas_en_parte", "label": _("Cubiertas en parte (%)"), **pct},
		{"fieldname": "incremento_ingresos", "label": _("Incrementaron sus ingresos (%)"), **pct},
		{"fieldname": "nota", "label": _("Observaciones"), "fieldtype": "Data", "width": 320},
	]


def rows(data: list[satisfaction.SatisfactionRow]) -> list[dict]:
	out = []
	for r in data:
		row = {
			"conglomerado": r.conglomerado or _("sin conglomerado"),
			"red": r.red or _("Total del conglomerado"),
			"bold": int(r.red is None),
			"indent": 1 if r.red else 0,
			"nota": r.nota,
		}
		a = r.agg
		if a is not None:
			row.update(
				respuestas=a.respuestas,
				utilidad=a.utilidad,
				satisfaccion=a.satisfaccion,
				expectativas_si=a.expectativas_si,
				expectativas_en_parte=a.expectativas_en_parte,
				incremento_ingresos=a.incremento_ingresos,
				**a.servicios,
			)
		out.append(row)
	return out


def message() -> str:
	return _(
		"Solo fichas de Satisfacción aprobadas. Cada red ve sus propias respuestas agregadas; el total del "
		"conglomerado se muestra a quien no ve todas sus redes solo si hay al menos {0} respuestas de las demás "
		"redes. Las respuestas abiertas (aspectos positivos, logros, sugerencias) se leen en cada ficha."
	).format(satisfaction.MIN_OTHERS)


def summary(data: list[satisfaction.SatisfactionRow]) -> list[dict]:
	totals = [r.agg for r in data if r.red is None and r.agg]
	n = sum(a.respuestas for a in totals)
	return [
		{
			"value": n,
			"label": _("Respuestas (total de los conglomerados)"),
			"datatype": "Int",
			"indicator": "Blue",
		}
	]
