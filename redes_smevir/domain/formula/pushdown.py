"""Push indicator formulas down to SQL aggregates: planning and evaluation (pure, no frappe).

A parsed :class:`~redes_smevir.domain.formula.compiler.Formula` is turned into a :class:`Plan`:

- every row aggregate (SUMA, CONTAR, PORCENTAJE, PROMEDIO, MIN, MAX) becomes one or two
  :class:`Leaf` partial aggregates, each with the row context it aggregates (FILTRAR conditions,
  CON_BASE, BASE and the conditions applied to the baseline rows). The services layer turns the
  leaves into SQL from this validated tree only (row expressions as the small tuple IR below);
- the database returns *super-rows*: one row per (nivel, periodo, conglomerado, ``Plan.keys``)
  with one partial value per leaf;
- :meth:`Plan.evaluate` runs the non-row part of the formula over those super-rows with the same
  rules as the row evaluator (null reasons, excluded groups, division by zero).

Anything whose SQL meaning could differ from the Python one raises :class:`NotPushable` and the
caller keeps the Python path: row-level division (MariaDB rounds decimal division),
CONTAR_DISTINTOS (collation), text other than field/literal equality, grouping inside BASE,
FILTRAR mixing virtual and stored fields, grouping by a column that is not a link.

Row IR (tuples, hashable): ("field", name, type) ("num", v) ("str", s) ("neg", x) ("not", x)
("and", a, b) ("or", a, b) ("cmp", op, a, b) ("tcmp", op, a, b) ("arith", op, a, b)
("if", cond, a, b). Text fields are compared as text where a missing value equals "".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from redes_smevir.domain.formula import compiler as comp
from redes_smevir.domain.formula import language as lang
from redes_smevir.domain.formula import syntax as syn

COUNT, COUNT_IF, SUM, NONNULL, MIN, MAX = "count", "count_if", "sum", "n", "min", "max"


class NotPushable(Exception):
	"""The formula (or part of it) must be evaluated over rows in Python."""


@dataclass(frozen=True)
class Context:
	"""Which rows a leaf aggregates."""

	filters: tuple = ()  # IR conditions on the population rows (FILTRAR)
	con_base: bool = False  # only population rows whose subject has baseline rows
	base: bool = False  # aggregate the baseline rows of the population's subjects instead
	base_filters: tuple = ()  # IR conditions on those baseline rows


@dataclass(frozen=True)
class Leaf:
	kind: str  # COUNT, COUNT_IF, SUM, NONNULL, MIN, MAX
	expr: tuple | None
	ctx: Context


ROWS = Leaf(COUNT, None, Context())  # every ficha of the population


class _AggContext:
	"""Super-rows being evaluated (the analogue of compiler.EvalContext)."""

	__slots__ = ("excluded", "flags", "group_values", "kpos", "memo", "pos", "rows", "virtual")

	def __init__(
		self, rows: list, pos: dict, kpos: dict, virtual, excluded: list, flags: set, memo: dict | None = None
	):
		self.rows = rows
		self.pos = pos
		self.kpos = kpos
		self.virtual = virtual
		self.excluded = excluded
		self.flags = flags
		self.group_values: list | None = None
		self.memo = memo

	def child(self, rows: list, own_flags: bool = False) -> _AggContext:
		return _AggContext(
			rows,
			self.pos,
			self.kpos,
			self.virtual,
			self.excluded,
			set() if own_flags else self.flags,
			self.memo,
		)

	def total(self, leaf: int) -> int | float:
		i = self.pos[leaf]
		return sum(r[i] or 0 for r in self.rows)

	def values(self, leaf: int) -> list:
		i = self.pos[leaf]
		return [r[i] for r in self.rows if r[i] is not None]

	def reason(self) -> str:
		return comp.reason_for(self.flags)  # same precedence of reasons


def _names(node: Any) -> set[str]:
	if isinstance(node, syn.Name):
		return {node.name.lower()}
	if isinstance(node, syn.Unary):
		return _names(node.operand)
	if isinstance(node, syn.Binary):
		return _names(node.left) | _names(node.right)
	if isinstance(node, syn.Call):
		return set().union(*(_names(a) for a in node.args)) if node.args else set()
	return set()


class _Planner(comp.Compiler):
	"""Compiles the non-row part of a formula to closures over super-rows; rows become leaves."""

	def __init__(
		self,
		schema: dict[str, str],
		columns: set[str],
		group_columns: set[str],
		virtual: dict[str, str],
	):
		super().__init__(schema)
		self.columns = columns
		self.group_columns = group_columns
		self.virtual = virtual  # virtual field -> stored column it is constant for (besides periodo)
		self.leaves: dict[Leaf, int] = {ROWS: 0}  # leaf -> its index; closures hold the index
		self.keys: list[str] = []
		self.ctx = Context()
		self.needs_baseline = False
		self.row_compiler = comp.Compiler(schema)

	def leaf(self, kind: str, expr: tuple | None = None, ctx: Context | None = None) -> int:
		leaf = Leaf(kind, expr, self.ctx if ctx is None else ctx)
		return self.leaves.setdefault(leaf, len(self.leaves))

	def key(self, column: str) -> None:
		if column not in self.keys:
			self.keys.append(column)

	def under(self, ctx: Context, node: Any, scope: comp.Scope) -> comp.Compiled:
		saved, self.ctx = self.ctx, ctx
		try:
			return self.compile(node, scope)
		finally:
			self.ctx = saved

	# ---- row expressions -> IR

	def ir(self, node: Any) -> tuple[tuple, str]:
		if isinstance(node, syn.Num):
			return ("num", node.value), lang.NUMBER
		if isinstance(node, syn.Str):
			return ("str", node.value), lang.TEXT
		if isinstance(node, syn.Name):
			name, typ = self.resolve(node)
			if name not in self.columns:
				raise NotPushable(name)
			return ("field", name, typ), typ
		if isinstance(node, syn.Unary):
			inner, _t = self.ir(node.operand)
			return (("not", inner), lang.CHECK) if node.op == "NO" else (("neg", inner), lang.NUMBER)
		if isinstance(node, syn.Binary):
			left, lt = self.ir(node.left)
			right, rt = self.ir(node.right)
			if node.op in ("Y", "O"):
				return ("and" if node.op == "Y" else "or", left, right), lang.CHECK
			if node.op in lang.COMPARISON_OPS:
				if lt == lang.TEXT or rt == lang.TEXT:
					if left[0] not in ("field", "str") or right[0] not in ("field", "str"):
						raise NotPushable("text expression")
					return ("tcmp", node.op, left, right), lang.CHECK
				return ("cmp", node.op, left, right), lang.CHECK
			if node.op == "/":
				raise NotPushable("row division")
			return ("arith", node.op, left, right), lang.NUMBER
		if isinstance(node, syn.Call) and node.name == "SI":
			cond, _c = self.ir(node.args[0])
			then, tt = self.ir(node.args[1])
			other, ot = self.ir(node.args[2])
			if lang.TEXT in (tt, ot):
				raise NotPushable("text SI")
			return ("if", cond, then, other), tt if tt == ot else lang.NUMBER
		raise NotPushable(type(node).__name__)

	# ---- overrides of the row compiler

	def name(self, node: syn.Name, scope: comp.Scope) -> comp.Compiled:
		raise NotPushable(node.name)

	def aggregate(self, node: syn.Call, scope: comp.Scope) -> comp.Compiled:
		name = node.name
		if name == "CONTAR" and not node.args:
			rows = self.leaf(COUNT)
			return (lambda c: c.total(rows)), lang.NUMBER
		if name == "CONTAR_DISTINTOS":
			raise NotPushable(name)
		arg, _typ = self.ir(node.args[0])
		if name in ("CONTAR", "PORCENTAJE"):
			hits = self.leaf(COUNT_IF, arg)
			if name == "CONTAR":
				return (lambda c: c.total(hits)), lang.NUMBER
			rows = self.leaf(COUNT)

			def percentage(c: _AggContext) -> Any:
				n = c.total(rows)
				return 100.0 * c.total(hits) / n if n else None

			return percentage, lang.NUMBER
		if name == "PROMEDIO":
			total, count = self.leaf(SUM, arg), self.leaf(NONNULL, arg)

			def mean(c: _AggContext) -> Any:
				n = c.total(count)
				return math.fsum(c.values(total)) / n if n else None

			return mean, lang.NUMBER
		if name == "SUMA":
			total = self.leaf(SUM, arg)

			def sum_(c: _AggContext) -> Any:
				vals = c.values(total)
				return math.fsum(vals) if vals else None

			return sum_, lang.NUMBER
		extreme = self.leaf(MIN if name == "MIN" else MAX, arg)
		pick = min if name == "MIN" else max

		def min_max(c: _AggContext) -> Any:
			vals = c.values(extreme)
			return pick(vals) if vals else None

		return min_max, lang.NUMBER

	def filter(self, node: syn.Call, scope: comp.Scope) -> comp.Compiled:
		cond_node, inner_node = node.args
		used = _names(cond_node)
		virtual = {n for n in used if n in {v.lower() for v in self.virtual}}
		if virtual and (virtual != used or self.ctx.base):
			raise NotPushable("FILTRAR mixing virtual fields")
		if virtual:
			# Constant within a super-row: filter the super-rows themselves.
			for v in self.virtual:
				if v.lower() in virtual:
					self.key(self.virtual[v])
			cond = self.row_compiler.condition(
				cond_node, comp.Scope(row=True, aggregate="FILTRAR"), "FILTRAR"
			)
			rows = self.leaf(COUNT)
			inner, typ = self.compile(inner_node, scope)

			def filtered_virtual(c: _AggContext) -> Any:
				sub = c.child([r for r in c.rows if cond(c.virtual(r))])
				if not sub.total(rows):
					c.flags.add(lang.REASON_EMPTY_FILTER)
				return inner(sub)

			return filtered_virtual, typ
		cond, _t = self.ir(cond_node)
		if self.ctx.base:
			ctx = replace(self.ctx, base_filters=(*self.ctx.base_filters, cond))
		else:
			ctx = replace(self.ctx, filters=(*self.ctx.filters, cond))
		rows = self.leaf(COUNT, None, ctx)
		inner, typ = self.under(ctx, inner_node, scope)

		def filtered(c: _AggContext) -> Any:
			if not c.total(rows):
				c.flags.add(lang.REASON_EMPTY_FILTER)
			return inner(c)

		return filtered, typ

	def baseline(self, node: syn.Call, scope: comp.Scope) -> comp.Compiled:
		self.needs_baseline = True
		self.uses_baseline = True
		if node.name == "BASE":
			ctx = replace(self.ctx, base=True)
			rows = self.leaf(COUNT, None, ctx)
			inner, typ = self.under(ctx, node.args[0], comp.Scope(row=False, in_base=True))
		else:
			ctx = replace(self.ctx, con_base=True)
			rows = self.leaf(COUNT, None, ctx)
			inner, typ = self.under(ctx, node.args[0], scope)

		def with_baseline(c: _AggContext) -> Any:
			if not c.total(rows):
				c.flags.add(lang.REASON_NO_BASELINE)
				return None
			return inner(c)

		return with_baseline, typ

	def group(self, node: syn.Call, scope: comp.Scope) -> comp.Compiled:
		if self.ctx.base:
			raise NotPushable("grouping inside BASE")
		name = node.name
		key_node = node.args[0]
		if not isinstance(key_node, syn.Name):
			raise NotPushable("group key")
		key, _typ = self.resolve(key_node)
		if key not in self.group_columns:
			raise NotPushable(key)
		self.key(key)
		rows = self.leaf(COUNT)
		inner = None
		if len(node.args) == 2:
			if name in ("CONTAR_GRUPOS", "PORCENTAJE_GRUPOS"):
				inner = self.condition(node.args[1], scope, name)
			else:
				inner = self.numeric(node.args[1], scope, name)

		def split(c: _AggContext) -> dict[Any, list]:
			ki, ri = c.kpos[key], c.pos[rows]
			groups: dict[Any, list] = {}
			missing = 0
			for r in c.rows:
				n = r[ri] or 0
				if not n:
					continue
				k = r[ki]
				if k is None or k == "":
					missing += n
					continue
				groups.setdefault(k, []).append(r)
			if missing:
				c.excluded.append(comp.missing_key_exclusion(missing, key))
			return groups

		if inner is None:
			return (lambda c: len(split(c))), lang.NUMBER

		def values(c: _AggContext) -> tuple[list, int]:
			groups = split(c)
			out = []
			memo = c.memo
			for k in sorted(groups, key=comp.group_label):
				group_rows = groups[k]
				# The same super-rows in another scope (a network in its conglomerado and in the
				# total) give the same value: remembered by the rows' identity (see Plan.evaluate).
				mkey = (id(inner), k, tuple(map(id, group_rows))) if memo is not None else None
				hit = memo.get(mkey) if mkey else None
				if hit is None:
					sub = c.child(group_rows, own_flags=True)
					before = len(c.excluded)
					v = inner(sub)
					reason = sub.reason() if v is None else None
					if mkey and len(c.excluded) == before:  # nothing else to replay
						memo[mkey] = (v, reason)
				else:
					v, reason = hit
				if v is None:
					c.excluded.append((comp.group_label(k), reason))
				else:
					out.append(v)
			return out, len(groups)

		if name == "CONTAR_GRUPOS":
			return (lambda c: sum(1 for v in values(c)[0] if v)), lang.NUMBER
		if name == "PORCENTAJE_GRUPOS":

			def reduce(vals: list) -> Any:
				return 100.0 * sum(1 for v in vals if v) / len(vals) if vals else None

		else:
			reduce = comp.REDUCERS[name.removesuffix("_GRUPOS")]

		def grouped(c: _AggContext) -> Any:
			vals, total = values(c)
			c.group_values = vals
			if total and not vals:
				c.flags.add(lang.REASON_ALL_GROUPS_EXCLUDED)
			return reduce(vals)

		return grouped, lang.NUMBER


class Plan:
	"""A formula as SQL leaves plus the evaluation of its non-row part over super-rows.

	A super-row is a sequence: the values of ``keys`` (in order) followed by one partial value
	per leaf of ``leaves`` (in order), for one (nivel, periodo, conglomerado, keys) group.
	"""

	def __init__(
		self, fn: Callable, leaves: list[Leaf], keys: list[str], needs_baseline: bool, tree: Any = None
	):
		self._fn = fn
		self.tree = tree  # the formula's syntax tree (for Result.group_values)
		self.leaves = leaves  # leaves[0] is ROWS (the number of fichas)
		self.keys = tuple(keys)
		self.needs_baseline = needs_baseline
		self.key_position = {k: i for i, k in enumerate(self.keys)}
		self.position = [len(self.keys) + i for i in range(len(leaves))]

	def layout(self, key_position: dict[str, int], leaf_position: dict[Leaf, int]) -> tuple[dict, list]:
		"""Positions of this plan's keys and leaves in wider rows (for :meth:`evaluate`)."""
		return key_position, [leaf_position[leaf] for leaf in self.leaves]

	def evaluate(
		self,
		rows: Iterable,
		virtual: Callable[[Any], dict] | None = None,
		layout: tuple[dict[str, int], list[int]] | None = None,
		memo: dict | None = None,
	) -> lang.Result:
		"""Evaluate over the super-rows of one population (e.g. one period and conglomerado).

		``virtual(super_row)`` gives the virtual fields' values of a super-row, when used;
		``layout`` (from :meth:`layout`) when the rows hold more than this plan's columns.
		``memo``: a dict shared by evaluations over the *same super-row objects* with the same
		``virtual`` and ``layout`` (one query's rows, kept alive by the caller): each group's value
		is computed once, however many populations contain it.
		"""
		rows = rows if isinstance(rows, list) else list(rows)
		kpos, pos = layout or (self.key_position, self.position)
		ctx = _AggContext(rows, pos, kpos, virtual or (lambda _r: {}), [], set(), memo)
		value = comp.final_value(self._fn(ctx))
		excluded = list(dict.fromkeys(ctx.excluded))
		reason = None if value is not None else ctx.reason()
		groups = comp.top_group_values(self.tree, ctx.group_values)
		return lang.Result(value, int(ctx.total(0)), excluded, reason, groups)


def plan(
	formula: comp.Formula,
	columns: Iterable[str],
	group_columns: Iterable[str] = (),
	virtual: dict[str, str] | None = None,
) -> Plan:
	"""Plan ``formula`` (already validated) for SQL; raise NotPushable when it must stay in Python.

	``columns``: stored columns SQL may read; ``group_columns``: columns usable as group keys
	(links, whose values compare exactly in SQL); ``virtual``: virtual field -> the stored column
	it is constant for within a period (e.g. {"red_desde_base": "red"}).
	"""
	if formula.tree is None:
		raise NotPushable("no tree")
	planner = _Planner(formula.schema, set(columns), set(group_columns), dict(virtual or {}))
	fn, _typ = planner.compile(formula.tree, comp.Scope(row=False))
	return Plan(fn, list(planner.leaves), planner.keys, planner.needs_baseline, formula.tree)
