"""Descriptive statistics for peer comparison (pure; no frappe)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


def finite_values(values: Iterable[float | int | None]) -> list[float]:
	"""The values as floats, in their order, without None, NaN or infinities."""
	out = []
	for v in values:
		if v is None:
			continue
		v = float(v)
		if math.isfinite(v):
			out.append(v)
	return out


def _clean(values: Iterable[float | int | None]) -> list[float]:
	return sorted(finite_values(values))


def quantile(values: Iterable[float | int | None], q: float) -> float | None:
	"""Quantile ``q`` (0..1) by linear interpolation between closest ranks (as Excel QUARTIL.INC)."""
	data = _clean(values)
	if not data:
		return None
	if not 0 <= q <= 1:
		raise ValueError("q must be between 0 and 1")
	pos = (len(data) - 1) * q
	lo = math.floor(pos)
	hi = min(lo + 1, len(data) - 1)
	return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def median(values: Iterable[float | int | None]) -> float | None:
	return quantile(values, 0.5)


def percentile_rank(value: float | int | None, values: Iterable[float | int | None]) -> float | None:
	"""Percent of the group below ``value``, counting ties as half (0–100); None without data.

	``values`` is the whole group, normally including ``value`` itself.
	"""
	data = _clean(values)
	if value is None or not data:
		return None
	value = float(value)
	below = sum(1 for v in data if v < value)
	equal = sum(1 for v in data if v == value)
	return 100.0 * (below + 0.5 * equal) / len(data)


@dataclass(frozen=True)
class Position:
	n: int
	q1: float | None
	median: float | None
	q3: float | None
	percentile: float | None


def position(value: float | int | None, group: Iterable[float | int | None]) -> Position:
	"""Summary of ``group`` (quartiles, size) and where ``value`` stands in it."""
	data = _clean(group)
	return Position(
		n=len(data),
		q1=quantile(data, 0.25),
		median=quantile(data, 0.5),
		q3=quantile(data, 0.75),
		percentile=percentile_rank(value, data),
	)
