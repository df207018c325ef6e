"""Figures for the SMEVIR workspace: number cards, dashboard charts and the role-aware task panel.

Every figure is computed for the session user through ``frappe.get_list`` (permission-aware) or
``services.scoping``, so a Gerente de Red counts only their networks and a Coordinador UO only
their conglomerados. Where a report computes the same figure, the report's service is called.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from redes_smevir.domain import periods
from redes_smevir.services import scoping
from redes_smevir.services.roles import ADMINISTRADOR, COORDINADOR, GERENTE, is_admin

STATES = ("Borrador", "Enviada", "Observada", "Aprobada", "En Corrección")
FASES = (
	"1. Análisis de territorio y cadena",
	"2. Promoción y selección (pre-red)",
	"3. Generación de confianza y plan de mejora",
	"4. Proyecto piloto",
	"5. Plan de negocios / proyecto estratégico",
	"6. Acompañamiento en la gestión del negocio",
)
RED_ACTIVA = "Red activa"
EMPRESA_ACTIVA = "Activa"


# --- periods ---------------------------------------------------------------------------------------


def _window(row) -> periods.Window | None:
	if not (row.inicio_registro and row.fin_registro):
		return None
	return periods.Window(getdate(row.inicio_registro), getdate(row.fin_registro))


def current_period(today: date | str | None = None) -> frappe._dict | None:
	"""The period whose entry window is open today (the one closing first); else the latest started."""
	today = getdate(today or nowdate())
	rows = frappe.get_all(
		"Periodo",
		fields=["name", "tipo", "inicio_registro", "fin_registro", "fecha_referencia", "periodo_base"],
		order_by="inicio_registro desc",
	)
	open_rows = [r for r in rows if (w := _window(r)) and w.is_open(today)]
	if open_rows:
		return min(open_rows, key=lambda r: getdate(r.fin_registro))
	started = [r for r in rows if r.inicio_registro and getdate(r.inicio_registro) <= today]
	return started[0] if started else (rows[-1] if rows else None)


def period_window(periodo: str | None, today: date | str | None = None) -> dict:
	"""Entry window of ``periodo`` on ``today``: dates, status (Programado/Abierto/Cerrado), days left."""
	today = getdate(today or nowdate())
	if not periodo:
		return {"periodo": None, "estado": None, "dias_restantes": None}
	row = frappe.db.get_value(
		"Periodo",
		periodo,
		["name", "tipo", "inicio_registro", "fin_registro", "periodo_base"],
		as_dict=True,
	)
	if not row:
		return {"periodo": None, "estado": None, "dias_restantes": None}
	window = _window(row)
	return {
		"periodo": row.name,
		"tipo": row.tipo,
		"periodo_base": row.periodo_base,
		"inicio_registro": str(row.inicio_registro) if row.inicio_registro else None,
		"fin_registro": str(row.fin_registro) if row.fin_registro else None,
		"estado": window.status(today) if window else None,
		"dias_restantes": window.days_left(today) if window else None,
	}


# --- counts (scoped through get_list) --------------------------------------------------------------


def fichas_by_state(periodo: str | None = None, nivel: str | None = None) -> OrderedDict:
	"""Fichas the session user can see, per workflow state (all five states, zero included)."""
	filters: dict = {}
	if periodo:
		filters["periodo"] = periodo
	if nivel:
		filters["nivel"] = nivel
	rows = frappe.get_list(
		"Ficha",
		filters=filters,
		fields=["workflow_state", "count(name) as n"],
		group_by="workflow_state",
		order_by="workflow_state asc",
	)
	counts = OrderedDict((state, 0) for state in STATES)
	for r in rows:
		counts[r.workflow_state or "Borrador"] = counts.get(r.workflow_state or "Borrador", 0) + r.n
	return counts


def active_by_conglomerado() -> list[dict]:
	"""Active networks and active member firms per conglomerado, as the session user sees them."""
	congls = frappe.get_list("Conglomerado", pluck="name", order_by="name asc")
	redes = frappe.get_list(
		"Red",
		filters={"estado": RED_ACTIVA},
		fields=["conglomerado", "count(name) as n"],
		group_by="conglomerado",
		order_by="conglomerado asc",
	)
	firms = frappe.get_list(
		"Empresa",
		filters={"estado": EMPRESA_ACTIVA, "red": ("is", "set")},
		fields=["conglomerado", "count(name) as n"],
		group_by="conglomerado",
		order_by="conglomerado asc",
	)
	by_redes = {r.conglomerado: r.n for r in redes}
	by_firms = {r.conglomerado: r.n for r in firms}
	names = [c for c in congls if c in by_redes or c in by_firms] or congls
	return [
		{"conglomerado": c, "redes": by_redes.get(c, 0), "empresas": by_firms.get(c, 0)} for c in names
	]


def networks_by_phase() -> OrderedDict:
	"""Networks (not retired) the session user can see, per methodology phase, in phase order."""
	rows = frappe.get_list(
		"Red",
		filters={"estado": ("!=", "Retirada")},
		fields=["fase", "count(name) as n"],
		group_by="fase",
		order_by="fase asc",
	)
	counts = OrderedDict((f, 0) for f in FASES)
	for r in rows:
		key = r.fase or _("Sin fase")
		counts[key] = counts.get(key, 0) + r.n
	return counts


# --- completeness -----------------------------------------------------------------------------------


def completeness(periodo: str | None = None) -> dict:
	"""Empresa fichas expected, sent and approved in ``periodo`` for the session user's networks.

	Expected = firms that were members of a visible network on the period's reference date.
	"""
	from redes_smevir.services.membership import members_on

	periodo = periodo or (p.name if (p := current_period()) else None)
	if not periodo:
		return {"periodo": None, "esperadas": 0, "enviadas": 0, "aprobadas": 0, "porcentaje": 0.0}
	ref = frappe.db.get_value("Periodo", periodo, "fecha_referencia") or nowdate()
	redes = frappe.get_list("Red", pluck="name")
	expected = set()
	for red in redes:
		expected.update(members_on(red, ref))
	fichas = frappe.get_list(
		"Ficha",
		filters={"periodo": periodo, "nivel": "Empresa"},
		fields=["empresa", "workflow_state"],
	)
	approved = {f.empresa for f in fichas if f.workflow_state == "Aprobada" and f.empresa in expected}
	sent = {f.empresa for f in fichas if f.workflow_state in ("Enviada", "Aprobada") and f.empresa in expected}
	pct = round(100.0 * len(approved) / len(expected), 1) if expected else 0.0
	return {
		"periodo": periodo,
		"esperadas": len(expected),
		"enviadas": len(sent),
		"aprobadas": len(approved),
		"porcentaje": pct,
	}


# --- gross sales ------------------------------------------------------------------------------------


def _latest_measured_period(exclude: str | None) -> str | None:
	rows = frappe.get_all(
		"Periodo",
		filters={"tipo": ("!=", "Línea de Base")},
		fields=["name", "fecha_referencia"],
		order_by="fecha_referencia desc",
	)
	for r in rows:
		if r.name == exclude:
			continue
		if frappe.get_list(
			"Ficha",
			filters={"periodo": r.name, "nivel": "Empresa", "workflow_state": "Aprobada"},
			limit=1,
			pluck="name",
		):
			return r.name
	return None


def sales_baseline_vs_latest() -> dict:
	"""Average gross annual sales per firm, baseline vs latest approved measurement, per conglomerado."""
	base = frappe.get_all(
		"Periodo", filters={"tipo": "Línea de Base"}, pluck="name", order_by="fecha_referencia desc"
	)
	baseline = base[0] if base else None
	latest = _latest_measured_period(baseline)
	result = {"linea_base": baseline, "ultima": latest, "filas": []}
	if not baseline:
		return result
	congls: OrderedDict = OrderedDict()
	for periodo, key in ((baseline, "base"), (latest, "ultima")):
		if not periodo:
			continue
		rows = frappe.get_list(
			"Ficha",
			filters={"periodo": periodo, "nivel": "Empresa", "workflow_state": "Aprobada"},
			fields=["conglomerado", "avg(ventas_brutas) as promedio", "count(name) as n"],
			group_by="conglomerado",
			order_by="conglomerado asc",
		)
		for r in rows:
			congls.setdefault(r.conglomerado, {"conglomerado": r.conglomerado, "base": 0.0, "ultima": 0.0})
			congls[r.conglomerado][key] = flt(r.promedio, 2)
	result["filas"] = list(congls.values())
	return result


# --- the role-aware task panel -----------------------------------------------------------------------


def _count(doctype: str, filters: dict) -> int:
	return len(frappe.get_list(doctype, filters=filters, pluck="name", limit_page_length=0))


def tasks(user: str | None = None) -> dict:
	"""What the session user should do now, per role, with counts and list routes."""
	user = user or frappe.session.user
	roles = frappe.get_roles(user)
	period = current_period()
	window = period_window(period.name if period else None)
	groups = []
	pname = window.get("periodo")
	if GERENTE in roles:
		items = []
		if pname:
			items.append(
				{
					"label": _("Fichas en borrador por completar"),
					"count": _count("Ficha", {"periodo": pname, "workflow_state": "Borrador"}),
					"route": "ficha",
					"filters": {"periodo": pname, "workflow_state": "Borrador"},
				}
			)
		items.append(
			{
				"label": _("Fichas observadas: corríjalas y reenvíelas"),
				"count": _count("Ficha", {"workflow_state": "Observada"}),
				"route": "ficha",
				"filters": {"workflow_state": "Observada"},
				"color": "orange",
			}
		)
		items.append(
			{
				"label": _("Fichas en corrección autorizada"),
				"count": _count("Ficha", {"workflow_state": "En Corrección"}),
				"route": "ficha",
				"filters": {"workflow_state": "En Corrección"},
			}
		)
		if pname:
			c = completeness(pname)
			items.append(
				{
					"label": _("Empresas de mis redes sin ficha enviada en {0}").format(pname),
					"count": max(c["esperadas"] - c["enviadas"], 0),
					"route": "ficha",
					"filters": {"periodo": pname},
				}
			)
		groups.append({"title": _("Gerente de red: mis fichas"), "items": items})
	if COORDINADOR in roles:
		items = [
			{
				"label": _("Fichas enviadas que esperan su aprobación"),
				"count": _count("Ficha", {"workflow_state": "Enviada"}),
				"route": "ficha",
				"filters": {"workflow_state": "Enviada"},
				"color": "orange",
			},
			{
				"label": _("Fichas observadas pendientes de corrección"),
				"count": _count("Ficha", {"workflow_state": "Observada"}),
				"route": "ficha",
				"filters": {"workflow_state": "Observada"},
			},
		]
		if frappe.db.exists("DocType", "Solicitud Correccion"):
			meta = frappe.get_meta("Solicitud Correccion")
			filters = {}
			if meta.has_field("estado"):
				filters["estado"] = "Pendiente"
			items.append(
				{
					"label": _("Solicitudes de corrección por decidir"),
					"count": _count("Solicitud Correccion", filters),
					"route": "solicitud-correccion",
					"filters": filters,
					"color": "orange",
				}
			)
		groups.append({"title": _("Coordinador UO: revisión"), "items": items})
	if ADMINISTRADOR in roles or (is_admin(user) and not groups):
		c = completeness(pname) if pname else None
		items = [
			{
				"label": _("Periodos de medición"),
				"count": frappe.db.count("Periodo"),
				"route": "periodo",
				"filters": {},
			},
			{
				"label": _("Fichas enviadas pendientes de aprobación (todas las redes)"),
				"count": _count("Ficha", {"workflow_state": "Enviada"}),
				"route": "ficha",
				"filters": {"workflow_state": "Enviada"},
			},
		]
		if c:
			items.append(
				{
					"label": _("Fichas de empresa aprobadas en {0} (de {1} esperadas)").format(
						pname, c["esperadas"]
					),
					"count": c["aprobadas"],
					"route": "ficha",
					"filters": {"periodo": pname, "workflow_state": "Aprobada"},
				}
			)
		groups.append({"title": _("Administración SMEVIR"), "items": items})
	return {"window": window, "groups": groups}


def boot_info() -> dict:
	"""Small dict added to ``frappe.boot.smevir`` (current period for workspace filters)."""
	period = current_period()
	return period_window(period.name if period else None)
