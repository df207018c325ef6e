"""The Marco Lógico engine: every active indicator × period × conglomerado in the user's scope.

Computation is designed for large sites: formulas whose meaning SQL reproduces exactly are
computed by grouped queries (``services.indicators_sql.SqlSource``); the others read the columns
they need for every ficha of the selected periods (and their baselines) through
``frappe.get_list`` so the user's scope applies, and are evaluated in Python per period and
conglomerado.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate

from redes_smevir.domain import formula as fl
from redes_smevir.domain import indicators as rules
from redes_smevir.services.ficha_rows import fetch_fichas
from redes_smevir.services.indicator_defs import IndicatorDef, load_indicators
from redes_smevir.services.indicator_schema import compile_formula
from redes_smevir.services.indicators_sql import SqlSource
from redes_smevir.services.networks import SinceBaseline, mark_since_baseline, networks
from redes_smevir.services.periods import LINEA_DE_BASE, PeriodInfo, baseline_of, periods
from redes_smevir.services.report_guards import check_filter_scope

MEDICION_FINAL = "Medición Final"


@dataclass
class IndicatorValue:
	indicador: IndicatorDef
	periodo: str
	conglomerado: str | None  # None = all conglomerados in view
	base: float | None
	valor: float | None
	meta: float | None
	logro: float | None
	semaforo: str
	fichas: int
	nota: str = ""
	# PROMEDIO_GRUPOS(red, …): the value of each network behind the average (Result.group_values)
	valores_grupos: list[float] | None = None


@dataclass
class MarcoLogico:
	rows: list[IndicatorValue] = field(default_factory=list)
	periodos: list[str] = field(default_factory=list)
	conglomerados: list[str] = field(default_factory=list)
	incluir_enviadas: bool = False
	fichas: int = 0


def program_start(
	conglomerados: list[str], all_periods: dict[str, PeriodInfo]
) -> dict[str | None, date | None]:
	"""Programme start per conglomerado (its ``fecha_inicio``, else the first baseline); None: the earliest.

	The months of the "Meses desde el inicio" metas count from here (Marco Lógico, projections, costs).
	"""
	rows = frappe.get_all("Conglomerado", fields=["name", "fecha_inicio"])
	starts: dict[str | None, date | None] = {
		r.name: getdate(r.fecha_inicio) if r.fecha_inicio else None for r in rows
	}
	lb = [p.fecha_referencia for p in all_periods.values() if p.tipo == LINEA_DE_BASE and p.fecha_referencia]
	fallback = min(lb) if lb else None
	for c in list(starts):
		starts[c] = starts[c] or fallback
	known = [starts[c] for c in conglomerados if starts.get(c)]
	starts[None] = min(known) if known else fallback
	return starts


def _describe_exclusions(res: fl.Result, net_reasons: dict[str, str] | None = None) -> str:
	"""Excluded groups with their reason; a network kept out by FILTRAR(red_desde_base…) says why."""
	if not res.excluded_groups:
		return ""
	net_reasons = net_reasons or {}
	parts = [
		f"{label} ({_(net_reasons[label]) if reason == fl.REASON_EMPTY_FILTER and label in net_reasons else _(reason)})"
		for label, reason in res.excluded_groups[:10]
	]
	more = len(res.excluded_groups) - 10
	text = _("Excluidos: {0}").format(", ".join(parts))
	if more > 0:
		text += " " + _("y {0} más").format(more)
	return text


def marco_logico(
	periodos: list[str] | None = None,
	conglomerado: str | None = None,
	red: str | None = None,
	incluir_enviadas: bool = False,
	codigos: list[str] | None = None,
	user: str | None = None,
	pushdown: bool = True,
) -> MarcoLogico:
	"""Every active indicator × period × conglomerado (and the total) in the user's scope.

	Formulas whose meaning SQL reproduces exactly are computed by grouped queries (see
	domain.formula.pushdown); the others over the fichas' rows in Python. ``pushdown=False``
	forces the Python path for every formula (used by the tests that compare both).
	"""
	user = user or frappe.session.user
	check_filter_scope(conglomerado, red, user)
	all_periods = periods()
	chosen = [p for p in (periodos or []) if p in all_periods] or list(all_periods)
	chosen.sort(key=lambda p: all_periods[p].fecha_referencia or date.min)
	indicators = load_indicators(codigos)
	if red:  # Región fichas have no network
		indicators = [i for i in indicators if i.nivel_ficha != "Región"]
	result = MarcoLogico(periodos=chosen, incluir_enviadas=incluir_enviadas)
	base_of = {p: baseline_of(p, all_periods) for p in chosen}
	needed_periods = sorted(set(chosen) | {b for b in base_of.values() if b})
	levels = sorted({i.nivel_ficha for i in indicators if i.formula})
	since = SinceBaseline(networks, all_periods, base_of)
	sql = (
		SqlSource.build(
			indicators,
			levels,
			needed_periods,
			chosen,
			base_of,
			all_periods,
			since,
			incluir_enviadas,
			conglomerado,
			red,
			user,
		)
		if pushdown
		else None
	)

	# Rows for the formulas evaluated in Python: one query per ficha level, only the needed columns.
	fields_by_level: dict[str, set[str]] = defaultdict(set)
	for i in indicators:
		if i.formula and not (sql and i.codigo in sql.plans):
			fields_by_level[i.nivel_ficha] |= i.formula.fields
	rows = []
	for nivel, level_fields in sorted(fields_by_level.items()):
		rows += fetch_fichas([nivel], needed_periods, level_fields, incluir_enviadas, conglomerado, red, user)
	if any(
		"red_desde_base" in i.formula.fields
		for i in indicators
		if i.formula and not (sql and i.codigo in sql.plans)
	):
		for r in rows:
			r["red_desde_base"] = since.flag(r["red"], r["periodo"])

	by_key: dict[tuple, list[dict]] = defaultdict(list)
	for r in rows:
		if r["conglomerado"]:
			by_key[(r["nivel"], r["periodo"], r["conglomerado"])].append(r)
		by_key[(r["nivel"], r["periodo"], None)].append(r)

	visible = frappe.get_list(
		"Conglomerado", pluck="name", limit_page_length=0, user=user, order_by="name asc"
	)
	present = {r["conglomerado"] for r in rows if r["conglomerado"]} | (sql.conglomerados if sql else set())
	congls = [conglomerado] if conglomerado else sorted(set(visible) | present)
	result.conglomerados = congls
	chosen_set = set(chosen)
	result.fichas = sql.fichas(chosen_set) if sql else sum(1 for r in rows if r["periodo"] in chosen_set)
	scopes: list[str | None] = list(congls) + ([] if conglomerado or len(congls) < 2 else [None])
	starts = program_start(congls, all_periods)
	indexes: dict[tuple, dict] = {}
	base_values: dict[tuple, float | None] = {}

	def population(nivel: str, p: str, c: str | None) -> int:
		if sql:
			return sql.population(nivel, p, c)
		return len(by_key.get((nivel, p, c), []))

	def evaluate(ind: IndicatorDef, p: str, c: str | None) -> fl.Result:
		if sql and ind.codigo in sql.plans:
			return sql.evaluate(ind, p, c)
		subject = rules.SUBJECT_KEY[ind.nivel_ficha]
		index = None
		base_p = base_of[p]
		if ind.formula.uses_baseline and base_p:
			ikey = (ind.nivel_ficha, base_p, subject)
			if ikey not in indexes:
				indexes[ikey] = fl.index_baseline(by_key.get((ind.nivel_ficha, base_p, None), []), subject)
			index = indexes[ikey]
		population = by_key.get((ind.nivel_ficha, p, c), [])
		return ind.formula.evaluate(population, subject_key=subject, baseline_index=index or {})

	def evaluate_base(ind: IndicatorDef, base_p: str, c: str | None) -> float | None:
		if sql and ind.codigo in sql.plans:
			return sql.evaluate(ind, base_p, c, as_baseline=True).value
		base_rows = by_key.get((ind.nivel_ficha, base_p, c), [])
		return ind.formula.evaluate(base_rows, subject_key=rules.SUBJECT_KEY[ind.nivel_ficha]).value

	for p in chosen:
		info = all_periods[p]
		base_p = base_of[p]
		is_final = info.tipo == MEDICION_FINAL
		for c in scopes:
			start = starts.get(c)
			months = (
				rules.months_between(start, info.fecha_referencia)
				if start and info.fecha_referencia
				else None
			)
			for ind in indicators:
				meta = rules.pick_meta(ind.metas, p, c, months, is_final)
				meta_value = meta.valor_meta if meta else None
				if ind.formula is None:
					result.rows.append(
						IndicatorValue(
							ind, p, c, None, None, meta_value, None, rules.SIN_DATO, 0, ind.error or ""
						)
					)
					continue
				if ind.formula.uses_baseline and info.tipo == LINEA_DE_BASE:
					result.rows.append(
						IndicatorValue(
							ind,
							p,
							c,
							None,
							None,
							meta_value,
							None,
							rules.traffic_light(None, meta is not None),
							population(ind.nivel_ficha, p, c),
							_("No aplica: es el periodo de línea de base"),
						)
					)
					continue
				res = evaluate(ind, p, c)
				base_value = None
				if ind.regla_base == rules.BASE_LB and base_p:
					bkey = (ind.codigo, base_p, c)
					if bkey not in base_values:
						base_values[bkey] = evaluate_base(ind, base_p, c)
					base_value = base_values[bkey]
				base_value = rules.baseline_value(ind.regla_base, base_value)
				logro = rules.achievement(res.value, meta_value)
				nota = (res.null_reason or "") if res.value is None else ""
				excl = _describe_exclusions(res, since.reasons.get(p))
				nota = "; ".join(x for x in (nota, excl) if x)
				result.rows.append(
					IndicatorValue(
						ind,
						p,
						c,
						base_value,
						res.value,
						meta_value,
						logro,
						rules.traffic_light(logro, meta is not None),
						res.population,
						nota,
						res.group_values,
					)
				)
	return result


def evaluate_one(text: str, nivel: str, periodo: str, user: str | None = None) -> fl.Result:
	"""Evaluate a formula over the approved fichas of ``periodo`` in the user's view (form preview)."""
	compiled = compile_formula(text, nivel)
	all_periods = periods()
	base = baseline_of(periodo, all_periods)
	rows = fetch_fichas([nivel], [p for p in (periodo, base) if p], compiled.fields, user=user)
	if "red_desde_base" in compiled.fields:
		mark_since_baseline(rows, networks(), all_periods, {periodo: base})
	subject = rules.SUBJECT_KEY[nivel]
	return compiled.evaluate(
		[r for r in rows if r["periodo"] == periodo],
		[r for r in rows if r["periodo"] == base],
		subject_key=subject,
	)
