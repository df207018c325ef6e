"""Formula compiler: type-checks a syntax tree and compiles it to closures over ficha rows.

A formula is evaluated over a *population* of ficha rows (dicts). Row-level expressions
(fields, comparisons, row arithmetic) only exist inside aggregate functions such as SUMA or
PORCENTAJE; the formula as a whole yields one number. No eval/exec, no SQL, no frappe.

:class:`Compiler` is public so that :mod:`.pushdown` can compile the same tree to aggregates
over SQL super-rows with the same type rules and messages.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from redes_smevir.domain.formula import errors
from redes_smevir.domain.formula.errors import FormulaError
from redes_smevir.domain.formula.language import (
	CHECK,
	COMPARISON_OPS,
	FIELDTYPE_TO_TYPE,
	FUNCTIONS,
	GROUP_FUNCTIONS,
	KEY_FIELDS,
	MAX_DEPTH,
	MAX_LENGTH,
	NUMBER,
	REASON_ALL_GROUPS_EXCLUDED,
	REASON_DIVISION_BY_ZERO,
	REASON_EMPTY_FILTER,
	REASON_NO_BASELINE,
	REASON_NO_DATA,
	TEXT,
	TYPES,
	Result,
)
from redes_smevir.domain.formula.syntax import Binary, Call, Name, Num, Str, Unary, parse_tree

# --------------------------------------------------------------------------- evaluation context


class EvalContext:
	"""Population being evaluated, plus shared bookkeeping."""

	__slots__ = ("_baseline", "excluded", "flags", "group_values", "index", "rows", "subject_key")

	def __init__(
		self,
		rows: list[dict],
		index: dict | None,
		subject_key: str,
		excluded: list[tuple[str, str]],
		flags: set[str],
	):
		self.rows = rows
		self.index = index
		self.subject_key = subject_key
		self.excluded = excluded
		self.flags = flags
		self._baseline: list[dict] | None = None
		self.group_values: list[Any] | None = None  # set by a group function evaluated on this context

	def child(self, rows: list[dict], own_flags: bool = False) -> EvalContext:
		return EvalContext(
			rows, self.index, self.subject_key, self.excluded, set() if own_flags else self.flags
		)

	def baseline(self) -> list[dict]:
		"""Baseline rows of the subjects in this population (computed once per context)."""
		if self._baseline is None:
			out: list[dict] = []
			if self.index:
				key = self.subject_key
				for subject in dict.fromkeys(r.get(key) for r in self.rows):
					found = self.index.get(subject)
					if found:
						out.extend(found)
			self._baseline = out
		return self._baseline

	def reason(self) -> str:
		return reason_for(self.flags)


def reason_for(flags: set[str]) -> str:
	"""The null reason a population reports, by precedence of the flags raised while evaluating."""
	for reason in (
		REASON_EMPTY_FILTER,
		REASON_NO_BASELINE,
		REASON_DIVISION_BY_ZERO,
		REASON_ALL_GROUPS_EXCLUDED,
	):
		if reason in flags:
			return reason
	return REASON_NO_DATA


# --------------------------------------------------------------------------- value helpers


def _to_number(v: Any) -> int | float | None:
	if v is None:
		return None
	t = type(v)
	if t is int or t is float:
		return v
	if t is bool:
		return int(v)
	if isinstance(v, (int, float)):
		return v
	if isinstance(v, Decimal):
		return float(v)
	if isinstance(v, str):
		s = v.strip()
		if not s:
			return None
		try:
			return float(s)
		except ValueError:
			return None
	return None


def _number_getter(name: str) -> Callable[[dict], Any]:
	def get(row: dict) -> Any:
		v = row.get(name)
		t = type(v)
		if t is int or t is float or v is None:
			return v
		return _to_number(v)

	return get


def _text_getter(name: str) -> Callable[[dict], Any]:
	def get(row: dict) -> Any:
		v = row.get(name)
		if v is None:
			return ""
		return v if type(v) is str else str(v)

	return get


def group_label(value: Any) -> str:
	if isinstance(value, float) and value.is_integer():
		return str(int(value))
	return str(value)


def missing_key_exclusion(missing: int, key: str) -> tuple[str, str]:
	"""The excluded-groups entry for the ``missing`` rows without a ``key`` value (both engines)."""
	return ("(sin valor)", f"{missing} fila(s) sin valor en «{key}»")


def final_value(value: Any) -> float | None:
	if value is None:
		return None
	value = float(value)
	return value if math.isfinite(value) else None


# --------------------------------------------------------------------------- compiler


@dataclass(frozen=True)
class Scope:
	row: bool  # True inside a row aggregate (fields allowed, aggregates not)
	aggregate: str = ""  # name of the enclosing row aggregate
	in_base: bool = False


Compiled = tuple[Callable[[Any], Any], str]


def _describe(node: Any, typ: str) -> dict:
	"""The ``found`` value of a type error: what kind of node has type ``typ``."""
	if isinstance(node, Name):
		return {"kind": "field", "text": node.name, "type": typ}
	if isinstance(node, Str):
		return {"kind": "text", "text": node.value, "type": typ}
	if isinstance(node, Call):
		return {"kind": "call", "text": node.name, "type": typ}
	return {"kind": "expression", "text": "", "type": typ}


def _start(node: Any) -> int:
	"""Offset where the source text of ``node`` begins."""
	while isinstance(node, Binary):
		node = node.left
	return node.pos


def _not_numeric(node: Any, typ: str, subject: str | dict) -> FormulaError:
	"""``subject`` needs a number where ``node`` (of type ``typ``) stands."""
	subject = subject if isinstance(subject, dict) else {"name": subject}
	return FormulaError(errors.TYPE_NOT_NUMERIC, _start(node), subject=subject, found=_describe(node, typ))


def _null_propagating(
	left: Callable[[Any], Any], right: Callable[[Any], Any], fn: Callable[[Any, Any], Any]
) -> Callable[[Any], Any]:
	"""``fn`` of both operands; None as soon as one has no value (the right one is then not read)."""

	def apply(x: Any) -> Any:
		a = left(x)
		if a is None:
			return None
		b = right(x)
		if b is None:
			return None
		return fn(a, b)

	return apply


def _is_numeric(typ: str) -> bool:
	return typ in (NUMBER, CHECK)


class Compiler:
	def __init__(self, schema: dict[str, str]):
		self.schema: dict[str, str] = {}
		self.names: dict[str, str] = {}
		for name, typ in schema.items():
			norm = typ if typ in TYPES else FIELDTYPE_TO_TYPE.get(typ)
			if norm is None:
				raise ValueError(f"Tipo no soportado «{typ}» para el campo «{name}»")
			self.schema[name] = norm
			self.names[name.lower()] = name
		self.declared = sorted(self.schema)
		for key in KEY_FIELDS:
			if key.lower() not in self.names:
				self.schema[key] = TEXT
				self.names[key] = key
		self.fields: set[str] = set()
		self.uses_baseline = False
		self.depth = 0

	# ---- helpers

	def resolve(self, node: Name) -> tuple[str, str]:
		name = self.names.get(node.name.lower())
		if name is None:
			keys = sorted(k for k in KEY_FIELDS if k not in self.declared)
			raise FormulaError(
				errors.UNKNOWN_FIELD, node.pos, name=node.name, fields=list(self.declared), keys=keys
			)
		return name, self.schema[name]

	def numeric(self, node: Any, scope: Scope, subject: str | dict) -> Callable[[Any], Any]:
		"""Compile ``node``, which ``subject`` (a function name or a {"sign"/"operator": op}) needs numeric."""
		fn, typ = self.compile(node, scope)
		if not _is_numeric(typ):
			raise _not_numeric(node, typ, subject)
		return fn

	def condition(self, node: Any, scope: Scope, subject: str) -> Callable[[Any], Any]:
		fn, typ = self.compile(node, scope)
		if typ != CHECK:
			raise FormulaError(
				errors.TYPE_NOT_CONDITION, _start(node), subject={"name": subject}, found=_describe(node, typ)
			)
		return fn

	# ---- nodes

	def compile(self, node: Any, scope: Scope) -> Compiled:
		self.depth += 1
		if self.depth > MAX_DEPTH:
			raise FormulaError(errors.TOO_DEEP_TO_COMPILE, _start(node))
		try:
			return self.node(node, scope)
		finally:
			self.depth -= 1

	def node(self, node: Any, scope: Scope) -> Compiled:
		if isinstance(node, Num):
			value = node.value
			return (lambda _x: value), NUMBER
		if isinstance(node, Str):
			text = node.value
			return (lambda _x: text), TEXT
		if isinstance(node, Name):
			return self.name(node, scope)
		if isinstance(node, Unary):
			return self.unary(node, scope)
		if isinstance(node, Binary):
			if node.op in ("Y", "O"):
				return self.logical(node, scope)
			if node.op in COMPARISON_OPS:
				return self.comparison(node, scope)
			return self.arithmetic(node, scope)
		return self.call(node, scope)

	def name(self, node: Name, scope: Scope) -> Compiled:
		name, typ = self.resolve(node)
		if not scope.row:
			raise FormulaError(errors.FIELD_OUTSIDE_AGGREGATE, node.pos, name=name)
		self.fields.add(name)
		return (_text_getter(name) if typ == TEXT else _number_getter(name)), typ

	def unary(self, node: Unary, scope: Scope) -> Compiled:
		if node.op == "NO":
			inner = self.condition(node.operand, scope, "NO")

			def not_(x: Any) -> Any:
				v = inner(x)
				return None if v is None else not v

			return not_, CHECK
		inner = self.numeric(node.operand, scope, {"sign": "-"})

		def neg(x: Any) -> Any:
			v = inner(x)
			return None if v is None else -v

		return neg, NUMBER

	def logical(self, node: Binary, scope: Scope) -> Compiled:
		left = self.condition(node.left, scope, node.op)
		right = self.condition(node.right, scope, node.op)
		if node.op == "Y":

			def and_(x: Any) -> Any:
				a = left(x)
				if a is not None and not a:
					return False
				b = right(x)
				if b is not None and not b:
					return False
				return None if a is None or b is None else True

			return and_, CHECK

		def or_(x: Any) -> Any:
			a = left(x)
			if a:
				return True
			b = right(x)
			if b:
				return True
			return None if a is None or b is None else False

		return or_, CHECK

	def comparison(self, node: Binary, scope: Scope) -> Compiled:
		left, lt = self.compile(node.left, scope)
		right, rt = self.compile(node.right, scope)
		op = node.op
		if (lt == TEXT) != (rt == TEXT):
			text_node, text_type = (node.left, lt) if lt == TEXT else (node.right, rt)
			raise FormulaError(errors.TYPE_TEXT_VS_NUMBER, node.pos, found=_describe(text_node, text_type))
		if lt == TEXT and op not in ("=", "<>"):
			raise FormulaError(errors.TYPE_TEXT_OPERATOR, node.pos, op=op)
		return _null_propagating(left, right, COMPARISONS[op]), CHECK

	def arithmetic(self, node: Binary, scope: Scope) -> Compiled:
		what = {"operator": node.op}
		left = self.numeric(node.left, scope, what)
		right = self.numeric(node.right, scope, what)
		op = node.op
		if op == "/":
			flag_zero = not scope.row

			def div(x: Any) -> Any:
				a = left(x)
				b = None if a is None else right(x)
				if not b:  # no value, or a zero denominator (reported outside row expressions)
					if flag_zero and b == 0:
						x.flags.add(REASON_DIVISION_BY_ZERO)
					return None
				return a / b

			return div, NUMBER
		return _null_propagating(left, right, ARITHMETIC[op]), NUMBER

	# ---- functions

	def call(self, node: Call, scope: Scope) -> Compiled:
		if node.name not in FUNCTIONS:
			raise FormulaError(errors.UNKNOWN_FUNCTION, node.pos, name=node.name, functions=sorted(FUNCTIONS))
		lo, hi = FUNCTIONS[node.name]
		count = len(node.args)
		if not lo <= count <= hi:
			raise FormulaError(errors.WRONG_ARG_COUNT, node.pos, name=node.name, min=lo, max=hi, count=count)
		if node.name == "SI":
			return self.if_(node, scope)
		if scope.row:
			raise FormulaError(errors.NESTED_AGGREGATE, node.pos, name=node.name, inside=scope.aggregate)
		if node.name in ("BASE", "CON_BASE"):
			return self.baseline(node, scope)
		if node.name == "FILTRAR":
			return self.filter(node, scope)
		if node.name in GROUP_FUNCTIONS:
			return self.group(node, scope)
		return self.aggregate(node, scope)

	def if_(self, node: Call, scope: Scope) -> Compiled:
		cond = self.condition(node.args[0], scope, "SI")
		then, tt = self.compile(node.args[1], scope)
		other, ot = self.compile(node.args[2], scope)
		if (tt == TEXT) != (ot == TEXT):
			raise FormulaError(errors.TYPE_SI_BRANCHES, node.pos)
		typ = tt if tt == ot else NUMBER

		def if_(x: Any) -> Any:
			c = cond(x)
			if c is None:
				return None
			return then(x) if c else other(x)

		return if_, typ

	def baseline(self, node: Call, scope: Scope) -> Compiled:
		if scope.in_base:
			raise FormulaError(errors.BASE_IN_BASE, node.pos, name=node.name)
		self.uses_baseline = True
		in_base = True if node.name == "BASE" else scope.in_base
		inner, typ = self.compile(node.args[0], Scope(row=False, in_base=in_base))
		if typ == TEXT:
			raise _not_numeric(node.args[0], typ, node.name)
		if node.name == "BASE":

			def base(ctx: EvalContext) -> Any:
				rows = ctx.baseline()
				if not rows:
					ctx.flags.add(REASON_NO_BASELINE)
					return None
				return inner(ctx.child(rows))

			return base, typ

		def with_base(ctx: EvalContext) -> Any:
			index, key = ctx.index or {}, ctx.subject_key
			rows = [r for r in ctx.rows if r.get(key) in index]
			if not rows:
				ctx.flags.add(REASON_NO_BASELINE)
				return None
			return inner(ctx.child(rows))

		return with_base, typ

	def filter(self, node: Call, scope: Scope) -> Compiled:
		"""FILTRAR(condición, expr): ``expr`` over the fichas of the population meeting the condition."""
		cond = self.condition(
			node.args[0], Scope(row=True, aggregate="FILTRAR", in_base=scope.in_base), "FILTRAR"
		)
		inner, typ = self.compile(node.args[1], scope)
		if typ == TEXT:
			raise _not_numeric(node.args[1], typ, "FILTRAR")

		def filtered(ctx: EvalContext) -> Any:
			rows = [r for r in ctx.rows if cond(r)]
			if not rows:
				ctx.flags.add(REASON_EMPTY_FILTER)
			return inner(ctx.child(rows))

		return filtered, typ

	def aggregate(self, node: Call, scope: Scope) -> Compiled:
		name = node.name
		row_scope = Scope(row=True, aggregate=name, in_base=scope.in_base)
		if name == "CONTAR" and not node.args:
			return (lambda ctx: len(ctx.rows)), NUMBER
		arg = node.args[0]
		if name in ("CONTAR", "PORCENTAJE"):
			cond = self.condition(arg, row_scope, name)
			if name == "CONTAR":
				return (lambda ctx: sum(1 for r in ctx.rows if cond(r))), NUMBER

			def percentage(ctx: EvalContext) -> Any:
				rows = ctx.rows
				if not rows:
					return None
				return 100.0 * sum(1 for r in rows if cond(r)) / len(rows)

			return percentage, NUMBER
		if name == "CONTAR_DISTINTOS":
			value, _typ = self.compile(arg, row_scope)

			def distinct(ctx: EvalContext) -> Any:
				seen = {value(r) for r in ctx.rows}
				seen.discard(None)
				seen.discard("")
				return len(seen)

			return distinct, NUMBER
		value = self.numeric(arg, row_scope, name)
		reduce = REDUCERS[name]

		def aggregate(ctx: EvalContext) -> Any:
			return reduce([v for v in map(value, ctx.rows) if v is not None])

		return aggregate, NUMBER

	def group(self, node: Call, scope: Scope) -> Compiled:
		name = node.name
		key_node = node.args[0]
		if not isinstance(key_node, Name):
			pos = getattr(key_node, "pos", node.pos)
			raise FormulaError(errors.GROUP_KEY_NOT_FIELD, pos, name=name)
		key, _typ = self.resolve(key_node)
		self.fields.add(key)
		inner: Callable[[Any], Any] | None = None
		if len(node.args) == 2:
			if name in ("CONTAR_GRUPOS", "PORCENTAJE_GRUPOS"):
				inner = self.condition(node.args[1], scope, name)
			else:
				inner = self.numeric(node.args[1], scope, name)

		def split(ctx: EvalContext) -> dict[Any, list[dict]]:
			groups, missing = _group_rows(ctx.rows, key)
			if missing:
				ctx.excluded.append(missing_key_exclusion(missing, key))
			return groups

		if inner is None:  # CONTAR_GRUPOS(campo)
			return (lambda ctx: len(split(ctx))), NUMBER

		def values(ctx: EvalContext) -> tuple[list[Any], int]:
			groups = split(ctx)
			out = []
			for k in sorted(groups, key=group_label):
				sub = ctx.child(groups[k], own_flags=True)
				v = inner(sub)
				if v is None:
					ctx.excluded.append((group_label(k), sub.reason()))
				else:
					out.append(v)
			return out, len(groups)

		if name == "CONTAR_GRUPOS":
			return (lambda ctx: sum(1 for v in values(ctx)[0] if v)), NUMBER
		if name == "PORCENTAJE_GRUPOS":

			def reduce(vals: list[Any]) -> Any:
				return 100.0 * sum(1 for v in vals if v) / len(vals) if vals else None

		else:
			reduce = REDUCERS[name.removesuffix("_GRUPOS")]

		def grouped(ctx: EvalContext) -> Any:
			vals, total = values(ctx)
			ctx.group_values = vals
			if total and not vals:
				ctx.flags.add(REASON_ALL_GROUPS_EXCLUDED)
			return reduce(vals)

		return grouped, NUMBER


def _sum(vals: list[Any]) -> Any:
	return math.fsum(vals) if vals else None


def _mean(vals: list[Any]) -> Any:
	return math.fsum(vals) / len(vals) if vals else None


def _min(vals: list[Any]) -> Any:
	return min(vals) if vals else None


def _max(vals: list[Any]) -> Any:
	return max(vals) if vals else None


REDUCERS: dict[str, Callable[[list[Any]], Any]] = {
	"SUMA": _sum,
	"PROMEDIO": _mean,
	"MIN": _min,
	"MAX": _max,
}
ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
	"+": lambda a, b: a + b,
	"-": lambda a, b: a - b,
	"*": lambda a, b: a * b,
}
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
	"=": lambda a, b: a == b,
	"<>": lambda a, b: a != b,
	">": lambda a, b: a > b,
	">=": lambda a, b: a >= b,
	"<": lambda a, b: a < b,
	"<=": lambda a, b: a <= b,
}


# --------------------------------------------------------------------------- public API


class Formula:
	"""A parsed, type-checked and compiled formula; evaluate it as often as needed."""

	__slots__ = ("_fn", "fields", "schema", "text", "tree", "uses_baseline")

	def __init__(
		self,
		text: str,
		fn: Callable[[Any], Any],
		fields: set[str],
		uses_baseline: bool,
		tree: Any = None,
		schema: dict[str, str] | None = None,
	):
		self.text = text
		self.fields = fields
		self.uses_baseline = uses_baseline
		self._fn = fn
		# Parsed syntax tree and the schema it was checked against (read by formula.pushdown).
		self.tree = tree
		self.schema = schema or {}

	def __repr__(self) -> str:
		return f"Formula({self.text!r})"

	def evaluate(
		self,
		rows: Iterable[dict],
		baseline_rows: Iterable[dict] | None = None,
		subject_key: str = "subject",
		baseline_index: dict[Any, list[dict]] | None = None,
	) -> Result:
		"""Evaluate over ``rows``; BASE(...) looks at ``baseline_rows`` of the same subjects.

		``baseline_index`` (from :func:`index_baseline`) replaces ``baseline_rows`` when the same
		baseline serves many evaluations.
		"""
		rows = rows if isinstance(rows, list) else list(rows)
		index: dict[Any, list[dict]] | None = None
		if self.uses_baseline:
			if baseline_index is not None:
				index = baseline_index
			elif baseline_rows is not None:
				index = index_baseline(baseline_rows, subject_key)
		ctx = EvalContext(rows, index, subject_key, [], set())
		value = final_value(self._fn(ctx))
		excluded = list(dict.fromkeys(ctx.excluded))
		reason = None if value is not None else ctx.reason()
		return Result(value, len(rows), excluded, reason, top_group_values(self.tree, ctx.group_values))


def top_group_values(tree: Any, values: list[Any] | None) -> list[float] | None:
	"""The group values of a formula whose outermost call is a group function (see Result)."""
	if values is None or not (isinstance(tree, Call) and tree.name in GROUP_FUNCTIONS):
		return None
	return [v for v in map(final_value, values) if v is not None]


def index_baseline(baseline_rows: Iterable[dict], subject_key: str = "subject") -> dict[Any, list[dict]]:
	"""Baseline rows grouped by subject, reusable across many :meth:`Formula.evaluate` calls."""
	return _group_rows(baseline_rows, subject_key)[0]


def _group_rows(rows: Iterable[dict], key: str) -> tuple[dict[Any, list[dict]], int]:
	"""Rows grouped by their ``key`` value, and how many rows had no value there."""
	groups: dict[Any, list[dict]] = {}
	missing = 0
	for r in rows:
		k = r.get(key)
		if k is None or k == "":
			missing += 1
			continue
		bucket = groups.get(k)
		if bucket is None:
			groups[k] = [r]
		else:
			bucket.append(r)
	return groups, missing


def parse(formula: str, schema: dict[str, str]) -> Formula:
	"""Parse, type-check and compile ``formula``; raise FormulaError (a code, see .errors).

	Compiled formulas are cached per (text, schema): a Formula holds no evaluation state.
	"""
	if formula is None:
		raise FormulaError(errors.EMPTY, 0)
	return _parse_cached(formula, tuple(sorted(schema.items())))


@functools.lru_cache(maxsize=512)
def _parse_cached(formula: str, schema_items: tuple[tuple[str, str], ...]) -> Formula:
	schema = dict(schema_items)
	if len(formula) > MAX_LENGTH:
		raise FormulaError(errors.TOO_LONG, MAX_LENGTH, max=MAX_LENGTH)
	try:
		tree = parse_tree(formula)
		compiler = Compiler(schema)
		fn, typ = compiler.compile(tree, Scope(row=False))
	except RecursionError:
		raise FormulaError(errors.TOO_DEEP_FOR_PYTHON, 0) from None
	if typ == TEXT:
		raise FormulaError(errors.RESULT_IS_TEXT, 0)
	return Formula(formula, fn, compiler.fields, compiler.uses_baseline, tree, dict(compiler.schema))


def validate(formula: str, schema: dict[str, str]) -> None:
	"""Raise FormulaError when ``formula`` is not valid for ``schema``."""
	parse(formula, schema)
