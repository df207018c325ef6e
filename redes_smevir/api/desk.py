"""Whitelisted endpoints behind the SMEVIR workspace, number cards and charts.

All figures are computed for the session user (scoped by ``services.scoping`` through
``frappe.get_list``). The Ficha form reads ``api.fichas.form_context``.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from redes_smevir.api.role_guard import ficha_reader
from redes_smevir.domain.methodology import short_fase
from redes_smevir.services import dashboard

# --- number cards (type Custom) ----------------------------------------------------------------


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def card_completeness(filters: str | dict | None = None) -> dict:
	"""% of the expected Empresa fichas of the current period that are approved."""
	c = dashboard.completeness()
	return {
		"value": c["porcentaje"],
		"fieldtype": "Percent",
		"route": ["query-report", "Avance de Fichas"],
		"route_options": {"periodo": c["periodo"]} if c["periodo"] else {},
	}


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def card_days_left(filters: str | dict | None = None) -> dict | str:
	"""Days left in the current period's entry window ("Cerrado" when none is open)."""
	w = dashboard.boot_info()
	if w.get("dias_restantes") is None:
		return _("Cerrado")
	return {
		"value": w["dias_restantes"],
		"fieldtype": "Int",
		"route": ["Form", "Periodo", w["periodo"]],
	}


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def card_sales_increase(filters: str | dict | None = None) -> dict | str:
	"""Average % increase of members' gross sales, as "Incremento de Ventas por Red" computes it."""
	data = dashboard.sales_baseline_vs_latest()
	if data["promedio_general"] is None:
		return _("Sin datos")
	return {
		"value": flt(data["promedio_general"], 2),
		"fieldtype": "Percent",
		"route": ["query-report", "Incremento de Ventas por Red"],
		"route_options": {"periodo": data["periodo"]},
	}


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def default_sales_period() -> str | None:
	"""The period "Incremento de Ventas por Red" opens on: the one the sales card shows, else the current."""
	period = dashboard.latest_measured_period() or (p.name if (p := dashboard.current_period()) else None)
	return period


# --- dashboard chart sources ----------------------------------------------------------------------


def _chart(labels: list, datasets: list[dict]) -> dict:
	return {"labels": labels, "datasets": datasets}


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def chart_fichas_by_state(**kwargs) -> dict:
	"""Expected fichas of the current period: not yet registered, then per workflow state."""
	period = dashboard.current_period()
	name = period.name if period else None
	missing, counts = dashboard.state_counts(name)
	labels = [_(dashboard.SIN_REGISTRAR)] + [_(s) for s in counts]
	data = _chart(labels, [{"name": name or _("Fichas"), "values": [missing, *counts.values()]}])
	data["periodo"] = name  # the workspace names the period it counts (as the task block does)
	data["colors"] = [dashboard.STATE_COLORS[s] for s in (dashboard.SIN_REGISTRAR, *counts)]
	return data


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def chart_networks_by_phase(**kwargs) -> dict:
	counts = dashboard.networks_by_phase()
	labels = [_(short_fase(f)) for f in counts]
	return _chart(labels, [{"name": _("Redes"), "values": list(counts.values())}])


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def chart_active_by_conglomerado(**kwargs) -> dict:
	rows = dashboard.active_by_conglomerado()
	return _chart(
		[r["conglomerado"] for r in rows],
		[
			{"name": _("Redes activas"), "values": [r["redes"] for r in rows]},
			{"name": _("Empresas activas"), "values": [r["empresas"] for r in rows]},
		],
	)


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def chart_sales_baseline_vs_latest(**kwargs) -> dict:
	data = dashboard.sales_baseline_vs_latest()
	rows = data["filas"]
	out = _chart(
		[r["conglomerado"] for r in rows],
		[
			{"name": data["linea_base"] or _("Línea de base"), "values": [r["base"] for r in rows]},
			{"name": data["periodo"] or _("Última medición"), "values": [r["ultima"] for r in rows]},
		],
	)
	out["currency"] = frappe.db.get_single_value("Configuracion SMEVIR", "moneda")
	return out


# --- workspace task panel -----------------------------------------------------------------------


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def workspace_tasks() -> dict:
	return dashboard.tasks()
