"""Networks as the sales and indicator rules see them: entry and exit dates, and "in since the baseline".

``red_desde_base`` is a virtual formula field (1 when the ficha's network took part since the
baseline of the period); the Marco Lógico and the Incremento de Ventas report share its rule
(``domain.sales.membership_exclusion``).
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe.utils import getdate

from redes_smevir.domain import sales as sales_rules
from redes_smevir.services.periods import LINEA_DE_BASE, PeriodInfo


def as_network(r) -> sales_rules.Network:
	"""A Red row (name, conglomerado, fecha_ingreso, fecha_retiro, estado) as the sales rules' Network."""
	return sales_rules.Network(
		r.name,
		r.conglomerado,
		getdate(r.fecha_ingreso) if r.fecha_ingreso else None,
		getdate(r.fecha_retiro) if r.fecha_retiro else None,
		r.estado == "Retirada",
	)


def networks() -> dict[str, sales_rules.Network]:
	"""Every network (no user scope: used to flag rows the caller already read in scope)."""
	rows = frappe.get_all("Red", fields=["name", "conglomerado", "fecha_ingreso", "fecha_retiro", "estado"])
	return {r.name: as_network(r) for r in rows}


class SinceBaseline:
	"""The virtual ``red_desde_base`` per (red, periodo): same rule as the sales-increase report.

	``reasons`` collects, per period, the networks left out and why.
	"""

	def __init__(self, load_networks, all_periods: dict[str, PeriodInfo], base_of: dict[str, str | None]):
		self._load = load_networks
		self._nets: dict | None = None
		self.all_periods = all_periods
		self.base_of = base_of
		self.cache: dict[tuple, int] = {}
		self.reasons: dict[str, dict[str, str]] = defaultdict(dict)

	def flag(self, red: str | None, periodo: str) -> int:
		key = (red, periodo)
		flag = self.cache.get(key)
		if flag is None:
			if self._nets is None:
				self._nets = self._load()
			net = self._nets.get(red) if red else None
			p = self.all_periods.get(periodo)
			base_p = self.base_of.get(periodo) or (periodo if p and p.tipo == LINEA_DE_BASE else None)
			base_date = self.all_periods[base_p].fecha_referencia if base_p in self.all_periods else None
			reason = (
				sales_rules.membership_exclusion(net, base_date, p.fecha_referencia if p else None)
				if net is not None
				else None
			)
			flag = int(net is not None and reason is None)
			if reason and red:
				self.reasons[periodo][red] = reason
			self.cache[key] = flag
		return flag


def mark_since_baseline(
	rows: list[dict],
	nets: dict[str, sales_rules.Network],
	all_periods: dict[str, PeriodInfo],
	base_of: dict[str, str | None],
) -> dict[str, dict[str, str]]:
	"""Set the virtual ``red_desde_base`` on each row; returns, per period, the networks left out and why."""
	since = SinceBaseline(lambda: nets, all_periods, base_of)
	for r in rows:
		r["red_desde_base"] = since.flag(r["red"], r["periodo"])
	return since.reasons
