"""Figures for the SMEVIR workspace: number cards, dashboard charts and the role-aware task panel.

Every figure is computed for the session user through ``frappe.get_list`` (permission-aware) or
``services.scoping``, so a Gerente de Red counts only their networks and a Coordinador UO only
their conglomerados. Expected fichas and their states come from the progress engine
(``services.progress``), the one "Avance de Fichas", "Redes por Fase" and the reminders use.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from redes_smevir.domain import periods
from redes_smevir.domain.ficha_rules import (
	APROBADA,
	BORRADOR,
	EN_CORRECCION,
	ENVIADA,
	OBSERVADA,
	SATISFACCION,
	STATES,
)
from redes_smevir.domain.methodology import FASES
from redes_smevir.services import progress, sales_view
from redes_smevir.services.roles import ADMINISTRADOR, COORDINADOR, GERENTE, is_admin

RED_ACTIVA = "Red activa"
SIN_REGISTRAR = "Sin registrar"  # the state chart's first slice: expected, no ficha yet
# The workflow states' colours in Desk (workspace chart, Avance de Fichas): one meaning per colour.
STATE_COLORS = {
	SIN_REGISTRAR: "#98a1a9",
	BORRADOR: "#5e64ff",
	ENVIADA: "#ffa00a",
	OBSERVADA: "#e24c4c",
	APROBADA: "#29cd42",
	EN_CORRECCION: "#743ee2",
}
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


# --- counts (the progress engine, scoped) ---------------------------------------------------------


def fichas_by_state(periodo: str | None = None) -> OrderedDict:
	"""Fichas expected in ``periodo`` per workflow state, as the "Avance de Fichas" report counts them."""
	return state_counts(periodo)[1]


def state_counts(periodo: str | None = None) -> tuple[int, OrderedDict]:
	"""(expected fichas not yet registered, fichas per workflow state) of ``periodo``: the state chart."""
	counts = OrderedDict((state, 0) for state in STATES)
	if not periodo:
		return 0, counts
	total = progress.totals(periodo)
	for state, n in total.estados.items():
		counts[state] = counts.get(state, 0) + n
	return total.sin_registrar, counts


def _phase_cells(periodo: str | None = None) -> dict:
	return progress.networks_by_phase(periodo)


def active_by_conglomerado() -> list[dict]:
	"""Active networks and their member firms per conglomerado today ("Redes por Fase" totals)."""
	out: OrderedDict = OrderedDict()
	for (congl, _fase), (redes, empresas) in sorted(_phase_cells().items()):
		row = out.setdefault(congl, {"conglomerado": congl, "redes": 0, "empresas": 0})
		row["redes"] += redes
		row["empresas"] += empresas
	return list(out.values())


def networks_by_phase() -> OrderedDict:
	"""Active networks per methodology phase today, in phase order ("Redes por Fase" totals)."""
	counts = OrderedDict((f, 0) for f in FASES)
	for (_congl, fase), (redes, _empresas) in _phase_cells().items():
		counts[fase] = counts.get(fase, 0) + redes
	return counts


# --- completeness -----------------------------------------------------------------------------------


def completeness(periodo: str | None = None) -> dict:
	"""Expected, registered and approved fichas of ``periodo`` ("Avance de Fichas" totals)."""
	periodo = periodo or (p.name if (p := current_period()) else None)
	out = {
		"periodo": periodo,
		"esperadas": 0,
		"registradas": 0,
		"enviadas": 0,
		"aprobadas": 0,
		"porcentaje": 0.0,
	}
	if not periodo:
		return out
	total = progress.totals(periodo)
	out["esperadas"] = total.esperadas
	out["registradas"] = total.registradas
	out["enviadas"] = total.estados["Enviada"]
	out["aprobadas"] = total.estados["Aprobada"]
	out["sin_registrar"] = total.sin_registrar
	out["porcentaje"] = round(100.0 * out["aprobadas"] / out["esperadas"], 1) if out["esperadas"] else 0.0
	return out


def missing_fichas(periodo: str | None = None, user: str | None = None) -> list[dict]:
	"""Empresa and Red fichas expected in ``periodo`` that the user may enter and nobody registered yet.

	Same expectation as "Avance de Fichas" (``services.progress``), restricted to the levels the
	user's roles create (a Gerente enters Empresa fichas, a Coordinador UO Red fichas). Each row
	carries what a new Ficha needs: nivel, periodo, empresa or red, label.
	"""
	from redes_smevir.domain import ficha_rules as rules

	user = user or frappe.session.user
	periodo = periodo or (p.name if (p := current_period()) else None)
	if not periodo:
		return []
	roles = set(frappe.get_roles(user))
	admin = is_admin(user)
	levels = tuple(lv for lv in (rules.EMPRESA, rules.RED) if rules.create_problem(lv, roles, admin) is None)
	if not levels:
		return []
	rows = [
		r for r in progress.expected_subjects([periodo], levels, user=user, firm_fields=True) if not r.ficha
	]
	rows.sort(key=lambda r: (r.conglomerado or "", r.red or "", r.nivel != rules.EMPRESA, r.subject))
	out = []
	for r in rows:
		if r.nivel == rules.EMPRESA:
			out.append(
				{
					"nivel": rules.EMPRESA,
					"periodo": periodo,
					"empresa": r.subject,
					"red": r.red,
					"label": _("Empresa {0} (red {1})").format(r.razon_social or r.subject, r.red),
				}
			)
		else:
			out.append(
				{"nivel": rules.RED, "periodo": periodo, "red": r.red, "label": _("Red {0}").format(r.red)}
			)
	return out


# --- gross sales ------------------------------------------------------------------------------------


def latest_measured_period(today: date | str | None = None) -> str | None:
	"""The latest non-baseline period that has approved Empresa fichas (visible to the user).

	Periods whose entry window has closed come first: while a period is still being registered its
	first approved fichas would otherwise replace the final figures with a partial one.
	"""
	today = getdate(today or nowdate())
	rows = frappe.get_all(
		"Periodo",
		filters={"tipo": ("!=", "Línea de Base")},
		fields=["name", "fecha_referencia", "fin_registro"],
		order_by="fecha_referencia desc",
	)
	rows.sort(key=lambda r: not (r.fin_registro and getdate(r.fin_registro) < today))
	for r in rows:
		if frappe.get_list(
			"Ficha",
			filters={"periodo": r.name, "nivel": "Empresa", "workflow_state": "Aprobada"},
			limit=1,
			pluck="name",
		):
			return r.name
	return None


def sales_baseline_vs_latest(periodo: str | None = None) -> dict:
	"""Members' gross sales at the baseline vs ``periodo`` (default: latest measured) per conglomerado.

	Sums the per-network figures of "Incremento de Ventas por Red" over the networks that enter
	the average, and carries the report's average increase per conglomerado and overall.
	"""
	periodo = periodo or latest_measured_period()
	result = {"periodo": periodo, "linea_base": None, "filas": [], "promedio_general": None, "redes": 0}
	if not periodo:
		return result
	view = sales_view.sales_increase(periodo)
	result["linea_base"] = view.periodo_base
	if not view.result:
		return result
	rows: OrderedDict = OrderedDict()
	for n in view.result.redes:
		if not n.en_promedio:
			continue
		row = rows.setdefault(
			n.conglomerado,
			{
				"conglomerado": n.conglomerado,
				"base": 0.0,
				"ultima": 0.0,
				"incremento": view.result.promedio_conglomerado.get(n.conglomerado),
			},
		)
		row["base"] += flt(n.ventas_base)
		row["ultima"] += flt(n.ventas_periodo)
	result["filas"] = [{**r, "base": flt(r["base"], 2), "ultima": flt(r["ultima"], 2)} for r in rows.values()]
	result["promedio_general"] = view.result.promedio_general
	result["redes"] = view.result.redes_en_promedio
	return result


# --- the role-aware task panel -----------------------------------------------------------------------


def _count(doctype: str, filters: dict) -> int:
	"""Rows of ``doctype`` the session user sees (one scoped COUNT, never the rows themselves)."""
	rows = frappe.get_list(doctype, filters=filters, fields=["count(*) as n"], order_by=None, as_list=True)
	return int(rows[0][0]) if rows else 0


def _missing_item(periodo: str, sin_registrar: int) -> dict:
	"""Task "fichas expected but not registered": the state chart's «Sin registrar» of the period.

	The dialog lists, with a button each, the ones the user enters (``missing_fichas``); the others
	are entered by another role (e.g. a coordinator sees the gerentes' Empresa fichas counted).
	"""
	missing = missing_fichas(periodo)
	label = _("Fichas esperadas aún sin registrar")
	if len(missing) != sin_registrar:
		label += " " + _("({0} las registra usted)").format(len(missing))
	return {
		"label": label,
		"count": sin_registrar,
		"state": SIN_REGISTRAR,
		"doctype": "Ficha",
		"filters": {"periodo": periodo},
		"missing": missing,
	}


def _observed_with_reason(limit: int = 5) -> list[dict]:
	"""The user's latest returned fichas with the reason given, for the task panel."""
	return frappe.get_list(
		"Ficha",
		filters={"workflow_state": "Observada"},
		fields=["name", "titulo", "motivo_observacion"],
		order_by="modified desc",
		limit_page_length=limit,
	)


def _state_item(
	label: str, state: str, periodo: str | None, counts: OrderedDict, others: bool = True, **extra
) -> dict:
	"""Task line "fichas in ``state``": the period's count is the state chart's (``state_counts``).

	Fichas in ``state`` the chart does not count but that still need the user come as their own
	lines, so the period's number is the chart's exactly: those of earlier periods (e.g. an
	Observada or an authorised correction of a closed period), «de periodos anteriores: N», and the
	period's satisfaction surveys (not an expected ficha).
	"""
	if not periodo:
		filters = {"workflow_state": state}
		return {
			**extra,
			"label": label,
			"count": _count("Ficha", filters),
			"doctype": "Ficha",
			"filters": filters,
		}
	item = {
		**extra,
		"label": label,
		"count": counts[state],
		"doctype": "Ficha",
		"filters": {"periodo": periodo, "workflow_state": state},
		"state": state,
		"others": [],
	}
	if others:
		for text, filters in (
			(_("de periodos anteriores: {0}"), {"periodo": ["!=", periodo], "workflow_state": state}),
			(
				_("encuestas de satisfacción del periodo: {0}"),
				{"periodo": periodo, "workflow_state": state, "nivel": SATISFACCION},
			),
		):
			if n := _count("Ficha", filters):
				item["others"].append({"label": text.format(n), "count": n, "filters": filters})
	return item


def tasks(user: str | None = None) -> dict:
	"""What the session user should do now, per role, with counts and list routes.

	The current period's counts are those of the "Fichas por estado" chart (``state_counts``, the
	progress engine), and each group names that period.
	"""
	user = user or frappe.session.user
	roles = frappe.get_roles(user)
	period = current_period()
	window = period_window(period.name if period else None)
	groups = []
	pname = window.get("periodo")
	sin_registrar, counts = state_counts(pname)
	is_open = bool(pname) and window.get("estado") == "Abierto"

	def title(text: str) -> str:
		return _("{0} · Periodo {1}").format(text, pname) if pname else text

	if GERENTE in roles:
		items = []
		if pname:
			items.append(
				_state_item(_("Fichas en borrador por completar"), BORRADOR, pname, counts, others=False)
			)
		items.append(
			_state_item(
				_("Fichas observadas: corríjalas y reenvíelas"),
				OBSERVADA,
				pname,
				counts,
				color="orange",
				fichas=_observed_with_reason(),
			)
		)
		items.append(_state_item(_("Fichas en corrección autorizada"), EN_CORRECCION, pname, counts))
		if is_open:
			items.append(_missing_item(pname, sin_registrar))
		groups.append({"title": title(_("Gerente de red: mis fichas")), "items": items})
	if COORDINADOR in roles:
		items = [
			_state_item(
				_("Fichas enviadas que esperan su aprobación"), ENVIADA, pname, counts, color="orange"
			),
			_state_item(_("Fichas observadas pendientes de corrección"), OBSERVADA, pname, counts),
		]
		filters = {"estado": "Pendiente"}
		items.append(
			{
				"label": _("Solicitudes de corrección por decidir"),
				"count": _count("Solicitud Correccion", filters),
				"doctype": "Solicitud Correccion",
				"filters": filters,
				"color": "orange",
			}
		)
		if is_open:
			items.append(_missing_item(pname, sin_registrar))
		groups.append({"title": title(_("Coordinador UO: revisión")), "items": items})
	if ADMINISTRADOR in roles or (is_admin(user) and not groups):
		items = [
			{
				"label": _("Periodos de medición"),
				"count": frappe.db.count("Periodo"),
				"doctype": "Periodo",
				"filters": {},
			},
			_state_item(
				_("Fichas enviadas pendientes de aprobación (todas las redes)"), ENVIADA, pname, counts
			),
		]
		if pname:
			esperadas = sin_registrar + sum(counts.values())
			items.append(
				_state_item(
					_("Fichas aprobadas (de {0} esperadas)").format(esperadas),
					APROBADA,
					pname,
					counts,
					others=False,
				)
			)
		groups.append({"title": title(_("Administración SMEVIR")), "items": items})
	return {"window": window, "groups": groups}


def boot_info() -> dict:
	"""Small dict added to ``frappe.boot.smevir`` (current period for workspace filters)."""
	period = current_period()
	return period_window(period.name if period else None)


def boot_session(bootinfo) -> None:
	"""boot_session hook: ``frappe.boot.smevir`` carries the current period for desk filters."""
	if frappe.session.user == "Guest":
		return
	try:
		bootinfo.smevir = boot_info()
	except Exception:
		frappe.log_error(title="SMEVIR: boot_session")
		bootinfo.smevir = {}
