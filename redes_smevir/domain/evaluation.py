"""Evaluation statistics: uncertainty of an average, attribution, projection to targets, costs (pure).

Everything here is plain Python (no frappe, no numpy) so the app runs on any Frappe site:

- :func:`describe`: median, interquartile range, the mean with a **bootstrap 95 % confidence
  interval** (percentile method, fixed seed: the same data always give the same interval; above
  MAX_BOOTSTRAP_UNITS units the normal interval, which it then matches) and the share of units
  that reach a meta.
- :func:`difference_in_differences`: change of the members' gross sales minus the change of a
  comparison group's, with a bootstrap interval that resamples firms **within each group**
  (stratified bootstrap) and, for reference, the analytic (Welch) standard error.
- :func:`project`: linear trajectory of an indicator from its measured periods to the horizon of a
  meta (6, 12, 18 months...), flagged "En camino" or "En riesgo".
- :func:`cost_effectiveness`: cost per network, per firm and per sol of additional sales.

Quantiles interpolate linearly between closest ranks (``stats.quantile``, as Excel QUARTIL.INC and
numpy's default), for the data and for the bootstrap distribution alike.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from redes_smevir.domain import stats

SEED = 20111  # fixed: reports must give the same interval every time they run
RESAMPLES = 2000
LEVEL = 0.95
MIN_UNITS_CI = 3  # fewer units: no interval (a bootstrap of 1–2 values says nothing)
# More units: the normal interval of the mean. There the bootstrap agrees with it within its own
# Monte Carlo error (1–3 % of the width, even for skewed data) and would cost 0.3 s per 1,000
# units in pure Python: 140 s for a Marco Lógico of 20,000 networks.
MAX_BOOTSTRAP_UNITS = 1000
MIN_DID_GROUP = 5  # firms with both measurements needed in each group for a DiD estimate

# Projection states (Spanish, shown to users; translated with _() by the services).
EN_CAMINO, EN_RIESGO = "En camino", "En riesgo"
ALCANZADA, NO_ALCANZADA = "Meta alcanzada", "Meta no alcanzada"
SIN_DATOS = "Sin datos"

# Problem codes (the services translate them).
TOO_FEW_MEMBERS = "too_few_members"
TOO_FEW_COMPARISON = "too_few_comparison"


def mean(values: Iterable[float | int | None]) -> float | None:
	data = stats.finite_values(values)
	return math.fsum(data) / len(data) if data else None


def sample_variance(values: Sequence[float]) -> float | None:
	"""Unbiased variance (n − 1); None with fewer than two values."""
	if len(values) < 2:
		return None
	m = math.fsum(values) / len(values)
	return math.fsum((v - m) ** 2 for v in values) / (len(values) - 1)


def _percentile_interval(estimates: list[float], level: float) -> tuple[float, float]:
	alpha = (1.0 - level) / 2.0
	return stats.quantile(estimates, alpha), stats.quantile(estimates, 1.0 - alpha)


def bootstrap_mean_ci(
	values: Iterable[float | int | None],
	level: float = LEVEL,
	resamples: int = RESAMPLES,
	seed: int = SEED,
) -> tuple[float, float] | None:
	"""Percentile bootstrap interval of the mean: resample ``values`` with replacement ``resamples``
	times (``random.Random(seed)``), take the ``(1 − level)/2`` and ``(1 + level)/2`` quantiles of
	the resampled means. None with fewer than MIN_UNITS_CI values. The values are sorted first, so
	the interval depends only on the values, not on the order they come in.
	"""
	data = sorted(stats.finite_values(values))
	n = len(data)
	if n < MIN_UNITS_CI:
		return None
	rng = random.Random(seed)
	choose = rng.choices
	means = [math.fsum(choose(data, k=n)) / n for _ in range(resamples)]
	return _percentile_interval(means, level)


def normal_mean_ci(values: Iterable[float | int | None], level: float = LEVEL) -> tuple[float, float] | None:
	"""Mean ± z·s/√n (z of the normal distribution for ``level``); None with fewer than MIN_UNITS_CI."""
	data = stats.finite_values(values)
	n = len(data)
	if n < MIN_UNITS_CI:
		return None
	m = math.fsum(data) / n
	half = NormalDist().inv_cdf(0.5 + level / 2.0) * math.sqrt(sample_variance(data) / n)
	return m - half, m + half


def mean_ci(
	values: Iterable[float | int | None],
	level: float = LEVEL,
	resamples: int = RESAMPLES,
	seed: int = SEED,
	bootstrap: Callable[..., tuple[float, float] | None] | None = None,
) -> tuple[float, float] | None:
	"""The interval of the mean the reports show: the percentile bootstrap up to MAX_BOOTSTRAP_UNITS
	units, the normal interval above. ``bootstrap``: a stand-in for :func:`bootstrap_mean_ci`."""
	data = stats.finite_values(values)
	if len(data) > MAX_BOOTSTRAP_UNITS:
		return normal_mean_ci(data, level)
	return (bootstrap or bootstrap_mean_ci)(data, level, resamples, seed)


def share_reaching(values: Iterable[float | int | None], meta: float | None) -> float | None:
	"""Percent of the values at or above ``meta`` (a unit exactly at the meta reaches it)."""
	data = stats.finite_values(values)
	if meta is None or not data:
		return None
	return 100.0 * sum(1 for v in data if v >= meta) / len(data)


@dataclass(frozen=True)
class Summary:
	"""How the units behind an average are spread."""

	n: int
	media: float | None
	mediana: float | None
	q1: float | None
	q3: float | None
	ic_inferior: float | None
	ic_superior: float | None
	meta: float | None = None
	pct_alcanza_meta: float | None = None  # percent of units >= meta

	@property
	def ric(self) -> float | None:
		"""Interquartile range (Q3 − Q1)."""
		return None if self.q1 is None or self.q3 is None else self.q3 - self.q1


def describe(
	values: Iterable[float | int | None],
	meta: float | None = None,
	level: float = LEVEL,
	resamples: int = RESAMPLES,
	seed: int = SEED,
	bootstrap: Callable[..., tuple[float, float] | None] | None = None,
) -> Summary:
	"""``bootstrap``: a stand-in for :func:`bootstrap_mean_ci` with its signature (e.g. memoised)."""
	data = stats.finite_values(values)
	ci = mean_ci(data, level, resamples, seed, bootstrap=bootstrap)
	return Summary(
		n=len(data),
		media=mean(data),
		mediana=stats.quantile(data, 0.5),
		q1=stats.quantile(data, 0.25),
		q3=stats.quantile(data, 0.75),
		ic_inferior=ci[0] if ci else None,
		ic_superior=ci[1] if ci else None,
		meta=meta,
		pct_alcanza_meta=share_reaching(data, meta),
	)


# --------------------------------------------------------------------------- difference in differences


@dataclass(frozen=True)
class DiD:
	"""Difference in differences of a firm-level outcome (gross sales), members vs comparison firms."""

	n_miembros: int
	n_comparacion: int
	base_miembros: float | None  # mean outcome at the baseline
	base_comparacion: float | None
	cambio_miembros: float | None  # mean change (period − baseline) per firm
	cambio_comparacion: float | None
	estimado: float | None  # cambio_miembros − cambio_comparacion
	ic_inferior: float | None
	ic_superior: float | None
	error_estandar: float | None  # analytic (Welch), for reference
	problema: str | None = None  # TOO_FEW_MEMBERS / TOO_FEW_COMPARISON: no estimate
	minimo: int = MIN_DID_GROUP

	@property
	def estimado_pct(self) -> float | None:
		"""The estimate as a percent of the members' mean baseline outcome."""
		if self.estimado is None or not self.base_miembros:
			return None
		return 100.0 * self.estimado / self.base_miembros


def _pairs(rows: Iterable[tuple[float | int | None, float | int | None]]) -> list[tuple[float, float]]:
	out = []
	for before, after in rows:
		b, a = stats.finite_values([before]), stats.finite_values([after])
		if b and a:
			out.append((b[0], a[0]))
	return out


def difference_in_differences(
	members: Iterable[tuple[float | int | None, float | int | None]],
	comparison: Iterable[tuple[float | int | None, float | int | None]],
	level: float = LEVEL,
	resamples: int = RESAMPLES,
	seed: int = SEED,
	min_group: int = MIN_DID_GROUP,
) -> DiD:
	"""DiD from (baseline, period) outcome pairs per firm; firms missing either value are left out.

	Estimate: mean change of the members minus mean change of the comparison firms. Interval:
	percentile bootstrap resampling firms with replacement within each group (members from
	members, comparison firms from comparison firms), ``resamples`` times with
	``random.Random(seed)``. With fewer than ``min_group`` firms in a group there is no estimate
	and ``problema`` says which group is too small.
	"""
	m, c = _pairs(members), _pairs(comparison)
	dm = sorted(a - b for b, a in m)  # sorted: the interval does not depend on the firms' order
	dc = sorted(a - b for b, a in c)
	base_m = mean(b for b, _a in m)
	base_c = mean(b for b, _a in c)
	problem = None
	if len(m) < min_group:
		problem = TOO_FEW_MEMBERS
	elif len(c) < min_group:
		problem = TOO_FEW_COMPARISON
	if problem:
		return DiD(
			len(m), len(c), base_m, base_c, mean(dm), mean(dc), None, None, None, None, problem, min_group
		)
	estimate = mean(dm) - mean(dc)
	var_m, var_c = sample_variance(dm), sample_variance(dc)
	se = math.sqrt(var_m / len(dm) + var_c / len(dc))
	rng = random.Random(seed)
	choose = rng.choices
	nm, nc = len(dm), len(dc)
	draws = [math.fsum(choose(dm, k=nm)) / nm - math.fsum(choose(dc, k=nc)) / nc for _ in range(resamples)]
	lo, hi = _percentile_interval(draws, level)
	return DiD(nm, nc, base_m, base_c, mean(dm), mean(dc), estimate, lo, hi, se, None, min_group)


# --------------------------------------------------------------------------- projection to the meta


@dataclass(frozen=True)
class Projection:
	horizonte: int  # months from the programme start
	meta: float
	proyectado: float | None  # value expected at the horizon (the measured one once it has passed)
	estado: str  # EN_CAMINO, EN_RIESGO, ALCANZADA, NO_ALCANZADA, SIN_DATOS
	pendiente: float | None = None  # change per month of the fitted line


def linear_fit(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
	"""Least-squares line ``value = a + b·months`` through ``points``; (a, b).

	One distinct month (or a single point) gives a flat line at the mean; no points, None.
	"""
	if not points:
		return None
	n = len(points)
	mx = math.fsum(x for x, _y in points) / n
	my = math.fsum(y for _x, y in points) / n
	sxx = math.fsum((x - mx) ** 2 for x, _y in points)
	if sxx == 0:
		return my, 0.0
	b = math.fsum((x - mx) * (y - my) for x, y in points) / sxx
	return my - b * mx, b


def project(points: Iterable[tuple[float, float | None]], horizonte: int, meta: float) -> Projection:
	"""Where the indicator stands against ``meta`` at ``horizonte`` months.

	``points``: (months since the programme start, measured value), the baseline included when
	known (e.g. (0, 0) for indicators that start at zero). If a measurement exists at or after the
	horizon, the horizon has passed: the latest measurement says "Meta alcanzada" or "Meta no
	alcanzada". Otherwise the least-squares line through the points is extended to the horizon:
	"En camino" if the projected value reaches the meta, "En riesgo" if not. A single measurement
	projects as a flat line (the value is assumed to stay).
	"""
	pts = sorted((float(x), float(y)) for x, y in points if y is not None and math.isfinite(float(y)))
	if not pts:
		return Projection(horizonte, meta, None, SIN_DATOS)
	last_x, last_y = pts[-1]
	if last_x >= horizonte:
		return Projection(horizonte, meta, last_y, ALCANZADA if last_y >= meta else NO_ALCANZADA)
	a, b = linear_fit(pts)
	value = a + b * horizonte
	return Projection(horizonte, meta, value, EN_CAMINO if value >= meta else EN_RIESGO, b)


def next_projection(projections: Iterable[Projection]) -> Projection | None:
	"""The projection to show: the nearest horizon not yet passed, else the last one passed."""
	items = sorted(projections, key=lambda p: p.horizonte)
	pending = [p for p in items if p.estado in (EN_CAMINO, EN_RIESGO)]
	if pending:
		return pending[0]
	return items[-1] if items else None


# --------------------------------------------------------------------------- cost-effectiveness


@dataclass(frozen=True)
class CostEffectiveness:
	costo: float
	redes: int
	empresas: int
	ventas_adicionales: float | None  # members' sales in the period − at the baseline (same firms)

	@property
	def por_red(self) -> float | None:
		return self.costo / self.redes if self.redes else None

	@property
	def por_empresa(self) -> float | None:
		return self.costo / self.empresas if self.empresas else None

	@property
	def por_sol_adicional(self) -> float | None:
		"""Cost of each sol of additional sales; None when sales did not grow."""
		if not self.ventas_adicionales or self.ventas_adicionales <= 0:
			return None
		return self.costo / self.ventas_adicionales

	@property
	def ventas_por_sol(self) -> float | None:
		"""Additional sales per sol spent (the inverse ratio)."""
		if not self.costo or self.ventas_adicionales is None:
			return None
		return self.ventas_adicionales / self.costo


def cost_effectiveness(
	costo: float | int | None, redes: int, empresas: int, ventas_adicionales: float | None
) -> CostEffectiveness:
	return CostEffectiveness(float(costo or 0), int(redes), int(empresas), ventas_adicionales)


# --------------------------------------------------------------------------- which averages have units


def averaged_groups_key(tree) -> str | None:
	"""Field whose groups a formula averages at its top level: ``red`` for ``PROMEDIO_GRUPOS(red, …)``.

	Only such formulas are "an average over units" whose spread the reports can show: evaluating the
	whole formula over one group's rows gives that group's value (the mean of a single value).
	``tree`` is ``Formula.tree`` (read by attribute, as formula_pushdown does).
	"""
	if getattr(tree, "name", None) != "PROMEDIO_GRUPOS":
		return None
	args = getattr(tree, "args", ())
	key = args[0] if args else None
	name = getattr(key, "name", None)
	return name if isinstance(name, str) and not hasattr(key, "args") else None
