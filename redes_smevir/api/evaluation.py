"""Whitelisted endpoints of the evaluation figures (workspace card of the indicators at risk)."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.api.role_guard import ficha_reader
from redes_smevir.services import evaluation


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def card_indicators_at_risk(filters: str | dict | None = None) -> dict:
	"""How many indicators are "En riesgo" at the latest measured period (opens the Marco Lógico)."""
	periodo, at_risk = evaluation.indicators_at_risk()
	return {
		"value": len(at_risk),
		"fieldtype": "Int",
		"route": ["query-report", "Marco Lógico"],
		"route_options": {"periodo": periodo} if periodo else {},
	}


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def indicators_at_risk() -> dict:
	"""The indicators "En riesgo" (code, conglomerado, horizon, projected value, meta) for the session user."""
	periodo, at_risk = evaluation.indicators_at_risk()
	return {
		"periodo": periodo,
		"indicadores": [
			{
				"codigo": codigo,
				"conglomerado": congl or _("Total"),
				"horizonte_meses": p.horizonte,
				"proyectado": p.proyectado,
				"meta": p.meta,
				"detalle": evaluation.projection_text(p),
			}
			for codigo, congl, p in at_risk
		],
	}
