"""Indicators over the database: formula schema per ficha level, validation, and the Marco Lógico.

Computation is designed for large sites: one query fetches the columns the active indicators need
for every ficha of the selected periods (and their baselines), through ``frappe.get_list`` so the
user's scope applies; the compiled formulas are then evaluated in Python per period and
conglomerado.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate

from redes_smevir.domain import formula as fl
from redes_smevir.domain.formula import pushdown as fp
from redes_smevir.domain import indicators as rules
from redes_smevir.domain import sales as sales_rules
from redes_smevir.services import indicators_sql

APROBADA, ENVIADA = "Aprobada", "Enviada"
# Ficha columns that identify a ficha or its workflow; never offered as formula variables.
NON_VARIABLES = {
	"nivel",
	"periodo",
	"empresa",
	"razon_social",
	"red",
	"conglomerado",
	"titulo",
	"workflow_state",
	"observaciones",
	"motivo_observacion",
	"amended_from",
}
# Values the service adds to every row (not stored in Ficha): name -> formula type.
VIRTUAL_FIELDS = {
	"Empresa": {"empresa": fl.TEXT, "red_desde_base": fl.CHECK},
	"Red": {"red_desde_base": fl.CHECK},
	"Región": {},
}
KEY_COLUMNS = ("nivel", "periodo", "empresa", "red", "conglomerado")
_LEVEL_RE = re.compile(r"""nivel\s*(==|!=)\s*['"]([^'"]+)['"]""")


# --------------------------------------------------------------------------- schema


def _levels_of(depends_on: str | None) -> set[str] | None:
	match = _LEVEL_RE.search(depends_on or "")
	if not match:
		return None
	op, value = match.groups()
	return {value} if op == "==" else set(rules.NIVELES_FICHA) - {value}


def _meta_variables(nivel: str) -> list[tuple[str, str]]:
	"""(fieldname, fieldtype) of the Ficha fields shown at ``nivel`` (custom fields included)."""
	out: list[tuple[str, str]] = []
	section: set[str] | None = None
	for df in frappe.get_meta("Ficha").fields:
		if df.fieldtype == "Section Break":
			section = _levels_of(df.depends_on)
			continue
		if df.fieldname in NON_VARIABLES or df.fieldtype in ("Column Break", "Tab Break"):
			continue
		levels = _levels_of(df.depends_on) or section
		if levels is None or nivel in levels:
			out.append((df.fieldname, df.fieldtype))
	return out


def _variables(nivel: str) -> list[tuple[str, str]]:
	"""Variables of a level, from services.fichas.variables_for_level when it exists."""
	try:
		from redes_smevir.services.fichas import variables_for_level
	except ImportError:
		return _meta_variables(nivel)
	try:
		found = variables_for_level(nivel)
	except Exception:
		return _meta_variables(nivel)
	meta = frappe.get_meta("Ficha")
	out: list[tuple[str, str]] = []
	items = found.items() if isinstance(found, dict) else found
	for item in items:
		if isinstance(item, tuple):
			name, fieldtype = item
		elif isinstance(item, str):
			name, fieldtype = item, None
		else:
			name, fieldtype = item.get("fieldname"), item.get("fieldtype")
		if not fieldtype:
			df = meta.get_field(name)
			fieldtype = df.fieldtype if df else None
		if name and fieldtype and name not in NON_VARIABLES:
			out.append((name, fieldtype))
	return out or _meta_variables(nivel)


def schema_for_level(nivel: str) -> dict[str, str]:
	"""Formula schema (field -> number/check/text) of the fichas of ``nivel``."""
	schema: dict[str, str] = {}
	for name, fieldtype in _variables(nivel):
		typ = fl.type_for_fieldtype(fieldtype)
		if typ:
			schema[name] = typ
	schema.update(VIRTUAL_FIELDS.get(nivel, {}))
	return schema


def compile_formula(text: str, nivel: str) -> fl.Formula:
	"""Parse ``text`` for ``nivel``; raises fl.FormulaError (Spanish message)."""
	return fl.parse(text, schema_for_level(nivel))


# --------------------------------------------------------------------------- validation (controller)


def validate_indicator(doc) -> None:
	"""Indicador.validate: the formula must be valid for its level; metas coherent."""
	if doc.nivel_ficha not in rules.NIVELES_FICHA:
		frappe.throw(_("Elija la ficha que lee el indicador: Empresa, Red o Región."))
	try:
		compile_formula(doc.formula, doc.nivel_ficha)
	except fl.FormulaError as e:
		frappe.throw(e.message, title=_("Fórmula no válida"))
	seen = set()
	for row in doc.get("metas") or []:
		if row.horizonte_tipo == rules.H_MESES and (row.meses or 0) <= 0:
			frappe.throw(
				_("Fila {0} de metas: indique los meses desde el inicio (mayor que 0).").format(row.idx)
			)
		if row.horizonte_tipo == rules.H_PERIODO and not row.periodo:
			frappe.throw(_("Fila {0} de metas: indique el periodo.").format(row.idx))
		key = (
			row.conglomerado or "",
			row.horizonte_tipo,
			row.periodo if row.horizonte_tipo == rules.H_PERIODO else None,
			row.meses if row.horizonte_tipo == rules.H_MESES else None,
		)
		if key in seen:
			frappe.throw(
				_("Fila {0} de metas: ya hay una meta para el mismo conglomerado y horizonte.").format(
					row.idx
				)
			)
		seen.add(key)


def fields_help(nivel: str) -> list[dict]:
	"""Variables usable in formulas of ``nivel`` with label and type, for the Indicador form."""
	meta = frappe.get_meta("Ficha")
	names = {fl.NUMBER: _("número"), fl.CHECK: _("casilla"), fl.TEXT: _("texto")}
	out = []
	for name, typ in schema_for_level(nivel).items():
		df = meta.get_field(name)
		label = _(df.label) if df and df.label else VIRTUAL_LABELS.get(name, name)
		out.append({"campo": name, "etiqueta": label, "tipo": names[typ]})
	for key in fl.KEY_FIELDS:
		if key not in {o["campo"] for o in out}:
			out.append({"campo": key, "etiqueta": _(key.capitalize()), "tipo": names[fl.TEXT]})
	return out


VIRTUAL_LABELS = {
	"empresa": "Empresa",
	"red_desde_base": "La red participa desde la línea de base (calculado)",
}


# --------------------------------------------------------------------------- periods and networks


@dataclass(frozen=True)
class PeriodInfo:
	name: str
	tipo: str
	fecha_referencia: date | None
	periodo_base: str | None
	inicio_registro: date | None
	fin_registro: date | None


def periods() -> dict[str, PeriodInfo]:
	rows = frappe.get_all(
		"Periodo",
		fields=["name", "tipo", "fecha_referencia", "periodo_base", "inicio_registro", "fin_registro"],
		order_by="fecha_referencia asc",
	)
	return {
		r.name: PeriodInfo(
			r.name,
			r.tipo,
			getdate(r.fecha_referencia) if r.fecha_referencia else None,
			r.periodo_base,
			getdate(r.inicio_registro) if r.inicio_registro else None,
			getdate(r.fin_registro) if r.fin_registro else None,
		)
		for r in rows
	}


def baseline_of(periodo: str, all_periods: dict[str, PeriodInfo]) -> str | None:
	"""The baseline period of ``periodo``: its ``periodo_base``, else the latest earlier Línea de Base."""
	p = all_periods.get(periodo)
	if not p or p.tipo == "Línea de Base":
		return None
	if p.periodo_base:
		return p.periodo_base
	candidates = [
		q
		for q in all_periods.values()
		if q.tipo == "Línea de Base"
		and q.name != periodo
		and q.fecha_referencia
		and p.fecha_referencia
		and q.fecha_referencia <= p.fecha_referencia
	]
	return max(candidates, key=lambda q: q.fecha_referencia).name if candidates else None


def networks() -> dict[str, sales_rules.Network]:
	rows = frappe.get_all("Red", fields=["name", "conglomerado", "fecha_ingreso", "fecha_retiro", "estado"])
	return {
		r.name: sales_rules.Network(
			r.name,
			r.conglomerado,
			getdate(r.fecha_ingreso) if r.fecha_ingreso else None,
			getdate(r.fecha_retiro) if r.fecha_retiro else None,
			r.estado == "Retirada",
		)
		for r in rows
	}


def states(incluir_enviadas: bool = False) -> list[str]:
	"""Workflow states whose fichas count: approved only, or approved and sent (preview)."""
	return [APROBADA, ENVIADA] if incluir_enviadas else [APROBADA]


def fetch_fichas(
	niveles: list[str],
	periodos: list[str],
	fields: set[str] | list[str],
	incluir_enviadas: bool = False,
	conglomerado: str | None = None,
	red: str | None = None,
	user: str | None = None,
) -> list[dict]:
	"""Fichas of the periods as dicts with the key columns and ``fields``, in the user's scope."""
	if not niveles or not periodos:
		return []
	meta = frappe.get_meta("Ficha")
	extra = sorted(f for f in fields if f not in KEY_COLUMNS and meta.has_field(f))
	keys = [k for k in KEY_COLUMNS if k != "empresa" or "Empresa" in niveles]
	columns = keys + extra
	filters: dict = {
		"nivel": ("in", niveles),
		"periodo": ("in", periodos),
		"workflow_state": ("in", states(incluir_enviadas)),
	}
	if conglomerado:
		filters["conglomerado"] = conglomerado
	if red:
		filters["red"] = red
	data = frappe.get_list(
		"Ficha",
		fields=columns,
		filters=filters,
		limit_page_length=0,
		order_by=None,
		as_list=True,
		user=user or frappe.session.user,
	)
	rows = [dict(zip(columns, row, strict=False)) for row in data]
	if "empresa" not in keys:
		for r in rows:
			r["empresa"] = None
	return rows


# --------------------------------------------------------------------------- indicator definitions


@dataclass
class IndicatorDef:
	codigo: str
	nombre: str
	nivel_marco: str
	nivel_ficha: str
	unidad: str
	regla_base: str
	formula_text: str
	orden: int
	metas: list[rules.Meta]
	formula: fl.Formula | None = None
	error: str | None = None


def load_indicators(codigos: list[str] | None = None) -> list[IndicatorDef]:
	"""Active indicators with their metas, formulas compiled (an invalid one carries ``error``)."""
	filters: dict = {"activo": 1}
	if codigos:
		filters["name"] = ("in", codigos)
	rows = frappe.get_all(
		"Indicador",
		filters=filters,
		fields=[
			"name",
			"nombre_indicador",
			"nivel_marco",
			"nivel_ficha",
			"unidad",
			"regla_base",
			"formula",
			"orden",
		],
	)
	metas: dict[str, list[rules.Meta]] = defaultdict(list)
	for m in frappe.get_all(
		"Indicador Meta",
		filters={"parenttype": "Indicador", "parent": ("in", [r.name for r in rows] or [""])},
		fields=["parent", "conglomerado", "horizonte_tipo", "periodo", "meses", "valor_meta"],
		order_by="idx asc",
	):
		metas[m.parent].append(
			rules.Meta(float(m.valor_meta or 0), m.conglomerado or None, m.horizonte_tipo, m.periodo, m.meses)
		)
	schemas: dict[str, dict[str, str]] = {}
	out = []
	order = {n: i for i, n in enumerate(rules.NIVELES_MARCO)}
	for r in rows:
		d = IndicatorDef(
			r.name,
			r.nombre_indicador,
			r.nivel_marco,
			r.nivel_ficha,
			r.unidad,
			r.regla_base or rules.BASE_LB,
			r.formula,
			r.orden or 0,
			metas[r.name],
		)
		if r.nivel_ficha not in schemas:
			schemas[r.nivel_ficha] = schema_for_level(r.nivel_ficha)
		try:
			d.formula = fl.parse(r.formula, schemas[r.nivel_ficha])
		except fl.FormulaError as e:
			d.error = e.message
		out.append(d)
	out.sort(key=lambda d: (order.get(d.nivel_marco, 99), d.orden, d.codigo))
	return out


# --------------------------------------------------------------------------- Marco Lógico


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


@dataclass
class MarcoLogico:
	rows: list[IndicatorValue] = field(default_factory=list)
	periodos: list[str] = field(default_factory=list)
	conglomerados: list[str] = field(default_factory=list)
	incluir_enviadas: bool = False
	fichas: int = 0


def _program_start(
	conglomerados: list[str], all_periods: dict[str, PeriodInfo]
) -> dict[str | None, date | None]:
	rows = frappe.get_all("Conglomerado", fields=["name", "fecha_inicio"])
	starts: dict[str | None, date | None] = {
		r.name: getdate(r.fecha_inicio) if r.fecha_inicio else None for r in rows
	}
	lb = [
		p.fecha_referencia for p in all_periods.values() if p.tipo == "Línea de Base" and p.fecha_referencia
	]
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
	domain.formula_pushdown); the others over the fichas' rows in Python. ``pushdown=False``
	forces the Python path for every formula (used by the tests that compare both).
	"""
	from redes_smevir.services.reports import check_filter_scope

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
	since = _SinceBaseline(networks, all_periods, base_of)
	sql = (
		_SqlSource.build(
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
	starts = _program_start(congls, all_periods)
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
		is_final = info.tipo == "Medición Final"
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
				if ind.formula.uses_baseline and info.tipo == "Línea de Base":
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
					)
				)
	return result


class _SinceBaseline:
	"""The virtual ``red_desde_base`` per (red, periodo): same rule as the sales-increase report.

	``reasons`` collects, per period, the networks left out and why.
	"""

	def __init__(self, load_networks, all_periods: dict[str, PeriodInfo], base_of: dict[str, str | None]):
		self._load = load_networks
		self._nets: dict | None = None
		self.all_periods = all_periods
		self.base_of = base_of
		self.cache: dict[tuple, int] = {}
		self.reasons: dict[str, dict[str, str]] = defaultdict(dict)

	def flag(self, red: str | None, periodo: str) -> int:
		key = (red, periodo)
		flag = self.cache.get(key)
		if flag is None:
			if self._nets is None:
				self._nets = self._load()
			net = self._nets.get(red) if red else None
			p = self.all_periods.get(periodo)
			base_p = self.base_of.get(periodo) or (periodo if p and p.tipo == "Línea de Base" else None)
			base_date = self.all_periods[base_p].fecha_referencia if base_p in self.all_periods else None
			reason = (
				sales_rules.membership_exclusion(net, base_date, p.fecha_referencia if p else None)
				if net is not None
				else None
			)
			flag = int(net is not None and reason is None)
			if reason and red:
				self.reasons[periodo][red] = reason
			self.cache[key] = flag
		return flag


def _mark_since_baseline(
	rows: list[dict],
	nets: dict[str, sales_rules.Network],
	all_periods: dict[str, PeriodInfo],
	base_of: dict[str, str | None],
) -> dict[str, dict[str, str]]:
	"""Set the virtual ``red_desde_base`` on each row; returns, per period, the networks left out and why."""
	since = _SinceBaseline(lambda: nets, all_periods, base_of)
	for r in rows:
		r["red_desde_base"] = since.flag(r["red"], r["periodo"])
	return since.reasons


class _SqlSource:
	"""Super-rows of the pushed-down formulas and their evaluation per period and conglomerado."""

	def __init__(self):
		self.plans: dict[str, fp.Plan] = {}
		self.conglomerados: set[str] = set()
		# (query id, nivel, periodo, conglomerado or None) -> super-rows
		self.rows: dict[tuple, list[tuple]] = defaultdict(list)
		self.layouts: dict[int, tuple[dict, dict]] = {}  # query id -> (key, leaf) positions
		self.query_of: dict[tuple[str, bool], int] = {}  # (codigo, as_baseline) -> query id
		self.counts: dict[tuple, int] = {}  # (nivel, periodo, conglomerado or None) -> fichas
		self.since: _SinceBaseline | None = None
		self.bound: dict[tuple, tuple] = {}

	@classmethod
	def build(
		cls,
		indicators: list[IndicatorDef],
		levels: list[str],
		needed_periods: list[str],
		chosen: list[str],
		base_of: dict[str, str | None],
		all_periods: dict[str, PeriodInfo],
		since: _SinceBaseline,
		incluir_enviadas: bool,
		conglomerado: str | None,
		red: str | None,
		user: str,
	) -> _SqlSource | None:
		try:
			indicators_sql.check_scope_expressible(user)
		except indicators_sql.ScopeNotExpressible:
			return None
		self = cls()
		self.since = since
		meta = frappe.get_meta("Ficha")
		columns = {df.fieldname for df in meta.fields if df.fieldtype not in frappe.model.no_value_fields}
		columns |= set(KEY_COLUMNS)
		links = {df.fieldname for df in meta.fields if df.fieldtype == "Link"} | set(KEY_COLUMNS)
		for ind in indicators:
			if not ind.formula:
				continue
			try:
				self.plans[ind.codigo] = fp.plan(
					ind.formula, columns & set(ind.formula.schema), links, {"red_desde_base": "red"}
				)
			except fp.NotPushable:
				continue
		states_ = states(incluir_enviadas)
		queries: list[tuple[list[str], list[str], list[fp.Leaf], tuple, tuple | None, list[tuple]]] = []
		# Query 0: plans without keys or baseline, plus the fichas count of every level.
		simple = [p for p in self.plans.values() if not p.keys and not p.needs_baseline]
		leaves = _union_leaves([fp.ROWS], simple)
		queries.append(
			(
				levels,
				needed_periods,
				leaves,
				(),
				None,
				[(c, False) for c, p in self.plans.items() if p in simple],
			)
		)
		groups: dict[tuple, list[str]] = defaultdict(list)
		for ind in indicators:
			plan = self.plans.get(ind.codigo)
			if plan is not None and plan not in simple:
				groups[(ind.nivel_ficha, plan.keys, plan.needs_baseline)].append(ind.codigo)
		by_code = {i.codigo: i for i in indicators}
		for (nivel, keys, needs_baseline), codes in groups.items():
			leaves = _union_leaves([], [self.plans[c] for c in codes])
			if not needs_baseline:
				queries.append(([nivel], needed_periods, leaves, keys, None, [(c, False) for c in codes]))
				continue
			subject = rules.SUBJECT_KEY[nivel]
			measured = [p for p in chosen if all_periods[p].tipo != "Línea de Base"]
			for base_p in dict.fromkeys(base_of[p] for p in measured):
				ps = [p for p in measured if base_of[p] == base_p]
				baseline = (subject, base_p, ps) if base_p else None
				queries.append(([nivel], ps, leaves, keys, baseline, [(c, False) for c in codes]))
			bases = sorted({b for b in base_of.values() if b})
			lb_codes = [c for c in codes if by_code[c].regla_base == rules.BASE_LB]
			if bases and lb_codes:
				queries.append(([nivel], bases, leaves, keys, None, [(c, True) for c in lb_codes]))
		for qid, (niveles, ps, leaves, keys, baseline, users) in enumerate(queries):
			if not ps or not niveles:
				continue
			data = indicators_sql.super_rows(
				niveles, ps, leaves, keys, states_, user, conglomerado, red, baseline
			)
			offset = 3 + len(keys)
			self.layouts[qid] = (
				{k: 3 + i for i, k in enumerate(keys)},
				{leaf: offset + i for i, leaf in enumerate(leaves)},
			)
			for code, as_baseline in users:
				for p in ps:
					self.query_of[(code, as_baseline, p)] = qid
			for row in data:
				nivel, periodo, congl = row[0], row[1], row[2]
				if congl:
					self.rows[(qid, nivel, periodo, congl)].append(row)
				self.rows[(qid, nivel, periodo, None)].append(row)
				if qid == 0:
					self.conglomerados.add(congl) if congl else None
					n = row[offset] or 0
					self.counts[(nivel, periodo, congl or None)] = (
						self.counts.get((nivel, periodo, congl or None), 0) + n
					)
					if congl:
						self.counts[(nivel, periodo, None)] = self.counts.get((nivel, periodo, None), 0) + n
		return self

	def population(self, nivel: str, periodo: str, conglomerado: str | None) -> int:
		return self.counts.get((nivel, periodo, conglomerado), 0)

	def fichas(self, periodos: set[str]) -> int:
		return sum(n for (_n, p, c), n in self.counts.items() if p in periodos and c is None)

	def evaluate(
		self, ind: IndicatorDef, periodo: str, conglomerado: str | None, as_baseline: bool = False
	) -> fl.Result:
		plan = self.plans[ind.codigo]
		qid = self.query_of.get((ind.codigo, as_baseline, periodo))
		if qid is None:
			qid = self.query_of.get((ind.codigo, False, periodo))
		if qid is None:
			return plan.evaluate([])
		lkey = (ind.codigo, qid)
		layout = self.bound.get(lkey)
		if layout is None:
			layout = self.bound[lkey] = plan.layout(*self.layouts[qid])
		rows = self.rows.get((qid, ind.nivel_ficha, periodo, conglomerado), [])
		virtual = None
		if "red" in layout[0]:
			ri = layout[0]["red"]
			since = self.since

			def virtual(r):
				return {"red_desde_base": since.flag(r[ri], r[1])}

		return plan.evaluate(rows, virtual, layout)


def _union_leaves(first: list[fp.Leaf], plans: list[fp.Plan]) -> list[fp.Leaf]:
	out = dict.fromkeys(first)
	for p in plans:
		out.update(dict.fromkeys(p.leaves))
	return list(out)


# --------------------------------------------------------------------------- default indicators (setup)


def ensure_default_indicators() -> int:
	"""Insert the seed's logical-framework indicators whose code is missing; never touch others."""
	import json
	import os

	path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "setup_data", "indicadores.json")
	with open(path, encoding="utf-8") as f:
		data = json.load(f)
	created = 0
	for values in data["indicadores"]:
		if frappe.db.exists("Indicador", values["codigo"]):
			continue
		doc = frappe.get_doc({"doctype": "Indicador", **values})
		doc.flags.ignore_links = True  # metas may name conglomerados created later (Gamarra, Cusco)
		try:
			doc.insert(ignore_permissions=True)
		except frappe.ValidationError:
			frappe.log_error(title=f"SMEVIR: indicador {values['codigo']} no instalado")
			frappe.clear_last_message()
			continue
		created += 1
	return created


def evaluate_one(text: str, nivel: str, periodo: str, user: str | None = None) -> fl.Result:
	"""Evaluate a formula over the approved fichas of ``periodo`` in the user's view (form preview)."""
	compiled = compile_formula(text, nivel)
	all_periods = periods()
	base = baseline_of(periodo, all_periods)
	rows = fetch_fichas([nivel], [p for p in (periodo, base) if p], compiled.fields, user=user)
	if "red_desde_base" in compiled.fields:
		_mark_since_baseline(rows, networks(), all_periods, {periodo: base})
	subject = rules.SUBJECT_KEY[nivel]
	return compiled.evaluate(
		[r for r in rows if r["periodo"] == periodo],
		[r for r in rows if r["periodo"] == base],
		subject_key=subject,
	)
