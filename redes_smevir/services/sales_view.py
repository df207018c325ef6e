"""Incremento de Ventas: per-network increase of members' gross sales against the baseline, in scope."""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _

from redes_smevir.domain import sales as sales_rules
from redes_smevir.services.ficha_rows import fetch_fichas
from redes_smevir.services.networks import as_network
from redes_smevir.services.periods import baseline_of, periods
from redes_smevir.services.report_guards import check_filter_scope, visible_networks


@dataclass
class SalesView:
	periodo: str
	periodo_base: str | None
	result: sales_rules.SalesIncrease | None
	incluir_enviadas: bool = False


def sales_increase(
	periodo: str,
	conglomerado: str | None = None,
	red: str | None = None,
	incluir_enviadas: bool = False,
	user: str | None = None,
) -> SalesView:
	"""Per-network increase of members' gross sales at ``periodo`` against its baseline."""
	user = user or frappe.session.user
	check_filter_scope(conglomerado, red, user)
	all_periods = periods()
	if periodo not in all_periods:
		frappe.throw(_("El periodo {0} no existe.").format(periodo))
	base = baseline_of(periodo, all_periods)
	if not base:
		return SalesView(periodo, None, None, incluir_enviadas)
	rows = fetch_fichas(
		["Empresa"], [periodo, base], {"ventas_brutas"}, incluir_enviadas, conglomerado, red, user
	)
	nets = [as_network(r) for r in visible_networks(conglomerado, red, user)]
	result = sales_rules.sales_increase(
		nets,
		[r for r in rows if r["periodo"] == base],
		[r for r in rows if r["periodo"] == periodo],
		all_periods[base].fecha_referencia,
		all_periods[periodo].fecha_referencia,
	)
	return SalesView(periodo, base, result, incluir_enviadas)
