"""Whitelisted endpoints behind the SMEVIR workspace, number cards, charts and the Ficha side panel.

All figures are computed for the session user (scoped by ``services.scoping`` through
``frappe.get_list``); ``ficha_context`` checks read permission on the ficha first.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from redes_smevir.api.role_guard import ficha_reader
from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import dashboard, ficha_fields, quality_hints

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
	labels = [_("Sin registrar")] + [_(s) for s in counts]
	return _chart(labels, [{"name": name or _("Fichas"), "values": [missing, *counts.values()]}])


SHORT_PHASES = {
	"1. Análisis de territorio y cadena": "1 Análisis",
	"2. Promoción y selección (pre-red)": "2 Pre-red",
	"3. Generación de confianza y plan de mejora": "3 Confianza",
	"4. Proyecto piloto": "4 Piloto",
	"5. Plan de negocios / proyecto estratégico": "5 Plan de negocios",
	"6. Acompañamiento en la gestión del negocio": "6 Acompañamiento",
}


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def chart_networks_by_phase(**kwargs) -> dict:
	counts = dashboard.networks_by_phase()
	labels = [_(SHORT_PHASES.get(f, f)) for f in counts]
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
	return _chart(
		[r["conglomerado"] for r in rows],
		[
			{"name": data["linea_base"] or _("Línea de base"), "values": [r["base"] for r in rows]},
			{"name": data["periodo"] or _("Última medición"), "values": [r["ultima"] for r in rows]},
		],
	)


# --- workspace task panel -----------------------------------------------------------------------


@frappe.whitelist()
@frappe.read_only()
@ficha_reader
def workspace_tasks() -> dict:
	return dashboard.tasks()


# --- Ficha side panel -----------------------------------------------------------------------------

# Fields the side panel compares with the previous ficha (of the level's fields).
_COMPARED_TYPES = {"Currency", "Int", "Float", "Percent", "Check", "Select", "Data"}
_NUMERIC_TYPES = {"Currency", "Int", "Float"}


def compared_fields(nivel: str) -> list:
	"""The fields of ``nivel`` (``services.ficha_fields``) the side panel shows next to the previous ficha."""
	return [
		df
		for df in ficha_fields.variables_for_level(nivel)
		if df.fieldtype in _COMPARED_TYPES and not df.hidden
	]


def _subject_filters(doc) -> dict:
	if doc.nivel == "Empresa":
		return {"nivel": "Empresa", "empresa": doc.empresa}
	if doc.nivel == "Red":
		return {"nivel": "Red", "red": doc.red}
	return {"nivel": doc.nivel, "conglomerado": doc.conglomerado}


def previous_ficha(doc) -> str | None:
	"""The subject's ficha in the latest period before ``doc``'s (approved ones first)."""
	if not doc.periodo:
		return None
	ref = frappe.db.get_value("Periodo", doc.periodo, "fecha_referencia")
	if not ref:
		return None
	earlier = frappe.get_all(
		"Periodo",
		filters={"fecha_referencia": ("<", ref)},
		pluck="name",
		order_by="fecha_referencia desc",
	)
	subject = _subject_filters(doc)
	for periodo in earlier:
		rows = frappe.get_list(
			"Ficha",
			filters={**subject, "periodo": periodo, "name": ("!=", doc.name or "")},
			fields=["name", "workflow_state"],
		)
		if rows:
			rows.sort(key=lambda r: r.workflow_state != "Aprobada")
			return rows[0].name
	return None


def _quality_hints(doc) -> list[str]:
	if not doc.name or not frappe.db.exists("Ficha", doc.name):
		return []
	return [h["message"] for h in quality_hints.quality_hints(doc.name)]


def _correction_requests(doc) -> list[dict]:
	if not doc.name:
		return []
	return frappe.get_all(
		"Solicitud Correccion",
		filters={"ficha": doc.name},
		fields=[
			"name",
			"creation",
			"owner",
			"estado",
			"motivo",
			"comentario_decision",
			"decidido_por",
			"fecha_decision",
		],
		order_by="creation desc",
		limit=3,
	)


@frappe.whitelist()
@frappe.read_only()
def ficha_context(
	name: str | None = None,
	periodo: str | None = None,
	nivel: str | None = None,
	empresa: str | None = None,
	red: str | None = None,
	conglomerado: str | None = None,
) -> dict:
	"""Everything the Ficha side panel shows: window, days left, previous values, hints, history.

	For a saved ficha pass ``name``; for a new one pass its key fields.
	"""
	if name and frappe.db.exists("Ficha", name):
		doc = frappe.get_doc("Ficha", name)
		doc.check_permission("read")
	else:
		frappe.has_permission("Ficha", "create", throw=True)
		doc = frappe.new_doc("Ficha")
		doc.update({"periodo": periodo, "nivel": nivel or "Empresa", "empresa": empresa, "red": red})
		doc.conglomerado = conglomerado
	window = dashboard.period_window(doc.periodo)
	prev_name = previous_ficha(doc)
	prev = frappe.get_doc("Ficha", prev_name) if prev_name else None
	comparison = []
	for df in compared_fields(doc.nivel):
		current = doc.get(df.fieldname)
		before = prev.get(df.fieldname) if prev else None
		change = None
		if df.fieldtype in _NUMERIC_TYPES and current is not None and before is not None:
			change = rules.sales_change(flt(current), flt(before))
			change = round(change, 1) if change is not None else None
		comparison.append(
			{
				"fieldname": df.fieldname,
				"label": _(df.label),
				"fieldtype": df.fieldtype,
				"actual": current,
				"anterior": before,
				"variacion": change,
			}
		)
	return {
		"window": window,
		"previous": {"name": prev.name, "periodo": prev.periodo, "estado": prev.workflow_state}
		if prev
		else None,
		"comparison": comparison,
		"hints": _quality_hints(doc),
		"motivo_observacion": doc.get("motivo_observacion"),
		"solicitudes": _correction_requests(doc),
	}
