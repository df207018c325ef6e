"""Evaluation figures over the database: uncertainty of averages and projection to the metas.

- ``sales_uncertainty``: median, IQR, bootstrap 95 % CI of the average and share of networks that
  reach the meta, for the networks behind each average of "Incremento de Ventas por Red".
- ``marco_logico_extras``: the same spread for every Marco Lógico indicator that averages groups
  (``PROMEDIO_GRUPOS(red, …)``), and the projection of every indicator with metas at 6, 12, 18…
  months ("En camino" / "En riesgo" before the horizon, "Meta alcanzada" / "no alcanzada" after).
- ``indicators_at_risk``: the indicators "En riesgo" at the latest measured period (workspace card).

Everything is computed for ``user`` with the same scoped reads as the reports (``sales_view``,
``marco_logico``), so a Gerente's figures only use their networks.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe import _

from redes_smevir.domain import evaluation as ev
from redes_smevir.domain import indicators as rules
from redes_smevir.services import indicator_defs, marco_logico
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


# --------------------------------------------------------------------------- spread of an average

BOOTSTRAP_CACHE_TTL = 7 * 24 * 3600
BOOTSTRAP_CACHE_MIN = 50  # fewer values: the interval costs less than asking Redis


def remembered_interval(
	values: list[float], level: float, resamples: int, seed: int
) -> tuple[float, float] | None:
	"""``ev.bootstrap_mean_ci``, remembered in Redis per set of values.

	The interval depends only on the sorted values and the three parameters (fixed seed), so a
	remembered one is exactly the one that would be computed. It costs ~0.5 s for 2,000 networks
	(2,000 resamples in pure Python); with the Marco Lógico showing five periods × five scopes,
	computing all of them on every opening took 4 s at 131k fichas. Only the sets whose values
	changed (a new approval in the open period) are computed again.
	"""
	data = sorted(values)
	if len(data) < BOOTSTRAP_CACHE_MIN:
		return ev.bootstrap_mean_ci(data, level, resamples, seed)
	digest = hashlib.sha1(repr((level, resamples, seed, data)).encode()).hexdigest()
	key = f"smevir:bootstrap:{digest}"
	hit = frappe.cache.get_value(key, expires=True)  # expires=True: not pinned in frappe.local.cache
	if hit is not None:
		return tuple(hit) if hit else None
	ci = ev.bootstrap_mean_ci(data, level, resamples, seed)
	frappe.cache.set_value(key, list(ci) if ci else [], expires_in_sec=BOOTSTRAP_CACHE_TTL)
	return ci


def describe(values: list[float], meta: float | None) -> ev.Summary:
	"""``ev.describe`` with the remembered bootstrap interval (every report's spread goes here)."""
	return ev.describe(values, meta, bootstrap=remembered_interval)


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
		out[congl] = describe(values, sales_meta(view.periodo, congl or None))
	out[None] = describe([n.incremento for n in included], sales_meta(view.periodo, None))
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


def history_periods(periodos: list[str]) -> list[str]:
	"""Every period up to the latest of ``periodos`` (the points of the projections), by date."""
	all_periods = period_info.periods()
	latest = max(
		(
			all_periods[p].fecha_referencia
			for p in periodos
			if p in all_periods and all_periods[p].fecha_referencia
		),
		default=None,
	)
	if latest is None:
		return list(periodos)
	return [p for p, info in all_periods.items() if info.fecha_referencia and info.fecha_referencia <= latest]


def is_projected(ind: indicator_defs.IndicatorDef) -> bool:
	"""An indicator with metas at 6, 12, 18… months is projected to them ("En camino" / "En riesgo")."""
	return any(m.horizonte_tipo == rules.H_MESES and m.meses for m in ind.metas)


def projected_codes(ml: marco_logico.MarcoLogico) -> list[str]:
	"""The projected indicators of ``ml``."""
	return sorted({r.indicador.codigo for r in ml.rows if is_projected(r.indicador)})


def _history(
	ml: marco_logico.MarcoLogico, user: str, conglomerado: str | None, red: str | None
) -> marco_logico.MarcoLogico:
	"""The Marco Lógico of every period up to the latest one shown, for the projected indicators."""
	wanted = history_periods(ml.periodos)
	codes = projected_codes(ml)
	if set(wanted) <= set(ml.periodos) or not codes:
		return ml
	return marco_logico.marco_logico(
		periodos=wanted,
		conglomerado=conglomerado,
		red=red,
		incluir_enviadas=ml.incluir_enviadas,
		codigos=codes,
		user=user,
	)


def marco_logico_extras(
	ml: marco_logico.MarcoLogico,
	conglomerado: str | None = None,
	red: str | None = None,
	user: str | None = None,
	dispersion: bool = True,
) -> dict[tuple[str, str, str | None], RowExtras]:
	"""Dispersion (unless not ``dispersion``) and projection for each (codigo, periodo, conglomerado)
	row of ``ml``."""
	user = user or frappe.session.user
	out: dict[tuple[str, str, str | None], RowExtras] = {}
	if not ml.rows:
		return out
	averaged = {
		r.indicador.codigo
		for r in ml.rows
		if r.indicador.formula and ev.averaged_groups_key(r.indicador.formula.tree)
	}
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
		# the networks behind an average, exactly as the indicator's rule counted them
		if dispersion and ind.codigo in averaged and r.valores_grupos is not None:
			extras.dispersion = describe(r.valores_grupos, r.meta)
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
	# One Marco Lógico over the projection's history, only for the indicators that are projected
	codes = [i.codigo for i in indicator_defs.load_indicators() if is_projected(i)]
	if not codes:
		return periodo, []
	ml = marco_logico.marco_logico(periodos=history_periods([periodo]), codigos=codes, user=user)
	extras = marco_logico_extras(ml, user=user, dispersion=False)
	rows = [r for r in ml.rows if r.periodo == periodo]
	has_total = any(r.conglomerado is None for r in rows)
	out = []
	for r in rows:
		if has_total and r.conglomerado is not None:
			continue
		p = extras.get((r.indicador.codigo, r.periodo, r.conglomerado))
		if p and p.proyeccion and p.proyeccion.estado == ev.EN_RIESGO:
			out.append((r.indicador.codigo, r.conglomerado, p.proyeccion))
	return periodo, out
