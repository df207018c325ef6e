"""The "pequeña empresa" rule of the programme."""

from __future__ import annotations

from redes_smevir.domain.problems import Problem

MAX_SALES_USD = 750_000
MAX_WORKERS = 50


# Problem codes: why a firm is not a "pequeña empresa".
NOT_FORMAL = "firm_not_formal"
SALES_ABOVE = "firm_sales_above"  # sales, max
WORKERS_ABOVE = "firm_workers_above"  # workers, max


def small_firm_warnings(
	formal: bool,
	ventas_anuales_usd: float | None,
	trabajadores: int | None,
	max_sales_usd: float = MAX_SALES_USD,
	max_workers: int = MAX_WORKERS,
) -> list[Problem]:
	"""Reasons why a firm is not a "pequeña empresa" (empty list when it is one or data is missing)."""
	reasons: list[Problem] = []
	if not formal:
		reasons.append(Problem(NOT_FORMAL))
	if ventas_anuales_usd is not None and ventas_anuales_usd > max_sales_usd:
		reasons.append(Problem(SALES_ABOVE, {"sales": ventas_anuales_usd, "max": max_sales_usd}))
	if trabajadores is not None and trabajadores > max_workers:
		reasons.append(Problem(WORKERS_ABOVE, {"workers": trabajadores, "max": max_workers}))
	return reasons


def is_small_firm(
	formal: bool,
	ventas_anuales_usd: float | None,
	trabajadores: int | None,
	max_sales_usd: float = MAX_SALES_USD,
	max_workers: int = MAX_WORKERS,
) -> bool:
	return not small_firm_warnings(formal, ventas_anuales_usd, trabajadores, max_sales_usd, max_workers)
