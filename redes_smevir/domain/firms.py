"""The "pequeña empresa" rule of the programme."""

from __future__ import annotations

MAX_SALES_USD = 750_000
MAX_WORKERS = 50


def small_firm_warnings(
	formal: bool,
	ventas_anuales_usd: float | None,
	trabajadores: int | None,
	max_sales_usd: float = MAX_SALES_USD,
	max_workers: int = MAX_WORKERS,
) -> list[str]:
	"""Reasons why a firm is not a "pequeña empresa" (empty list when it is one or data is missing)."""
	reasons: list[str] = []
	if not formal:
		reasons.append("no es formal")
	if ventas_anuales_usd is not None and ventas_anuales_usd > max_sales_usd:
		reasons.append(f"sus ventas anuales (US$ {ventas_anuales_usd:,.0f}) superan US$ {max_sales_usd:,.0f}")
	if trabajadores is not None and trabajadores > max_workers:
		reasons.append(f"tiene {trabajadores} trabajadores (máximo {max_workers})")
	return reasons


def is_small_firm(
	formal: bool,
	ventas_anuales_usd: float | None,
	trabajadores: int | None,
	max_sales_usd: float = MAX_SALES_USD,
	max_workers: int = MAX_WORKERS,
) -> bool:
	return not small_firm_warnings(formal, ventas_anuales_usd, trabajadores, max_sales_usd, max_workers)
