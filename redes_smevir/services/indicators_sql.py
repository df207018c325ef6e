"""SQL side of the indicator pushdown: leaves of formula plans become one grouped frappe.qb query.

SQL is generated only from validated formula trees (domain.formula.pushdown IR): column names are
checked against the Ficha meta and quoted by frappe.qb, text values travel as query parameters.
The user's scope is the rule of services.scoping (Gerente: fichas of their networks; Coordinador
UO: fichas of their conglomerados), applied with the same helper functions; when Frappe would add
anything else to the user's view (shared fichas, User Permissions, owner-only read), the caller
keeps the permission-aware Python path (``frappe.get_list``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from decimal import Decimal

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Coalesce, Count, Max, Min, Sum
from pypika.functions import Cast
from pypika.queries import QueryBuilder as Query
from pypika.terms import Bracket, Case, Criterion, Field, Not, ValueWrapper

from redes_smevir.domain import formula as fl
from redes_smevir.domain import indicators as rules
from redes_smevir.domain.formula import ARITHMETIC, COMPARISONS
from redes_smevir.domain.formula import pushdown as fp
from redes_smevir.services import concurrent_reads, scoping
from redes_smevir.services.ficha_rows import KEY_COLUMNS, counted_states
from redes_smevir.services.indicator_defs import IndicatorDef
from redes_smevir.services.networks import SinceBaseline
from redes_smevir.services.periods import LINEA_DE_BASE, PeriodInfo

SUBJECT = "_smevir_subject"


class ScopeNotExpressible(Exception):
	"""The user's view of Ficha has conditions the pushdown does not reproduce."""


def check_scope_expressible(user: str) -> None:
	"""Raise ScopeNotExpressible unless the user's Ficha view is exactly the scoping rule.

	Raises frappe.PermissionError, like frappe.get_list, when the user cannot read fichas.
	"""
	if user == "Administrator":
		return
	meta = frappe.get_meta("Ficha")
	perms = frappe.permissions.get_role_permissions(meta, user)
	if not (perms.get("read") or perms.get("select")):
		frappe.throw(frappe._("No tiene permiso para ver fichas."), frappe.PermissionError)
	if (perms.get("if_owner") or {}).get("read"):
		raise ScopeNotExpressible("if_owner")
	if frappe.permissions.get_user_permissions(user):
		raise ScopeNotExpressible("user permissions")
	if frappe.share.get_shared("Ficha", user):
		raise ScopeNotExpressible("shared fichas")


# --------------------------------------------------------------------------- IR -> SQL terms


def _field(table, name: str):
	if not (frappe.get_meta("Ficha").has_field(name) or name in ("name", "nivel", "periodo")):
		raise fp.NotPushable(name)
	return table[name]


def term(ir: tuple, table):
	"""SQL term of a row IR node over ``table`` (every composite wrapped in brackets)."""
	kind = ir[0]
	if kind == "field":
		col = _field(table, ir[1])
		return Coalesce(col, "") if ir[2] == "text" else col
	if kind == "num":
		return ValueWrapper(ir[1])
	if kind == "str":
		return ValueWrapper(ir[1])
	if kind == "neg":
		return Bracket(ValueWrapper(0) - term(ir[1], table))
	if kind == "not":
		return Bracket(Not(term(ir[1], table)))
	if kind in ("and", "or"):
		a, b = term(ir[1], table), term(ir[2], table)
		return Bracket((a & b) if kind == "and" else (a | b))
	if kind == "cmp":
		return Bracket(COMPARISONS[ir[1]](term(ir[2], table), term(ir[3], table)))
	if kind == "tcmp":
		a, b = (Cast(term(x, table), "BINARY") for x in (ir[2], ir[3]))
		return Bracket(COMPARISONS[ir[1]](a, b))
	if kind == "arith":
		return Bracket(ARITHMETIC[ir[1]](term(ir[2], table), term(ir[3], table)))
	if kind == "if":
		cond = term(ir[1], table)
		return Case().when(cond.isnull(), None).when(cond, term(ir[2], table)).else_(term(ir[3], table))
	raise fp.NotPushable(kind)


_BOOLEAN_IR = ("cmp", "tcmp", "and", "or", "not")


def _boolean(expr: tuple | None, filters: tuple) -> bool:
	return all(x is not None and x[0] in _BOOLEAN_IR for x in (expr, *filters))


def _all(conds: list):
	return Criterion.all(conds) if len(conds) > 1 else conds[0]


def _partial(kind: str, conds: list, expr, boolean: bool = False):
	"""Aggregate of one leaf kind over the rows meeting ``conds`` (``boolean``: every one is 0/1/NULL)."""
	if kind == fp.COUNT:
		return Sum(Case().when(_all(conds), 1).else_(0)) if conds else Count("*")
	if kind == fp.COUNT_IF:
		# A comparison or Y/O/NO yields 1, 0 or NULL in MariaDB: summing it counts the true rows.
		return Sum(_all([*conds, expr])) if boolean else Sum(Case().when(_all([*conds, expr]), 1).else_(0))
	value = Case().when(_all(conds), expr) if conds else expr
	return {fp.SUM: Sum, fp.NONNULL: Count, fp.MIN: Min, fp.MAX: Max}[kind](value)


def _outer(kind: str, conds: list, column):
	"""Combine a per-subject baseline partial over the population rows meeting ``conds``."""
	value = Case().when(_all(conds), column) if conds else column
	return {fp.MIN: Min, fp.MAX: Max}.get(kind, Sum)(value)


def _number(v):
	if isinstance(v, Decimal):
		return int(v) if v == v.to_integral_value() and abs(v) < 2**53 else float(v)
	return v


def _in_view(q, table, user: str, conglomerado: str | None, red: str | None):
	"""``q`` narrowed to the fichas of ``table`` in ``user``'s scope and the report's filters."""
	criterion = scoping.Scope.of(user).criterion(table)
	if criterion is not None:
		q = q.where(criterion)
	if conglomerado:
		q = q.where(table.conglomerado == conglomerado)
	if red:
		q = q.where(table.red == red)
	return q


def super_query(
	niveles: list[str],
	periodos: list[str],
	leaves: list[fp.Leaf],
	keys: Iterable[str],
	states: list[str],
	user: str,
	conglomerado: str | None = None,
	red: str | None = None,
	baseline: tuple[str, str, list[str]] | None = None,
) -> Query:
	"""One grouped query of rows (nivel, periodo, conglomerado, *keys, *leaf partials); see ``super_rows``.

	``baseline`` = (subject column, baseline period, periods measured against it): BASE and
	CON_BASE leaves read the approved baseline fichas of the same subject; without it they are
	empty (no baseline), as in the Python path.
	"""
	ficha = DocType("Ficha")
	keys = list(keys)
	base_table = None
	if baseline and any(leaf.ctx.base or leaf.ctx.con_base for leaf in leaves):
		subject, base_p, _measured = baseline
		fb = DocType("Ficha").as_("fb")
		base_cols = [Count("*").as_("n")]
		base_leaves = [leaf for leaf in leaves if leaf.ctx.base]
		for i, leaf in enumerate(base_leaves):
			conds = [term(c, fb) for c in leaf.ctx.base_filters]
			expr = term(leaf.expr, fb) if leaf.expr is not None else None
			boolean = _boolean(leaf.expr, leaf.ctx.base_filters)
			base_cols.append(_partial(leaf.kind, conds, expr, boolean).as_(f"p{i}"))
		bq = (
			frappe.qb.from_(fb)
			.select(_field(fb, subject).as_(SUBJECT), *base_cols)
			.where(fb.nivel.isin(niveles))
			.where(fb.periodo == base_p)
			.where(fb.workflow_state.isin(states))
			.where(_field(fb, subject).isnotnull())
			.where(_field(fb, subject) != "")
			.groupby(_field(fb, subject))
		)
		base_table = _in_view(bq, fb, user, conglomerado, red).as_("b")
		base_col = {leaf: Field(f"p{i}", table=base_table) for i, leaf in enumerate(base_leaves)}
		has_base = Field("n", table=base_table).isnotnull()
	cols = []
	for leaf in leaves:
		conds = [term(c, ficha) for c in leaf.ctx.filters]
		if leaf.ctx.con_base or leaf.ctx.base:
			if base_table is None:
				cols.append(ValueWrapper(None))
				continue
			if leaf.ctx.con_base:
				conds.append(has_base)
		if leaf.ctx.base:
			cols.append(_outer(leaf.kind, conds, base_col[leaf]))
		else:
			expr = term(leaf.expr, ficha) if leaf.expr is not None else None
			boolean = _boolean(leaf.expr, leaf.ctx.filters) and not leaf.ctx.con_base
			cols.append(_partial(leaf.kind, conds, expr, boolean))
	group = [ficha.nivel, ficha.periodo, ficha.conglomerado, *(_field(ficha, k) for k in keys)]
	q = (
		frappe.qb.from_(ficha)
		.select(*group, *cols)
		.where(ficha.nivel.isin(niveles))
		.where(ficha.periodo.isin(periodos))
		.where(ficha.workflow_state.isin(states))
		.groupby(*group)
	)
	if base_table is not None:
		# The WHERE clause keeps only the periods measured against this baseline.
		q = q.left_join(base_table).on(Field(SUBJECT, table=base_table) == _field(ficha, baseline[0]))
	q = _in_view(q, ficha, user, conglomerado, red)
	if baseline and baseline[2] != list(periodos):
		raise ValueError("baseline queries cover exactly the periods measured against it")
	return q


def super_rows(queries: list[Query]) -> list[list[tuple]]:
	"""The rows of each ``super_query``, the independent ones side by side (services.concurrent_reads)."""
	with _grouping_memory():
		results = concurrent_reads.run(queries)
	return [[tuple(_number(v) for v in row) for row in data] for data in results]


GROUPING_MEMORY = 256 * 1024 * 1024


@contextmanager
def _grouping_memory():
	"""Let MariaDB keep this query's temporary tables in memory (session only, restored afterwards).

	MEMORY temporary tables store VARCHAR(140) keys at full width (563 bytes in utf8mb4): grouping
	~10k (periodo, conglomerado, red) keys exceeds the 16 MB default, and the baseline of 200,000
	firms (the per-firm table the sales indicator joins) needs ~120 MB. Spilled to disk, the join
	took 26 s instead of 5 s at 1.3 million fichas. MariaDB allocates only what the query uses.
	"""
	if frappe.db.db_type != "mariadb":
		yield
		return
	old = frappe.db.sql("select @@session.tmp_table_size, @@session.max_heap_table_size")[0]
	if min(int(v) for v in old) >= GROUPING_MEMORY:
		yield
		return
	frappe.db.sql(
		"set session tmp_table_size = %(size)s, max_heap_table_size = %(size)s",
		{"size": max(GROUPING_MEMORY, *(int(v) for v in old))},
	)
	try:
		yield
	finally:
		frappe.db.sql(
			"set session tmp_table_size = %(tmp)s, max_heap_table_size = %(heap)s",
			{"tmp": int(old[0]), "heap": int(old[1])},
		)


# --------------------------------------------------------------------------- super-rows source


class SqlSource:
	"""Super-rows of the pushed-down formulas and their evaluation per period and conglomerado."""

	def __init__(self):
		self.plans: dict[str, fp.Plan] = {}
		self.conglomerados: set[str] = set()
		# (query id, nivel, periodo, conglomerado or None) -> super-rows
		self.rows: dict[tuple, list[tuple]] = defaultdict(list)
		self.layouts: dict[int, tuple[dict, dict]] = {}  # query id -> (key, leaf) positions
		self.query_of: dict[tuple[str, bool], int] = {}  # (codigo, as_baseline) -> query id
		self.counts: dict[tuple, int] = {}  # (nivel, periodo, conglomerado or None) -> fichas
		self.since: SinceBaseline | None = None
		self.bound: dict[tuple, tuple] = {}
		self.memo: dict = {}  # group values shared by the populations of one query (Plan.evaluate)

	@classmethod
	def build(
		cls,
		indicators: list[IndicatorDef],
		levels: list[str],
		needed_periods: list[str],
		chosen: list[str],
		base_of: dict[str, str | None],
		all_periods: dict[str, PeriodInfo],
		since: SinceBaseline,
		incluir_enviadas: bool,
		conglomerado: str | None,
		red: str | None,
		user: str,
	) -> SqlSource | None:
		try:
			check_scope_expressible(user)
		except ScopeNotExpressible:
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
		states_ = counted_states(incluir_enviadas)
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
			measured = [p for p in chosen if all_periods[p].tipo != LINEA_DE_BASE]
			for base_p in dict.fromkeys(base_of[p] for p in measured):
				ps = [p for p in measured if base_of[p] == base_p]
				baseline = (subject, base_p, ps) if base_p else None
				queries.append(([nivel], ps, leaves, keys, baseline, [(c, False) for c in codes]))
			bases = sorted({b for b in base_of.values() if b})
			lb_codes = [c for c in codes if by_code[c].regla_base == rules.BASE_LB]
			if bases and lb_codes:
				queries.append(([nivel], bases, leaves, keys, None, [(c, True) for c in lb_codes]))
		to_run = [(qid, spec) for qid, spec in enumerate(queries) if spec[0] and spec[1]]
		results = super_rows(
			[
				super_query(niveles, ps, leaves, keys, states_, user, conglomerado, red, baseline)
				for _qid, (niveles, ps, leaves, keys, baseline, _users) in to_run
			]
		)
		for (qid, (_niveles, ps, leaves, keys, _baseline, users)), data in zip(to_run, results, strict=True):
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

		return plan.evaluate(rows, virtual, layout, self.memo)


def _union_leaves(first: list[fp.Leaf], plans: list[fp.Plan]) -> list[fp.Leaf]:
	out = dict.fromkeys(first)
	for p in plans:
		out.update(dict.fromkeys(p.leaves))
	return list(out)
