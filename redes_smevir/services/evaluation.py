"""Evaluation figures over the database: uncertainty of averages and projection to the metas.

- ``sales_uncertainty``: median, IQR, bootstrap 95 % CI of the average and share of networks that
  reach the meta, for the networks behind each average of "Incremento de Ventas por Red".
- ``marco_logico_extras``: the same spread for every Marco Lógico indicator that averages groups
  (``PROMEDIO_GRUPOS(red, …)``), and the projection of every indicator with metas at 6, 12, 18…
  months ("En camino" / "En riesgo" before the horizon, "Meta alcanzada" / "no alcanzada" after).
- ``indicators_at_risk``: the indicators "En riesgo" at the latest measured period (workspace card).

Everything is computed for ``user`` with the same scoped reads as the reports (``fetch_fichas``,
``marco_logico``), so a Gerente's figures only use their networks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe import _

from redes_smevir.domain import evaluation as ev
from redes_smevir.domain import formula as fl
from redes_smevir.domain import indicators as rules
from redes_smevir.services import ficha_rows, indicator_defs, marco_logico, networks
from redes_smevir.services import periods as period_info

SALES_INDICATOR = "PROP-01"  # the indicator whose meta the sales report compares networks with

ESTADO_LABELS = {
	ev.EN_CAMINO: "En camino",
	ev.EN_RIESGO: "En riesgo",
	ev.ALCANZADA: "Meta alcanzada",
	ev.NO_ALCANZADA: "Meta no alcanzada",
	ev.SIN_DATOS: "Sin datos",
}


def estado_label(estado: str | None) -> str:
	return _(ESTADO_LABELS[estado]) if estado in ESTADO_LABELS else ""


def interval_text(lo: float | None, hi: float | None, decimals: int = 2) -> str:
	"""«39,62 – 84,86» in the user's number format; "" without an interval."""
	if lo is None or hi is None:
		return ""
	fmt = frappe.utils.fmt_money
	return f"{fmt(lo, decimals)} – {fmt(hi, decimals)}"


# --------------------------------------------------------------------------- sales increase


def sales_meta(periodo: str, conglomerado: str | None) -> float | None:
	"""The meta of the sales indicator for this period and conglomerado (None without one)."""
	if not frappe.db.exists("Indicador", SALES_INDICATOR):
		return None
	defs = indicator_defs.load_indicators([SALES_INDICATOR])
	if not defs:
		return None
	all_periods = period_info.periods()
	info = all_periods.get(periodo)
	if not info:
		return None
	starts = marco_logico.program_start([conglomerado] if conglomerado else [], all_periods)
	start = starts.get(conglomerado)
	months = rules.months_between(start, info.fecha_referencia) if start and info.fecha_referencia else None
	meta = rules.pick_meta(defs[0].metas, periodo, conglomerado, months, info.tipo == "Medición Final")
	return meta.valor_meta if meta else None


def sales_uncertainty(view) -> dict[str | None, ev.Summary]:
	"""Spread of the networks in each average of a ``reports.SalesView``: conglomerado ("" = none) and
	None for the general average. Only the networks that enter the average count."""
	res = view.result
	out: dict[str | None, ev.Summary] = {}
	if res is None:
		return out
	included = [n for n in res.redes if n.en_promedio]
	for congl in res.promedio_conglomerado:
		values = [n.incremento for n in included if (n.conglomerado or "") == congl]
		out[congl] = ev.describe(values, sales_meta(view.periodo, congl or None))
	out[None] = ev.describe([n.incremento for n in included], sales_meta(view.periodo, None))
	return out


# --------------------------------------------------------------------------- Marco Lógico


@dataclass
class RowExtras:
	"""What the Marco Lógico shows beside a row's value."""

	dispersion: ev.Summary | None = None
	metas_horizonte: list[tuple[int, float]] | None = None  # (months, meta)
	proyeccion: ev.Projection | None = None


def _month_metas(ind: indicator_defs.IndicatorDef, conglomerado: str | None) -> list[tuple[int, float]]:
	"""The indicator's "Meses desde el inicio" metas for this conglomerado (its own, else the overall)."""
	own = [m for m in ind.metas if (m.conglomerado or None) == (conglomerado or None)]
	if conglomerado and not own:
		own = [m for m in ind.metas if not m.conglomerado]
	return sorted(
		(int(m.meses), float(m.valor_meta)) for m in own if m.horizonte_tipo == rules.H_MESES and m.meses
	)


def _group_values(
	ml: marco_logico.MarcoLogico,
	user: str,
	conglomerado: str | None,
	red: str | None,
) -> dict[tuple[str, str, str | None], list[float]]:
	"""(codigo, periodo, conglomerado or None) -> value of each group averaged by the indicator.

	Evaluating the whole formula over one group's rows gives that group's value, so the spread uses
	exactly the rule of the indicator (FILTRAR, CON_BASE, exclusions included).
	"""
	defs = {r.indicador.codigo: r.indicador for r in ml.rows if r.indicador.formula}
	keyed = {c: (d, ev.averaged_groups_key(d.formula.tree)) for c, d in defs.items()}
	keyed = {c: v for c, v in keyed.items() if v[1]}
	out: dict[tuple[str, str, str | None], list[float]] = {}
	if not keyed:
		return out
	all_periods = period_info.periods()
	base_of = {p: period_info.baseline_of(p, all_periods) for p in ml.periodos}
	needed = sorted(set(ml.periodos) | {b for b in base_of.values() if b})
	for codigo, (ind, key) in keyed.items():
		rows = ficha_rows.fetch_fichas(
			[ind.nivel_ficha],
			needed,
			set(ind.formula.fields) | {key},
			ml.incluir_enviadas,
			conglomerado,
			red,
			user,
		)
		if "red_desde_base" in ind.formula.fields:
			networks.mark_since_baseline(rows, networks.networks(), all_periods, base_of)
		subject = rules.SUBJECT_KEY[ind.nivel_ficha]
		by_period: dict[str, list[dict]] = defaultdict(list)
		for r in rows:
			by_period[r["periodo"]].append(r)
		for p in ml.periodos:
			base_p = base_of.get(p)
			if ind.formula.uses_baseline and not base_p:
				continue
			index = fl.index_baseline(by_period.get(base_p, []), subject) if base_p else {}
			scopes = {r.conglomerado for r in ml.rows if r.indicador.codigo == codigo and r.periodo == p}
			for c in scopes:
				groups: dict = defaultdict(list)
				for r in by_period.get(p, []):
					if (c is None or r["conglomerado"] == c) and r.get(key) not in (None, ""):
						groups[r[key]].append(r)
				values = []
				for group_rows in groups.values():
					v = ind.formula.evaluate(group_rows, subject_key=subject, baseline_index=index).value
					if v is not None:
						values.append(v)
				out[(codigo, p, c)] = values
	return out


def _history(
	ml: marco_logico.MarcoLogico, user: str, conglomerado: str | None, red: str | None
) -> marco_logico.MarcoLogico:
	"""The Marco Lógico of every period up to the latest one shown (the points of the projections)."""
	all_periods = period_info.periods()
	latest = max(
		(all_periods[p].fecha_referencia for p in ml.periodos if all_periods[p].fecha_referencia),
		default=None,
	)
	if latest is None:
		return ml
	wanted = [
		p for p, info in all_periods.items() if info.fecha_referencia and info.fecha_referencia <= latest
	]
	if set(wanted) <= set(ml.periodos):
		return ml
	return marco_logico.marco_logico(
		periodos=wanted, conglomerado=conglomerado, red=red, incluir_enviadas=ml.incluir_enviadas, user=user
	)


def marco_logico_extras(
	ml: marco_logico.MarcoLogico,
	conglomerado: str | None = None,
	red: str | None = None,
	user: str | None = None,
) -> dict[tuple[str, str, str | None], RowExtras]:
	"""Dispersion and projection for each (codigo, periodo, conglomerado) row of ``ml``."""
	user = user or frappe.session.user
	out: dict[tuple[str, str, str | None], RowExtras] = {}
	if not ml.rows:
		return out
	groups = _group_values(ml, user, conglomerado, red)
	history = _history(ml, user, conglomerado, red)
	all_periods = period_info.periods()
	starts = marco_logico.program_start(list(history.conglomerados), all_periods)
	points: dict[tuple[str, str | None], list[tuple[object, float, float]]] = defaultdict(list)
	for r in history.rows:
		info = all_periods.get(r.periodo)
		start = starts.get(r.conglomerado)
		if r.valor is None or not r.fichas or not info or not info.fecha_referencia or not start:
			continue
		months = rules.months_between(start, info.fecha_referencia)
		points[(r.indicador.codigo, r.conglomerado)].append((info.fecha_referencia, months, r.valor))
	for r in ml.rows:
		ind = r.indicador
		extras = RowExtras()
		values = groups.get((ind.codigo, r.periodo, r.conglomerado))
		if values is not None:
			extras.dispersion = ev.describe(values, r.meta)
		metas = _month_metas(ind, r.conglomerado)
		info = all_periods.get(r.periodo)
		if metas and info and info.fecha_referencia:
			extras.metas_horizonte = metas
			pts = [
				(m, v)
				for when, m, v in points.get((ind.codigo, r.conglomerado), [])
				if when <= info.fecha_referencia
			]
			# Nothing measured yet: no projection (the zero baseline alone says nothing of the trend).
			if pts and ind.regla_base == rules.BASE_ZERO:
				pts.append((0, 0.0))
			extras.proyeccion = ev.next_projection(ev.project(pts, h, meta) for h, meta in metas)
		out[(ind.codigo, r.periodo, r.conglomerado)] = extras
	return out


def metas_text(metas: list[tuple[int, float]] | None) -> str:
	if not metas:
		return ""
	return " · ".join(
		_("{0} m: {1}").format(h, frappe.utils.fmt_money(v, 0 if float(v).is_integer() else 2))
		for h, v in metas
	)


def projection_text(p: ev.Projection | None) -> str:
	if p is None:
		return ""
	if p.proyectado is None:
		return estado_label(p.estado)
	value = frappe.utils.fmt_money(p.proyectado, 2)
	meta = frappe.utils.fmt_money(p.meta, 0 if float(p.meta).is_integer() else 2)
	if p.estado in (ev.EN_CAMINO, ev.EN_RIESGO):
		return _("{0}: {1} proyectado a los {2} meses (meta {3})").format(
			estado_label(p.estado), value, p.horizonte, meta
		)
	return _("{0} a los {1} meses: {2} (meta {3})").format(estado_label(p.estado), p.horizonte, value, meta)


# --------------------------------------------------------------------------- workspace card


def latest_measured_period(user: str | None = None) -> str | None:
	"""The latest non-baseline period with approved fichas the user may see."""
	for p in sorted(
		period_info.periods().values(),
		key=lambda i: i.fecha_referencia or frappe.utils.getdate("1900-01-01"),
		reverse=True,
	):
		if p.tipo == "Línea de Base":
			continue
		if frappe.get_list(
			"Ficha",
			filters={"periodo": p.name, "workflow_state": "Aprobada"},
			limit=1,
			pluck="name",
			user=user or frappe.session.user,
		):
			return p.name
	return None


def indicators_at_risk(
	user: str | None = None,
) -> tuple[str | None, list[tuple[str, str | None, ev.Projection]]]:
	"""(period, [(codigo, conglomerado, projection)]) of the rows "En riesgo" at the latest measured
	period, for the total (or each conglomerado the user sees when there is no total)."""
	user = user or frappe.session.user
	periodo = latest_measured_period(user)
	if not periodo:
		return None, []
	ml = marco_logico.marco_logico(periodos=[periodo], user=user)
	extras = marco_logico_extras(ml, user=user)
	has_total = any(r.conglomerado is None for r in ml.rows)
	out = []
	for r in ml.rows:
		if has_total and r.conglomerado is not None:
			continue
		p = extras.get((r.indicador.codigo, r.periodo, r.conglomerado))
		if p and p.proyeccion and p.proyeccion.estado == ev.EN_RIESGO:
			out.append((r.indicador.codigo, r.conglomerado, p.proyeccion))
	return periodo, out
