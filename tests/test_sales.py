"""Sales increase per network (domain/sales.py)."""

from datetime import date

import pytest

from redes_smevir.domain.sales import (
	REASON_LATE,
	REASON_LEFT,
	REASON_NO_BASELINE,
	REASON_NO_DATA,
	REASON_ZERO_BASELINE,
	Network,
	membership_exclusion,
	sales_increase,
)

LB, FIN = date(2010, 3, 31), date(2011, 9, 30)


def row(empresa, red, ventas):
	return {"empresa": empresa, "red": red, "ventas_brutas": ventas}


def test_increase_compares_same_firms_and_averages_only_comparable_networks():
	nets = [
		Network("A", "G", date(2010, 2, 1)),
		Network("B", "G", date(2010, 2, 1)),
		Network("L", "G", date(2010, 10, 1)),  # joined after the baseline
		Network("C", "K", date(2010, 2, 1)),
		Network("R", "K", date(2010, 2, 1), date(2011, 3, 31), True),  # left
	]
	base = [row("a1", "A", 100), row("a2", "A", 200), row("b1", "B", 100), row("c1", "C", 50),
			row("r1", "R", 80)]  # fmt: skip
	now = [
		row("a1", "A", 150), row("a2", "A", 250), row("a3", "A", 999),  # a3 joined later: ignored
		row("b1", "B", 120), row("l1", "L", 500), row("c1", "C", 100),
	]  # fmt: skip
	res = sales_increase(nets, base, now, LB, FIN)
	by = {n.red: n for n in res.redes}
	assert by["A"].incremento == pytest.approx(100 / 3)  # 400 vs 300, a3 not compared
	assert by["A"].empresas == 2 and by["A"].ventas_periodo == 400
	assert by["B"].incremento == pytest.approx(20)
	assert by["C"].incremento == pytest.approx(100)
	assert by["L"].motivo == REASON_LATE and not by["L"].en_promedio
	assert by["R"].motivo == REASON_LEFT and by["R"].ventas_base == 80
	assert res.promedio_conglomerado["G"] == pytest.approx((100 / 3 + 20) / 2)
	assert res.promedio_conglomerado["K"] == pytest.approx(100)
	# Overall: mean over the three networks, not the mean of the conglomerado means.
	assert res.promedio_general == pytest.approx((100 / 3 + 20 + 100) / 3)
	assert res.redes_en_promedio == 3
	assert {n.red for n in res.excluidas} == {"L", "R"}


def test_reasons_for_missing_data():
	nets = [Network("N", "G"), Network("Z", "G"), Network("E", "G")]
	res = sales_increase(nets, [row("z1", "Z", 0)], [row("n1", "N", 10), row("z1", "Z", 10)], LB, FIN)
	by = {n.red: n for n in res.redes}
	assert by["N"].motivo == REASON_NO_BASELINE
	assert by["Z"].motivo == REASON_ZERO_BASELINE and by["Z"].incremento is None
	assert by["E"].motivo == REASON_NO_DATA
	assert res.promedio_general is None and res.promedio_conglomerado["G"] is None


def test_published_averages_from_network_increases():
	# The seed's table: the rule reproduces 42.84 / 83.93 / 59.76 from the per-network figures.
	gamarra = [164.9, 69.36, 59.7, 31.0, 30.0, 18.99, 17.3, 15.15, 14.44, 7.53]
	cusco = [186.17, 79.86, 75.66, 68.11, 62.81, 60.27, 54.63]
	nets, base, now = [], [], []
	for congl, incs in (("Gamarra", gamarra), ("Cusco", cusco)):
		for i, inc in enumerate(incs):
			red = f"{congl}{i}"
			nets.append(Network(red, congl, date(2010, 2, 1)))
			base.append(row(f"{red}-e", red, 1000.0))
			now.append(row(f"{red}-e", red, 1000.0 * (1 + inc / 100)))
	nets.append(Network("RABLEM", "Gamarra", date(2010, 10, 1)))
	now.append(row("rab", "RABLEM", 5380.0))
	res = sales_increase(nets, base, now, LB, FIN)
	assert round(res.promedio_conglomerado["Gamarra"], 2) == 42.84
	assert round(res.promedio_conglomerado["Cusco"], 2) == 83.93
	assert round(res.promedio_general, 2) == 59.76
	assert res.redes_en_promedio == 17


def test_membership_exclusion_dates():
	assert membership_exclusion(Network("x", "G", date(2010, 3, 31)), LB, FIN) is None  # same day is fine
	assert membership_exclusion(Network("x", "G", date(2010, 4, 1)), LB, FIN) == REASON_LATE
	# Retiring after the period's reference date does not exclude the network from that period.
	assert membership_exclusion(Network("x", "G", None, date(2011, 10, 1), True), LB, FIN) is None
	assert membership_exclusion(Network("x", "G", None, None, True), LB, FIN) == REASON_LEFT
