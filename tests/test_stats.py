"""Peer statistics (domain/stats.py)."""

import pytest

from redes_smevir.domain.stats import median, percentile_rank, position, quantile


def test_quartiles_interpolate_like_excel_quartile_inc():
	data = [1, 2, 3, 4, 5, 6, 7, 8]
	assert quantile(data, 0.25) == pytest.approx(2.75)
	assert median(data) == pytest.approx(4.5)
	assert quantile(data, 0.75) == pytest.approx(6.25)
	assert quantile([5], 0.25) == 5
	assert median([3, None, 1, 2]) == 2  # None ignored, unsorted input


def test_empty_and_invalid():
	assert median([]) is None and median([None]) is None
	assert percentile_rank(None, [1, 2]) is None and percentile_rank(1, []) is None
	with pytest.raises(ValueError):
		quantile([1], 1.5)


def test_percentile_rank_counts_ties_as_half():
	assert percentile_rank(3, [1, 2, 3, 4]) == pytest.approx(62.5)
	assert percentile_rank(10, [10, 10]) == pytest.approx(50)
	assert percentile_rank(100, [1, 2, 3, 100]) == pytest.approx(87.5)
	assert percentile_rank(0, [1, 2]) == 0


def test_position_summary():
	p = position(40, [10, 20, 30, 40, 50])
	assert (p.n, p.q1, p.median, p.q3, p.percentile) == (5, 20, 30, 40, 70)
