"""Pushdown plans evaluated over simulated SQL partials agree with the row evaluator."""

from __future__ import annotations

import random

import pytest

from redes_smevir.domain import formula as fl
from redes_smevir.domain.formula import pushdown as fp

SCHEMA = {
	"ventas": "Currency",
	"agrego": "Check",
	"sector": "Select",
	"empresa": "Link",
	"desde_base": "Check",
}
COLUMNS = {"ventas", "agrego", "sector", "empresa", "red", "conglomerado"}
VIRTUAL = {"desde_base": "red"}


def _ir(x, row):
	"""SQL meaning of a row IR node (NULL = None, three-valued logic)."""
	kind = x[0]
	if kind == "field":
		v = row.get(x[1])
		return ("" if v is None else v) if x[2] == "text" else v
	if kind in ("num", "str"):
		return x[1]
	if kind == "neg":
		v = _ir(x[1], row)
		return None if v is None else -v
	if kind == "not":
		v = _ir(x[1], row)
		return None if v is None else not v
	if kind in ("and", "or"):
		a, b = _ir(x[1], row), _ir(x[2], row)
		if kind == "and":
			if (a is not None and not a) or (b is not None and not b):
				return False
			return None if a is None or b is None else True
		if a or b:
			return True
		return None if a is None or b is None else False
	if kind in ("cmp", "tcmp", "arith"):
		a, b = _ir(x[2], row), _ir(x[3], row)
		if a is None or b is None:
			return None
		return {**fl.COMPARISONS, **fl.ARITHMETIC}[x[1]](a, b)
	if kind == "if":
		c = _ir(x[1], row)
		return None if c is None else _ir(x[2] if c else x[3], row)
	raise AssertionError(kind)


def _partial(leaf, rows, base_index):
	ctx = leaf.ctx
	rows = [r for r in rows if all(_ir(f, r) for f in ctx.filters)]
	if ctx.con_base:
		rows = [r for r in rows if r["empresa"] in base_index]
	if ctx.base:
		rows = [b for r in rows for b in base_index.get(r["empresa"], [])]
		rows = [b for b in rows if all(_ir(f, b) for f in ctx.base_filters)]
	if leaf.kind == fp.COUNT:
		return len(rows)
	if leaf.kind == fp.COUNT_IF:
		return sum(1 for r in rows if _ir(leaf.expr, r))
	vals = [v for v in (_ir(leaf.expr, r) for r in rows) if v is not None]
	if leaf.kind == fp.NONNULL:
		return len(vals)
	if not vals:
		return None
	return {fp.SUM: sum, fp.MIN: min, fp.MAX: max}[leaf.kind](vals)


def simulate(plan, rows, baseline):
	"""What the grouped query returns: one super-row per value of plan.keys."""
	index = fl.index_baseline(baseline, "empresa")
	groups: dict[tuple, list] = {}
	for r in rows:
		groups.setdefault(tuple(r.get(k) for k in plan.keys), []).append(r)
	return [(*k, *(_partial(leaf, g, index) for leaf in plan.leaves)) for k, g in groups.items()]


def world(seed):
	rng = random.Random(seed)
	rows, baseline = [], []
	for i in range(40):
		red = rng.choice(["R1", "R2", "R3", None, ""])
		row = {
			"empresa": f"E{i}",
			"red": red,
			"conglomerado": "C",
			"ventas": rng.choice([None, 0, 10, 55.5, 100, 300]),
			"agrego": rng.choice([0, 1, 1, None]),
			"sector": rng.choice(["a", "b", "", None]),
		}
		rows.append(row)
		if rng.random() < 0.7:
			baseline.append({**row, "ventas": rng.choice([None, 5, 50, 100]), "agrego": rng.choice([0, 1])})
	return rows, baseline


def since(red):
	return int(red in ("R1", "R2"))


FORMULAS = [
	"SUMA(ventas)",
	"PROMEDIO(ventas) + MIN(ventas) - MAX(ventas)",
	'PORCENTAJE(agrego = 1 O sector = "a")',
	'CONTAR(NO (sector <> "b")) + CONTAR()',
	'CONTAR(SI(agrego = 1, ventas, 0) > 50 Y sector = "")',
	"FILTRAR(ventas > 20, SUMA(ventas) / CONTAR())",
	"CON_BASE(SUMA(ventas)) / BASE(SUMA(ventas))",
	"BASE(FILTRAR(agrego = 1, PROMEDIO(ventas)))",
	"PROMEDIO_GRUPOS(red, FILTRAR(desde_base = 1, (CON_BASE(SUMA(ventas)) / BASE(SUMA(ventas)) - 1) * 100))",
	"CONTAR_GRUPOS(red, SUMA(ventas) > 100) + CONTAR_GRUPOS(sector)",
	"PORCENTAJE_GRUPOS(sector, FILTRAR(agrego = 1, CONTAR()) > 1)",
	"MAX_GRUPOS(red, FILTRAR(ventas > 1000, SUMA(ventas)))",
]


@pytest.mark.parametrize("text", FORMULAS)
@pytest.mark.parametrize("seed", range(6))
def test_plan_matches_row_evaluation(text, seed):
	formula = fl.parse(text, SCHEMA)
	plan = fp.plan(formula, COLUMNS, {"red", "empresa", "sector"}, VIRTUAL)
	rows, baseline = world(seed)
	for r in rows:
		r["desde_base"] = since(r["red"])
	expected = formula.evaluate(rows, baseline, subject_key="empresa")
	super_rows = simulate(plan, rows, baseline)
	ri = plan.key_position.get("red")
	got = plan.evaluate(super_rows, (lambda s: {"desde_base": since(s[ri])}) if ri is not None else None)
	if expected.value is None:
		assert got.value is None
	else:
		assert got.value == pytest.approx(expected.value, rel=1e-12)
	assert (got.population, got.excluded_groups, got.null_reason) == (
		expected.population,
		expected.excluded_groups,
		expected.null_reason,
	)
	assert (got.group_values is None) == (expected.group_values is None)
	assert got.group_values == pytest.approx(expected.group_values, rel=1e-12)


@pytest.mark.parametrize("text", FORMULAS)
@pytest.mark.parametrize("seed", range(4))
def test_a_shared_memo_changes_no_result(text, seed):
	"""One query's super-rows evaluated as several populations (each conglomerado, then the total)
	with one memo give exactly what each gives alone."""
	formula = fl.parse(text, SCHEMA)
	plan = fp.plan(formula, COLUMNS, {"red", "empresa", "sector"}, VIRTUAL)
	rows, baseline = world(seed)
	for r in rows:
		r["desde_base"] = since(r["red"])
	super_rows = simulate(plan, rows, baseline)
	ri = plan.key_position.get("red")
	virtual = (lambda s: {"desde_base": since(s[ri])}) if ri is not None else None
	populations = [super_rows[::2], super_rows[1::2], super_rows, super_rows[::2]]
	memo: dict = {}
	for population in populations:
		alone = plan.evaluate(population, virtual)
		shared = plan.evaluate(population, virtual, memo=memo)
		assert (shared.value, shared.population, shared.excluded_groups, shared.null_reason) == (
			alone.value,
			alone.population,
			alone.excluded_groups,
			alone.null_reason,
		)
		assert shared.group_values == alone.group_values
	if "_GRUPOS(red" in text:
		assert memo  # the groups were remembered


@pytest.mark.parametrize("seed", range(6))
def test_group_values_are_each_groups_own_value(seed):
	"""PROMEDIO_GRUPOS(red, …) gives each network's value: the formula evaluated over its rows alone
	(the units whose spread the Marco Lógico shows), and their mean is the indicator's value."""
	text = FORMULAS[8]
	formula = fl.parse(text, SCHEMA)
	rows, baseline = world(seed)
	for r in rows:
		r["desde_base"] = since(r["red"])
	res = formula.evaluate(rows, baseline, subject_key="empresa")
	own = []
	for red in sorted({r["red"] for r in rows if r["red"]}):
		v = formula.evaluate([r for r in rows if r["red"] == red], baseline, subject_key="empresa").value
		if v is not None:
			own.append(v)
	assert res.group_values == pytest.approx(own, rel=1e-12)
	if own:
		assert res.value == pytest.approx(sum(own) / len(own), rel=1e-12)
	assert fl.parse("SUMA(ventas) + 1", SCHEMA).evaluate(rows).group_values is None
	assert fl.parse("PROMEDIO_GRUPOS(red, SUMA(ventas)) + 1", SCHEMA).evaluate(rows).group_values is None


@pytest.mark.parametrize(
	"text",
	[
		"SUMA(ventas / 2)",  # MariaDB rounds decimal division
		"CONTAR_DISTINTOS(sector)",  # collation
		'CONTAR(SI(agrego = 1, sector, "x") = "a")',  # computed text
		"FILTRAR(desde_base = 1 Y agrego = 1, CONTAR())",  # virtual and stored mixed
		"BASE(PROMEDIO_GRUPOS(red, SUMA(ventas)))",  # grouping the baseline rows
		"SUMA_GRUPOS(agrego, SUMA(ventas))",  # key is not a link
		"SUMA(desde_base)",  # virtual field inside a row aggregate
	],
)
def test_not_pushable(text):
	with pytest.raises(fp.NotPushable):
		fp.plan(fl.parse(text, SCHEMA), COLUMNS, {"red", "empresa", "sector"}, VIRTUAL)


def test_parse_is_cached_per_text_and_schema():
	assert fl.parse("SUMA(ventas)", SCHEMA) is fl.parse("SUMA(ventas)", dict(SCHEMA))
	assert fl.parse("SUMA(ventas)", SCHEMA) is not fl.parse("SUMA(ventas)", {"ventas": "Float"})
