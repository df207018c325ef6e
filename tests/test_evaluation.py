"""Evaluation statistics (domain/evaluation.py) against values worked out by hand or with numpy."""

import itertools
import math

import pytest

from redes_smevir.domain import evaluation as ev

# The seed's 17 networks present since the baseline (% increase of gross sales, 2010 → 2011).
SEED_INCREASES = [
	164.90, 69.36, 59.70, 31.00, 30.00, 18.99, 17.30, 15.15, 14.44, 7.53,  # Gamarra
	186.17, 79.86, 75.66, 68.11, 62.81, 60.27, 54.63,  # Cusco
]  # fmt: skip


# --------------------------------------------------------------------------- describe


def test_describe_small_sample_by_hand():
	s = ev.describe([4, 1, 3, 2], meta=3)
	# sorted 1 2 3 4: median (2+3)/2; Q1 at rank 0.75 → 1.75; Q3 at rank 2.25 → 3.25
	assert (s.n, s.media, s.mediana, s.q1, s.q3) == (4, 2.5, 2.5, 1.75, 3.25)
	assert s.ric == pytest.approx(1.5)
	assert s.pct_alcanza_meta == 50  # 3 and 4 reach 3 (a unit exactly at the meta reaches it)


def test_describe_the_seed_networks():
	s = ev.describe(SEED_INCREASES, meta=10)
	# 1015.88 / 17 = 59.7576…, the published 59.76 %
	assert s.media == pytest.approx(1015.88 / 17)
	# 17 sorted values: the 9th is the median (59.70), the 5th Q1 (18.99), the 13th Q3 (69.36)
	assert s.mediana == pytest.approx(59.70)
	assert s.q1 == pytest.approx(18.99)
	assert s.q3 == pytest.approx(69.36)
	assert s.pct_alcanza_meta == pytest.approx(100 * 16 / 17)  # only ESSENCE MOD (7.53) is below 10
	# The interval contains the mean, is reproducible and stays inside the data's range
	assert s.ic_inferior < s.media < s.ic_superior
	assert 7.53 < s.ic_inferior and s.ic_superior < 186.17
	assert ev.describe(SEED_INCREASES, meta=10) == s


def test_describe_empty_and_none_values():
	s = ev.describe([None, float("nan")])
	assert (s.n, s.media, s.mediana, s.ic_inferior, s.pct_alcanza_meta) == (0, None, None, None, None)
	assert ev.describe([5, None, 7]).n == 2


# --------------------------------------------------------------------------- bootstrap of the mean


def test_bootstrap_needs_three_values():
	assert ev.bootstrap_mean_ci([1, 2]) is None
	assert ev.bootstrap_mean_ci([1, 2, 3]) is not None


def test_bootstrap_constant_data_gives_a_point():
	assert ev.bootstrap_mean_ci([7, 7, 7, 7]) == (7, 7)


def test_bootstrap_matches_the_exact_bootstrap_distribution():
	# [0, 0, 30]: a resample's mean is 10·k, k ~ Binomial(3, 1/3): P(0)=8/27, P(10)=12/27,
	# P(20)=6/27, P(30)=1/27. The 2.5 % quantile is 0; below 30 lies 26/27 = 96.3 % < 97.5 %,
	# so the 97.5 % quantile is 30.
	assert ev.bootstrap_mean_ci([0, 0, 30]) == (0, 30)


def test_bootstrap_is_reproducible_and_depends_on_the_seed():
	data = list(range(1, 21))
	assert ev.bootstrap_mean_ci(data) == ev.bootstrap_mean_ci(data)
	assert ev.bootstrap_mean_ci(data) == ev.bootstrap_mean_ci(reversed(data))  # order does not matter
	assert ev.bootstrap_mean_ci(data, seed=1) != ev.bootstrap_mean_ci(data, seed=2)


def test_bootstrap_close_to_the_normal_interval_for_a_large_sample():
	data = [(i * 37) % 101 for i in range(400)]  # deterministic, roughly uniform 0..100
	n = len(data)
	m = sum(data) / n
	sd = math.sqrt(sum((x - m) ** 2 for x in data) / n)  # the bootstrap's own spread (ddof 0)
	half = 1.959964 * sd / math.sqrt(n)
	lo, hi = ev.bootstrap_mean_ci(data, resamples=4000)
	assert lo == pytest.approx(m - half, abs=0.1 * half)
	assert hi == pytest.approx(m + half, abs=0.1 * half)


def test_large_samples_get_the_normal_interval_which_the_bootstrap_matches():
	import random

	rng = random.Random(5)
	skewed = [rng.lognormvariate(3, 1) for _ in range(ev.MAX_BOOTSTRAP_UNITS)]
	n = len(skewed)
	m = sum(skewed) / n
	s = math.sqrt(sum((x - m) ** 2 for x in skewed) / (n - 1))
	lo, hi = ev.normal_mean_ci(skewed)
	assert (lo, hi) == pytest.approx((m - 1.959964 * s / math.sqrt(n), m + 1.959964 * s / math.sqrt(n)))
	# at the threshold the reports still bootstrap, and both intervals agree within 5 % of the width
	assert ev.mean_ci(skewed) == ev.bootstrap_mean_ci(skewed)
	blo, bhi = ev.bootstrap_mean_ci(skewed)
	assert max(abs(blo - lo), abs(bhi - hi)) < 0.05 * (hi - lo)
	# one unit more: the normal interval, without resampling
	more = [*skewed, m]
	calls = []
	assert ev.mean_ci(more, bootstrap=lambda *a: calls.append(a)) == ev.normal_mean_ci(more)
	assert not calls
	summary = ev.describe(more)
	assert (summary.ic_inferior, summary.ic_superior) == ev.normal_mean_ci(more)
	assert ev.normal_mean_ci([1.0, 2.0]) is None


def test_bootstrap_against_numpy():
	np = pytest.importorskip("numpy")
	data = np.array(SEED_INCREASES)
	rng = np.random.default_rng(0)
	means = rng.choice(data, size=(100_000, data.size), replace=True).mean(axis=1)
	lo, hi = np.quantile(means, [0.025, 0.975])
	ours = ev.bootstrap_mean_ci(SEED_INCREASES, resamples=20_000)
	# Two Monte Carlo estimates of the same quantiles: within a few tenths of a point
	assert ours[0] == pytest.approx(lo, abs=1.0)
	assert ours[1] == pytest.approx(hi, abs=1.0)
	assert float(np.median(data)) == pytest.approx(ev.describe(SEED_INCREASES).mediana)
	q1, q3 = np.quantile(data, [0.25, 0.75])
	s = ev.describe(SEED_INCREASES)
	assert (s.q1, s.q3) == (pytest.approx(q1), pytest.approx(q3))


def test_exact_bootstrap_by_enumeration():
	# Every resample of 4 values enumerated (4^4 = 256 equally likely): its 2.5 / 97.5 % quantiles
	data = [1.0, 2.0, 4.0, 9.0]
	means = sorted(sum(c) / 4 for c in itertools.product(data, repeat=4))
	from redes_smevir.domain.stats import quantile

	exact = (quantile(means, 0.025), quantile(means, 0.975))
	lo, hi = ev.bootstrap_mean_ci(data, resamples=20_000)
	assert lo == pytest.approx(exact[0], abs=0.3)
	assert hi == pytest.approx(exact[1], abs=0.3)


# --------------------------------------------------------------------------- difference in differences

MEMBERS = [(100, 150), (200, 260), (300, 330), (400, 480), (500, 560)]  # changes 50 60 30 80 60
COMPARISON = [(100, 110), (200, 220), (300, 300), (400, 420), (500, 530)]  # changes 10 20 0 20 30


def test_did_estimate_and_analytic_error_by_hand():
	d = ev.difference_in_differences(MEMBERS, COMPARISON)
	assert (d.n_miembros, d.n_comparacion) == (5, 5)
	assert d.cambio_miembros == 56 and d.cambio_comparacion == 16
	assert d.estimado == 40
	assert d.base_miembros == 300
	assert d.estimado_pct == pytest.approx(40 / 300 * 100)
	# variances (n−1): members 1320/4 = 330, comparison 520/4 = 130; SE = √(330/5 + 130/5) = √92
	assert d.error_estandar == pytest.approx(math.sqrt(92))
	assert d.ic_inferior < 40 < d.ic_superior
	assert d.problema is None
	assert ev.difference_in_differences(MEMBERS, COMPARISON) == d  # reproducible
	assert ev.difference_in_differences(MEMBERS[::-1], COMPARISON[::-1]) == d  # whatever the order


def test_did_interval_close_to_the_normal_one_for_large_groups():
	members = [(1000 + i, 1000 + i + 50 + (i * 13) % 40) for i in range(300)]
	comparison = [(1000 + i, 1000 + i + 10 + (i * 7) % 30) for i in range(300)]
	d = ev.difference_in_differences(members, comparison, resamples=4000)
	# The bootstrap's spread is the ddof-0 one: SE·√((n−1)/n), practically the same for n = 300
	half = 1.959964 * d.error_estandar
	assert d.ic_inferior == pytest.approx(d.estimado - half, abs=0.1 * half)
	assert d.ic_superior == pytest.approx(d.estimado + half, abs=0.1 * half)


def test_did_against_numpy_stratified_bootstrap():
	np = pytest.importorskip("numpy")
	dm = np.array([a - b for b, a in MEMBERS], dtype=float)
	dc = np.array([a - b for b, a in COMPARISON], dtype=float)
	rng = np.random.default_rng(1)
	draws = rng.choice(dm, size=(100_000, 5)).mean(axis=1) - rng.choice(dc, size=(100_000, 5)).mean(axis=1)
	lo, hi = np.quantile(draws, [0.025, 0.975])
	d = ev.difference_in_differences(MEMBERS, COMPARISON, resamples=20_000)
	# The resampled differences move in steps of 2 (means of five multiples of 10): a Monte Carlo
	# quantile may land on the neighbouring step
	assert d.ic_inferior == pytest.approx(lo, abs=2.0)
	assert d.ic_superior == pytest.approx(hi, abs=2.0)
	se = math.sqrt(dm.var(ddof=1) / 5 + dc.var(ddof=1) / 5)
	assert d.error_estandar == pytest.approx(se)


def test_did_refuses_a_small_comparison_group():
	d = ev.difference_in_differences(MEMBERS, COMPARISON[:4])
	assert d.problema == ev.TOO_FEW_COMPARISON
	assert d.estimado is None and d.ic_inferior is None
	assert d.n_comparacion == 4 and d.cambio_comparacion == 12.5  # still says what it saw
	assert ev.difference_in_differences(MEMBERS[:2], COMPARISON).problema == ev.TOO_FEW_MEMBERS


def test_did_leaves_out_firms_missing_a_measurement():
	d = ev.difference_in_differences([*MEMBERS, (None, 100), (100, None)], [*COMPARISON, (50, None)])
	assert (d.n_miembros, d.n_comparacion, d.estimado) == (5, 5, 40)


# --------------------------------------------------------------------------- projection


def test_projection_on_track_and_at_risk_by_hand():
	# (0, 0) and (6, 8): 8/6 per month → 16 at month 12, exactly the meta
	p = ev.project([(0, 0), (6, 8)], horizonte=12, meta=16)
	assert p.estado == ev.EN_CAMINO and p.proyectado == pytest.approx(16)
	p = ev.project([(0, 0), (6, 6)], horizonte=12, meta=16)
	assert p.estado == ev.EN_RIESGO and p.proyectado == pytest.approx(12)


def test_projection_least_squares_by_hand():
	# (0,0) (6,10) (12,14): mean x 6, mean y 8; Sxx = 72, Sxy = 48 + 36 = 84; b = 7/6, a = 1
	p = ev.project([(0, 0), (6, 10), (12, 14)], horizonte=18, meta=20)
	assert p.pendiente == pytest.approx(7 / 6)
	assert p.proyectado == pytest.approx(22)
	assert p.estado == ev.EN_CAMINO
	assert ev.project([(0, 0), (6, 10), (12, 14)], horizonte=18, meta=23).estado == ev.EN_RIESGO


def test_projection_against_numpy_polyfit():
	np = pytest.importorskip("numpy")
	pts = [(0, 3.0), (4, 5.5), (9, 6.1), (13, 9.7)]
	b, a = np.polyfit([x for x, _ in pts], [y for _, y in pts], 1)
	p = ev.project(pts, horizonte=18, meta=10)
	assert p.proyectado == pytest.approx(a + b * 18)


def test_projection_after_the_horizon_uses_the_last_measurement():
	p = ev.project([(0, 0), (19, 20)], horizonte=18, meta=16)
	assert (p.estado, p.proyectado) == (ev.ALCANZADA, 20)
	p = ev.project([(0, 0), (19, 10)], horizonte=18, meta=16)
	assert p.estado == ev.NO_ALCANZADA


def test_projection_single_point_is_flat_and_no_point_is_no_data():
	assert ev.project([(6, 17)], horizonte=12, meta=16).estado == ev.EN_CAMINO
	assert ev.project([(6, 15)], horizonte=12, meta=16).estado == ev.EN_RIESGO
	assert ev.project([(6, None)], horizonte=12, meta=16).estado == ev.SIN_DATOS


def test_next_projection_prefers_the_nearest_pending_horizon():
	ps = [
		ev.Projection(6, 1, 2, ev.ALCANZADA),
		ev.Projection(18, 1, 0, ev.EN_RIESGO),
		ev.Projection(12, 1, 0, ev.EN_CAMINO),
	]
	assert ev.next_projection(ps).horizonte == 12
	assert ev.next_projection(ps[:1]).horizonte == 6
	assert ev.next_projection([]) is None


# --------------------------------------------------------------------------- cost-effectiveness


def test_cost_effectiveness_ratios():
	c = ev.cost_effectiveness(100_000, redes=20, empresas=80, ventas_adicionales=2_000_000)
	assert (c.por_red, c.por_empresa, c.por_sol_adicional, c.ventas_por_sol) == (5000, 1250, 0.05, 20)
	none = ev.cost_effectiveness(100, redes=0, empresas=0, ventas_adicionales=-5)
	assert (none.por_red, none.por_empresa, none.por_sol_adicional) == (None, None, None)


# --------------------------------------------------------------------------- averaged units


def test_averaged_groups_key():
	from redes_smevir.domain import formula as fl

	schema = {"ventas_brutas": fl.NUMBER, "red": fl.TEXT, "agrego_valor": fl.CHECK}
	assert ev.averaged_groups_key(fl.parse("PROMEDIO_GRUPOS(red, SUMA(ventas_brutas))", schema).tree) == "red"
	assert ev.averaged_groups_key(fl.parse("PROMEDIO(ventas_brutas)", schema).tree) is None
	assert ev.averaged_groups_key(fl.parse("SUMA_GRUPOS(red, SUMA(ventas_brutas))", schema).tree) is None
