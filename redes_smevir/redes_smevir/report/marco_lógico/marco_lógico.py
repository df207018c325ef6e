# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Marco Lógico: every indicator × period × conglomerado with baseline, value, meta and achievement."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.domain import evaluation as ev
from redes_smevir.domain import indicators as rules
from redes_smevir.services import evaluation, marco_logico
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
	extras = evaluation.marco_logico_extras(
		ml, conglomerado=filters.get("conglomerado") or None, red=filters.get("red") or None
	)
	return columns(), rows(ml, extras), message(ml), chart(ml), summary(ml, extras)


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
	# What a reader compares comes first (value, goal, achievement, light): all of it fits at 1440 px.
	return [
		{"fieldname": "indicador", "label": _("Indicador"), "fieldtype": "Data", "width": 300},
		{"fieldname": "conglomerado", "label": _("Conglomerado"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "base",
			"label": _("Línea de base"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 100,
		},
		{"fieldname": "valor", "label": _("Valor"), "fieldtype": "Float", "precision": 2, "width": 90},
		{"fieldname": "meta", "label": _("Meta"), "fieldtype": "Float", "precision": 2, "width": 80},
		{"fieldname": "logro", "label": _("% de logro"), "fieldtype": "Percent", "precision": 2, "width": 95},
		{"fieldname": "semaforo", "label": _("Semáforo"), "fieldtype": "Data", "width": 110},
		{"fieldname": "unidad", "label": _("Unidad"), "fieldtype": "Data", "width": 75},
		{
			"fieldname": "periodo",
			"label": _("Periodo"),
			"fieldtype": "Link",
			"options": "Periodo",
			"width": 150,
		},
		{"fieldname": "fichas", "label": _("Fichas"), "fieldtype": "Int", "width": 70},
		*evaluation_columns(),
		{"fieldname": "nivel_marco", "label": _("Nivel"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "codigo",
			"label": _("Código"),
			"fieldtype": "Link",
			"options": "Indicador",
			"width": 90,
		},
		{"fieldname": "nota", "label": _("Observaciones"), "fieldtype": "Data", "width": 300},
	]


def evaluation_columns() -> list[dict]:
	"""Spread of the averaged units (indicators that average networks) and the projection to the metas."""
	return [
		{"fieldname": "mediana", "label": _("Mediana"), "fieldtype": "Float", "precision": 2, "width": 90},
		{"fieldname": "ric", "label": _("Rango intercuartil (Q1 – Q3)"), "fieldtype": "Data", "width": 150},
		{"fieldname": "ic_95", "label": _("IC 95 % del promedio"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "pct_alcanza_meta",
			"label": _("% de unidades que alcanzan la meta"),
			"fieldtype": "Percent",
			"width": 120,
		},
		{
			"fieldname": "metas_horizonte",
			"label": _("Metas a 6/12/18 meses"),
			"fieldtype": "Data",
			"width": 170,
		},
		{"fieldname": "proyeccion", "label": _("Proyección"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "proyeccion_detalle",
			"label": _("Detalle de la proyección"),
			"fieldtype": "Data",
			"width": 300,
		},
	]


def conglomerado_label(value: str | None) -> str:
	return value if value else _("Total")


def evaluation_values(extra: evaluation.RowExtras | None) -> dict:
	if extra is None:
		return {}
	out: dict = {}
	d = extra.dispersion
	if d is not None and d.n:
		out["mediana"] = d.mediana
		out["ric"] = evaluation.interval_text(d.q1, d.q3)
		out["ic_95"] = evaluation.interval_text(d.ic_inferior, d.ic_superior) or _("(menos de 3 unidades)")
		out["pct_alcanza_meta"] = d.pct_alcanza_meta
		out["unidades"] = d.n
		out.update(q1=d.q1, q3=d.q3, ic_inferior=d.ic_inferior, ic_superior=d.ic_superior)
	out["metas_horizonte"] = evaluation.metas_text(extra.metas_horizonte)
	if extra.proyeccion is not None:
		out["proyeccion"] = evaluation.estado_label(extra.proyeccion.estado)
		out["proyeccion_estado"] = extra.proyeccion.estado
		out["proyeccion_detalle"] = evaluation.projection_text(extra.proyeccion)
		out["valor_proyectado"] = extra.proyeccion.proyectado
	return out


def rows(ml: marco_logico.MarcoLogico, extras: dict | None = None) -> list[dict]:
	out = []
	extras = extras or {}
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
				**evaluation_values(extras.get((ind.codigo, r.periodo, r.conglomerado))),
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
	"""Rows of the latest period with values, for the total (or the only conglomerado in view)."""
	if not ml.rows:
		return []
	order = ml.periodos or list(dict.fromkeys(r.periodo for r in ml.rows))
	with_values = [p for p in order if any(r.periodo == p and r.valor is not None for r in ml.rows)]
	last = (with_values or order)[-1]
	rows = [r for r in ml.rows if r.periodo == last]
	totals = [r for r in rows if r.conglomerado is None]
	if totals:
		return totals
	first = ml.conglomerados[0] if ml.conglomerados else None
	return [r for r in rows if r.conglomerado == first]


LIGHT_HEX = {"green": "#29cd42", "orange": "#ffa00a", "red": "#e24c4c", "gray": "#98a1a9"}


def chart(ml: marco_logico.MarcoLogico) -> dict | None:
	"""% of goal per indicator, one colour per traffic light (stacked datasets), never clipped."""
	rows = [r for r in _headline_rows(ml) if r.logro is not None]
	if not rows:
		return None
	lights = [k for k in LIGHT_COLORS if any(r.semaforo == k for r in rows)]
	return {
		"data": {
			"labels": [r.indicador.codigo for r in rows],
			"datasets": [
				{"name": _(k), "values": [round(r.logro, 1) if r.semaforo == k else 0 for r in rows]}
				for k in lights
			],
		},
		"type": "bar",
		"colors": [LIGHT_HEX[LIGHT_COLORS[k]] for k in lights],
		"barOptions": {"spaceRatio": 0.4, "stacked": 1},
		"fieldtype": "Percent",
		"title": _("Logro de metas — {0}").format(rows[0].periodo),
	}


def summary(ml: marco_logico.MarcoLogico, extras: dict | None = None) -> list[dict]:
	head = _headline_rows(ml)
	count = {k: sum(1 for r in head if r.semaforo == k) for k in LIGHT_COLORS}
	out = [
		{"value": head[0].periodo if head else "—", "label": _("Periodo"), "datatype": "Data"},
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
		*evaluation_summary(head, extras or {}),
		{"value": ml.fichas, "label": _("Fichas consideradas"), "datatype": "Int"},
		{
			"value": _("Aprobadas y enviadas (vista previa)") if ml.incluir_enviadas else _("Solo aprobadas"),
			"label": _("Fichas que cuentan"),
			"datatype": "Data",
			"indicator": "Orange" if ml.incluir_enviadas else "Blue",
		},
	]
	return out


def evaluation_summary(head: list[marco_logico.IndicatorValue], extras: dict) -> list[dict]:
	"""Projection counts of the headline rows and the interval of each average over networks."""
	found = [extras.get((r.indicador.codigo, r.periodo, r.conglomerado)) for r in head]
	states = [e.proyeccion.estado for e in found if e and e.proyeccion]
	out = [
		{
			"value": states.count(ev.EN_RIESGO),
			"label": _("Indicadores en riesgo"),
			"indicator": "Red",
			"datatype": "Int",
		},
		{
			"value": states.count(ev.EN_CAMINO),
			"label": _("Indicadores en camino"),
			"indicator": "Green",
			"datatype": "Int",
		},
	]
	for r, e in zip(head, found, strict=True):
		d = e.dispersion if e else None
		if d is not None and d.ic_inferior is not None:
			out.append(
				{
					"value": evaluation.interval_text(d.ic_inferior, d.ic_superior),
					"label": _("{0}: IC 95 % del promedio ({1} unidades)").format(r.indicador.codigo, d.n),
					"datatype": "Data",
					"indicator": "Blue",
				}
			)
	return out
