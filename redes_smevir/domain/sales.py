"""Increase in members' gross sales per network against the baseline (pure rules).

The seed's final evaluation computed, per network, the members' gross annual sales now versus at
the baseline, then averaged the networks per conglomerado and overall, **only over networks present
since the baseline**. Networks left out are still listed, with the reason.

A network's increase compares the *same firms*: those with sales recorded both in the baseline and
in the period (a firm that joined later has nothing to compare with). A firm is attributed to the
network of its ficha in the period.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

REASON_LEFT = "se retiró del programa"
REASON_LATE = "se incorporó después de la línea de base"
REASON_NO_BASELINE = "sin datos de línea de base"
REASON_NO_DATA = "sin datos en el periodo"
REASON_ZERO_BASELINE = "ventas de línea de base iguales a cero"


@dataclass(frozen=True)
class Network:
	red: str
	conglomerado: str | None
	fecha_ingreso: date | None = None
	fecha_retiro: date | None = None
	retirada: bool = False


@dataclass
class NetworkSales:
	red: str
	conglomerado: str | None
	ventas_base: float | None = None
	ventas_periodo: float | None = None
	empresas: int = 0  # firms compared (sales in both periods)
	incremento: float | None = None  # percent
	en_promedio: bool = False
	motivo: str | None = None


@dataclass
class SalesIncrease:
	redes: list[NetworkSales]
	promedio_conglomerado: dict[str, float | None] = field(default_factory=dict)
	redes_conglomerado: dict[str, int] = field(default_factory=dict)
	promedio_general: float | None = None
	redes_en_promedio: int = 0

	@property
	def excluidas(self) -> list[NetworkSales]:
		return [n for n in self.redes if not n.en_promedio]


def membership_exclusion(net: Network, baseline_date: date | None, period_date: date | None) -> str | None:
	"""Why a network is not comparable with the baseline by its programme history; None if it is.

	A network that left the programme (retired on or before the period's reference date, or marked
	retired without a date) and one that joined after the baseline's reference date are left out.
	"""
	if net.fecha_retiro is not None:
		if period_date is None or net.fecha_retiro <= period_date:
			return REASON_LEFT
	elif net.retirada:
		return REASON_LEFT
	if net.fecha_ingreso is not None and baseline_date is not None and net.fecha_ingreso > baseline_date:
		return REASON_LATE
	return None


def _sales_by_firm(rows: Iterable[dict]) -> dict[str, tuple[str | None, float]]:
	out: dict[str, tuple[str | None, float]] = {}
	for r in rows:
		v = r.get("ventas_brutas")
		if v is None or r.get("empresa") in (None, ""):
			continue
		v = float(v)
		if not math.isfinite(v):
			continue
		red, total = out.get(r["empresa"], (r.get("red"), 0.0))
		out[r["empresa"]] = (r.get("red") or red, total + v)
	return out


def _mean(values: list[float]) -> float | None:
	return math.fsum(values) / len(values) if values else None


def sales_increase(
	networks: Iterable[Network],
	baseline_rows: Iterable[dict],
	period_rows: Iterable[dict],
	baseline_date: date | None,
	period_date: date | None,
) -> SalesIncrease:
	"""Per-network increase (%) and the averages over the networks present since the baseline.

	``baseline_rows`` / ``period_rows``: Empresa fichas as dicts with ``empresa``, ``red`` and
	``ventas_brutas``. Networks appearing only in the rows are added with no membership data.
	"""
	nets = {n.red: n for n in networks}
	base = _sales_by_firm(baseline_rows)
	now = _sales_by_firm(period_rows)
	for red, _v in now.values():
		if red and red not in nets:
			nets[red] = Network(red, None)
	per_net: dict[str, NetworkSales] = {n.red: NetworkSales(n.red, n.conglomerado) for n in nets.values()}
	has_period: set[str] = set()
	has_base: set[str] = set()
	for empresa, (red, v_now) in now.items():
		if not red or red not in per_net:
			continue
		has_period.add(red)
		if empresa not in base:
			continue
		has_base.add(red)
		ns = per_net[red]
		ns.ventas_base = (ns.ventas_base or 0.0) + base[empresa][1]
		ns.ventas_periodo = (ns.ventas_periodo or 0.0) + v_now
		ns.empresas += 1
	# Networks with baseline data but no (comparable) data now still show their baseline sales.
	for red, v_base in base.values():
		if red in per_net and red not in has_period:
			ns = per_net[red]
			ns.ventas_base = (ns.ventas_base or 0.0) + v_base
	for red, ns in per_net.items():
		if ns.ventas_base and ns.ventas_periodo is not None and red in has_base:
			ns.incremento = (ns.ventas_periodo / ns.ventas_base - 1.0) * 100.0
		reason = membership_exclusion(nets[red], baseline_date, period_date)
		if reason is None:
			if red not in has_period:
				reason = REASON_NO_DATA
			elif red not in has_base:
				reason = REASON_NO_BASELINE
			elif not ns.ventas_base:
				reason = REASON_ZERO_BASELINE
		ns.motivo = reason
		ns.en_promedio = reason is None and ns.incremento is not None
	result = SalesIncrease(sorted(per_net.values(), key=lambda n: (n.conglomerado or "", n.red)))
	included = [n for n in result.redes if n.en_promedio]
	for congl in sorted({n.conglomerado or "" for n in result.redes}):
		vals = [n.incremento for n in included if (n.conglomerado or "") == congl]
		result.promedio_conglomerado[congl] = _mean(vals)
		result.redes_conglomerado[congl] = len(vals)
	result.promedio_general = _mean([n.incremento for n in included])
	result.redes_en_promedio = len(included)
	return result
