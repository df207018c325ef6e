"""Metas, achievement and traffic lights (domain/indicators.py)."""

from datetime import date

import pytest

from redes_smevir.domain.indicators import (
	AMARILLO,
	BASE_LB,
	BASE_NONE,
	BASE_ZERO,
	H_FINAL,
	H_MESES,
	H_PERIODO,
	ROJO,
	SIN_DATO,
	SIN_META,
	VERDE,
	Meta,
	achievement,
	baseline_value,
	months_between,
	pick_meta,
	traffic_light,
)

METAS = [
	Meta(81, None, H_MESES, meses=6),
	Meta(100, None, H_MESES, meses=18),
	Meta(5, "Gamarra", H_MESES, meses=6),
	Meta(7, "Gamarra", H_PERIODO, periodo="P2"),
]


def test_months_between():
	assert months_between(date(2010, 2, 1), date(2010, 8, 1)) == 6
	assert months_between(date(2010, 2, 15), date(2010, 8, 14)) == 5
	assert months_between(date(2010, 2, 1), date(2011, 9, 30)) == 19
	assert months_between(date(2010, 2, 1), date(2010, 1, 1)) == -1


def test_meta_by_months_reached():
	assert pick_meta(METAS, "P1", None, 3) is None  # no horizon reached yet
	assert pick_meta(METAS, "P1", None, 12).valor_meta == 81
	assert pick_meta(METAS, "P1", None, 19).valor_meta == 100


def test_conglomerado_meta_wins_and_period_meta_first():
	assert pick_meta(METAS, "P1", "Gamarra", 12).valor_meta == 5
	assert pick_meta(METAS, "P2", "Gamarra", 12).valor_meta == 7
	# A conglomerado without metas of its own falls back to the overall ones.
	assert pick_meta(METAS, "P1", "Cusco", 19).valor_meta == 100
	# The overall row never takes a conglomerado's meta.
	assert pick_meta(METAS, "P2", None, 3) is None


def test_final_horizon_only_for_final_measurement():
	metas = [Meta(10, None, H_FINAL)]
	assert pick_meta(metas, "P", None, 30, is_final=False) is None
	assert pick_meta(metas, "P", None, 30, is_final=True).valor_meta == 10


def test_achievement_and_lights():
	assert achievement(59.76, 10) == pytest.approx(597.6)
	assert achievement(None, 10) is None and achievement(5, None) is None and achievement(5, 0) is None
	assert traffic_light(100) == VERDE
	assert traffic_light(70) == AMARILLO
	assert traffic_light(69.9) == ROJO
	assert traffic_light(None) == SIN_DATO
	assert traffic_light(None, has_meta=False) == SIN_META


def test_baseline_rule():
	assert baseline_value(BASE_LB, 12.5) == 12.5
	assert baseline_value(BASE_ZERO, 12.5) == 0
	assert baseline_value(BASE_NONE, 12.5) is None
