# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Marco Lógico: every indicator × period × conglomerado with baseline, value, meta and achievement."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.domain import indicators as rules
from redes_smevir.services import marco_logico
from redes_smevir.services.report_guards import script_report

LIGHT_COLORS = {
	rules.VERDE: "green",
	rules.AMARILLO: "orange",
	rules.ROJO: "red",
	rules.SIN_DATO: "gray",
	rules.SIN_META: "gray",
}


@script_report
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	ml = compute(filters)
	return columns(), rows(ml), message(ml), chart(ml), summary(ml)


def parse_periodos(value) -> list[str]:
	if not value:
		return []
	if isinstance(value, str):
		value = frappe.parse_json(value) if value.startswith("[") else [v.strip() for v in value.split(",")]
	return [v for v in value if v]


def compute(filters: dict) -> marco_logico.MarcoLogico:
	return marco_logico.marco_logico(
		periodos=parse_periodos(filters.get("periodo")),
		conglomerado=filters.get("conglomerado") or None,
		red=filters.get("red") or None,
		incluir_enviadas=bool(int(filters.get("incluir_enviadas") or 0)),
	)


def columns() -> list[dict]:
	return [
		{"fieldname": "indicador", "label": _("Indicador"), "fieldtype": "Data", "width": 360},
		{
			"fieldname": "codigo",
			"label": _("Código"),
			"fieldtype": "Link",
			"options": "Indicador",
			"width": 90,
		},
		{"fieldname": "nivel_marco", "label": _("Nivel"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "periodo",
			"label": _("Periodo"),
			"fieldtype": "Link",
			"options": "Periodo",
			"width": 160,
		},
		{"fieldname": "conglomerado", "label": _("Conglomerado"), "fieldtype": "Data", "width": 120},
		{"fieldname": "unidad", "label": _("Unidad"), "fieldtype": "Data", "width": 70},
		{
			"fieldname": "base",
			"label": _("Línea de base"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		},
		{"fieldname": "valor", "label": _("Valor"), "fieldtype": "Float", "precision": 2, "width": 110},
		{"fieldname": "meta", "label": _("Meta"), "fieldtype": "Float", "precision": 2, "width": 90},
		{"fieldname": "logro", "label": _("% de logro"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "semaforo", "label": _("Semáforo"), "fieldtype": "Data", "width": 90},
		{"fieldname": "fichas", "label": _("Fichas"), "fieldtype": "Int", "width": 70},
		{"fieldname": "nota", "label": _("Observaciones"), "fieldtype": "Data", "width": 300},
	]


def conglomerado_label(value: str | None) -> str:
	return value if value else _("Total")


def rows(ml: marco_logico.MarcoLogico) -> list[dict]:
	out = []
	for r in ml.rows:
		ind = r.indicador
		out.append(
			{
				"indicador": f"{ind.codigo} · {_(ind.nombre)}",
				"codigo": ind.codigo,
				"nivel_marco": _(ind.nivel_marco),
				"periodo": r.periodo,
				"conglomerado": conglomerado_label(r.conglomerado),
				"es_total": int(r.conglomerado is None),
				"unidad": ind.unidad,
				"base": r.base,
				"valor": r.valor,
				"meta": r.meta,
				"logro": r.logro,
				"semaforo": _(r.semaforo),
				"color": LIGHT_COLORS.get(r.semaforo, "gray"),
				"fichas": r.fichas,
				"nota": r.nota,
			}
		)
	return out


def message(ml: marco_logico.MarcoLogico) -> str | None:
	if ml.incluir_enviadas:
		return _(
			"Vista previa: los valores incluyen fichas enviadas que aún no han sido aprobadas; "
			"no son cifras oficiales."
		)
	return None


def _headline_rows(ml: marco_logico.MarcoLogico) -> list[marco_logico.IndicatorValue]:
	"""Rows of the latest period for the total (or the only conglomerado in view)."""
	if not ml.rows:
		return []
	last = ml.periodos[-1] if ml.periodos else ml.rows[-1].periodo
	rows = [r for r in ml.rows if r.periodo == last]
	totals = [r for r in rows if r.conglomerado is None]
	if totals:
		return totals
	first = ml.conglomerados[0] if ml.conglomerados else None
	return [r for r in rows if r.conglomerado == first]


def chart(ml: marco_logico.MarcoLogico) -> dict | None:
	rows = [r for r in _headline_rows(ml) if r.logro is not None]
	if not rows:
		return None
	return {
		"data": {
			"labels": [r.indicador.codigo for r in rows],
			"datasets": [{"name": _("% de logro"), "values": [round(min(r.logro, 300), 1) for r in rows]}],
		},
		"type": "bar",
		"colors": ["#5e64ff"],
		"barOptions": {"spaceRatio": 0.4},
		"title": _("Logro de metas — {0}").format(rows[0].periodo),
	}


def summary(ml: marco_logico.MarcoLogico) -> list[dict]:
	head = _headline_rows(ml)
	count = {k: sum(1 for r in head if r.semaforo == k) for k in LIGHT_COLORS}
	out = [
		{"value": len({r.indicador.codigo for r in ml.rows}), "label": _("Indicadores"), "datatype": "Int"},
		{
			"value": count[rules.VERDE],
			"label": _("Metas alcanzadas"),
			"indicator": "Green",
			"datatype": "Int",
		},
		{
			"value": count[rules.AMARILLO],
			"label": _("Cerca de la meta"),
			"indicator": "Orange",
			"datatype": "Int",
		},
		{"value": count[rules.ROJO], "label": _("Lejos de la meta"), "indicator": "Red", "datatype": "Int"},
		{"value": ml.fichas, "label": _("Fichas consideradas"), "datatype": "Int"},
		{
			"value": _("Aprobadas y enviadas (vista previa)") if ml.incluir_enviadas else _("Solo aprobadas"),
			"label": _("Fichas que cuentan"),
			"datatype": "Data",
			"indicator": "Orange" if ml.incluir_enviadas else "Blue",
		},
	]
	return out
