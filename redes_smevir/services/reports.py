"""Data of the SMEVIR Script Reports (sales increase, completeness, phases, competitive position).

Every function builds the view of ``user`` (default: session user): records come through
``frappe.get_list`` so the scoping hooks apply.
"""

from __future__ import annotations

import functools
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate, today

from redes_smevir.domain import formula as fl
from redes_smevir.domain import membership as membership_rules
from redes_smevir.domain import sales as sales_rules
from redes_smevir.domain import stats
from redes_smevir.domain.methodology import FASES
from redes_smevir.services import indicators, membership, scoping
from redes_smevir.services.roles import is_admin

ESTADOS = ("Borrador", "Enviada", "Observada", "En Corrección", "Aprobada")
MIN_PEER_GROUP = 3  # smaller peer groups would reveal individual firms' values


def _cancel_prepared_report_watchers() -> None:
	"""Stop Frappe's 15-second "switch to prepared report" timers of this site's running reports.

	Report.execute_script_report starts that timer before calling ``execute`` and cancels it only when
	``execute`` returns: a refusal raised from a report would otherwise turn the report into a prepared
	report for everybody 15 seconds later (any user could do that on purpose).
	"""
	from frappe.core.doctype.report.report import enable_prepared_report

	site = getattr(frappe.local, "site", None)
	for t in threading.enumerate():
		if (
			isinstance(t, threading.Timer)
			and getattr(t, "function", None) is enable_prepared_report
			and (getattr(t, "kwargs", None) or {}).get("site") == site
		):
			t.cancel()


def script_report(execute: Callable) -> Callable:
	"""Decorator for a Script Report's ``execute``: an error raised by the report (a refusal, a
	missing period…) must not leave Frappe's "switch to prepared report" timer running."""

	@functools.wraps(execute)
	def wrapper(*args, **kwargs):
		try:
			return execute(*args, **kwargs)
		except Exception:
			_cancel_prepared_report_watchers()
			raise

	return wrapper


def refuse(message: str) -> None:
	"""Raise frappe.PermissionError with ``message`` from a report path (see above)."""
	_cancel_prepared_report_watchers()
	frappe.throw(message, frappe.PermissionError)


def check_filter_scope(
	conglomerado: str | None = None, red: str | None = None, user: str | None = None
) -> None:
	"""Refuse (PermissionError, in Spanish) a report filter on a network or conglomerado the user may not see.

	Without this check a filter outside the user's scope only gives an empty report; refusing it
	tells the user why and keeps every report path (desk, API, Excel export) consistent.
	"""
	user = user or frappe.session.user
	if red and frappe.db.exists("Red", red) and not frappe.has_permission("Red", "read", doc=red, user=user):
		refuse(_("No tiene permiso para ver la red {0}.").format(red))
	if (
		conglomerado
		and frappe.db.exists("Conglomerado", conglomerado)
		and not frappe.has_permission("Conglomerado", "read", doc=conglomerado, user=user)
	):
		refuse(_("No tiene permiso para ver el conglomerado {0}.").format(conglomerado))


def visible_networks(
	conglomerado: str | None = None, red: str | None = None, user: str | None = None
) -> list[frappe._dict]:
	filters: dict = {}
	if conglomerado:
		filters["conglomerado"] = conglomerado
	if red:
		filters["name"] = red
	return frappe.get_list(
		"Red",
		fields=["name", "conglomerado", "gerente", "fecha_ingreso", "fecha_retiro", "estado", "fase"],
		filters=filters,
		limit_page_length=0,
		order_by="conglomerado asc, name asc",
		user=user or frappe.session.user,
	)


def _network(r) -> sales_rules.Network:
	return sales_rules.Network(
		r.name,
		r.conglomerado,
		getdate(r.fecha_ingreso) if r.fecha_ingreso else None,
		getdate(r.fecha_retiro) if r.fecha_retiro else None,
		r.estado == "Retirada",
	)


# --------------------------------------------------------------------------- sales increase


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
	all_periods = indicators.periods()
	if periodo not in all_periods:
		frappe.throw(_("El periodo {0} no existe.").format(periodo))
	base = indicators.baseline_of(periodo, all_periods)
	if not base:
		return SalesView(periodo, None, None, incluir_enviadas)
	rows = indicators.fetch_fichas(
		["Empresa"], [periodo, base], {"ventas_brutas"}, incluir_enviadas, conglomerado, red, user
	)
	nets = [_network(r) for r in visible_networks(conglomerado, red, user)]
	result = sales_rules.sales_increase(
		nets,
		[r for r in rows if r["periodo"] == base],
		[r for r in rows if r["periodo"] == periodo],
		all_periods[base].fecha_referencia,
		all_periods[periodo].fecha_referencia,
	)
	return SalesView(periodo, base, result, incluir_enviadas)


# --------------------------------------------------------------------------- completeness


@dataclass
class Progress:
	periodo: str
	conglomerado: str | None
	red: str | None
	gerente: str | None
	esperadas: int = 0
	estados: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ESTADOS, 0))
	sin_registrar: int = 0
	atrasadas: int = 0
	ventana: str = ""

	@property
	def registradas(self) -> int:
		return sum(self.estados.values())

	@property
	def pct_aprobadas(self) -> float | None:
		return 100.0 * self.estados["Aprobada"] / self.esperadas if self.esperadas else None

	def add(self, other: Progress) -> None:
		self.esperadas += other.esperadas
		self.sin_registrar += other.sin_registrar
		self.atrasadas += other.atrasadas
		for k, v in other.estados.items():
			self.estados[k] += v


def _active_on(r, on: date) -> bool:
	if r.fecha_ingreso and getdate(r.fecha_ingreso) > on:
		return False
	if r.fecha_retiro and getdate(r.fecha_retiro) <= on:
		return False
	if r.estado == "Retirada" and not r.fecha_retiro:
		return False
	return True


def fichas_progress(
	periodos: list[str] | None = None,
	conglomerado: str | None = None,
	red: str | None = None,
	agrupar_por: str = "Red",
	user: str | None = None,
	on: date | None = None,
) -> list[Progress]:
	"""Expected vs. registered fichas by state per period and network (or gerente), with overdue ones.

	Expected: one Empresa ficha per member on the period's reference date, one Red ficha per network
	active that day and one Región ficha per conglomerado (for whoever sees Región fichas). Once the
	entry window has closed, every expected ficha not yet approved is overdue.
	"""
	user = user or frappe.session.user
	check_filter_scope(conglomerado, red, user)
	on = on or getdate(today())
	all_periods = indicators.periods()
	chosen = [p for p in (periodos or []) if p in all_periods] or [
		p for p, info in all_periods.items() if info.inicio_registro and info.inicio_registro <= on
	]
	chosen.sort(key=lambda p: all_periods[p].fecha_referencia or date.min)
	nets = visible_networks(conglomerado, red, user)
	stints = [s for s in membership.all_stints() if s.red in {n.name for n in nets}]
	filters: dict = {"periodo": ("in", chosen or [""])}
	if conglomerado:
		filters["conglomerado"] = conglomerado
	if red:
		filters["red"] = red
	fichas = frappe.get_list(
		"Ficha",
		fields=["periodo", "nivel", "red", "conglomerado", "empresa", "workflow_state"],
		filters=filters,
		limit_page_length=0,
		order_by=None,
		user=user,
	)
	counts: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ESTADOS, 0))
	for f in fichas:
		key = (
			f.periodo,
			f.red if f.nivel != "Región" else None,
			f.conglomerado if f.nivel == "Región" else None,
		)
		state = f.workflow_state if f.workflow_state in ESTADOS else "Borrador"
		counts[key][state] += 1
	region_congls: list[str] = []
	if not red:
		if is_admin(user):
			region_congls = frappe.get_all("Conglomerado", pluck="name", order_by="name asc")
		else:
			region_congls = sorted(scoping.Scope.of(user).conglomerados)
		if conglomerado:
			region_congls = [c for c in region_congls if c == conglomerado]

	out: list[Progress] = []
	for p in chosen:
		info = all_periods[p]
		ref = info.fecha_referencia or on
		closed = bool(info.fin_registro and info.fin_registro < on)
		window = (
			_("Cerrada")
			if closed
			else (_("Abierta") if info.inicio_registro and info.inicio_registro <= on else _("Programada"))
		)
		for n in nets:
			expected = len(membership_rules.members_on(stints, n.name, ref)) + int(_active_on(n, ref))
			row = Progress(
				p,
				n.conglomerado,
				n.name,
				n.gerente,
				expected,
				dict(counts.get((p, n.name, None), {})) or dict.fromkeys(ESTADOS, 0),
				ventana=window,
			)
			_finish(row, closed)
			if row.esperadas or row.registradas:
				out.append(row)
		for c in region_congls:
			row = Progress(
				p,
				c,
				None,
				None,
				1,
				dict(counts.get((p, None, c), {})) or dict.fromkeys(ESTADOS, 0),
				ventana=window,
			)
			_finish(row, closed)
			out.append(row)
	if agrupar_por == "Gerente":
		grouped: dict[tuple, Progress] = {}
		for row in out:
			key = (row.periodo, row.gerente if row.red else None, row.conglomerado if not row.red else None)
			if key not in grouped:
				grouped[key] = Progress(
					row.periodo, row.conglomerado if not row.red else None, None, key[1], ventana=row.ventana
				)
			grouped[key].add(row)
		out = list(grouped.values())
	return out


def _finish(row: Progress, closed: bool) -> None:
	row.sin_registrar = max(row.esperadas - row.registradas, 0)
	if closed:
		row.atrasadas = max(row.esperadas - row.estados["Aprobada"], 0)


# --------------------------------------------------------------------------- phases


def networks_by_phase(
	periodo: str | None = None,
	conglomerado: str | None = None,
	red: str | None = None,
	user: str | None = None,
) -> dict[tuple[str, str], tuple[int, int]]:
	"""(conglomerado, fase) -> (networks, member firms) on the period's reference date (or today).

	Without a period: the current phase. With a period: the last entry of the network's phase history
	on or before the reference date (the first entry when all are later; the current phase without
	history).
	"""
	check_filter_scope(conglomerado, red, user)
	on = getdate(today())
	if periodo:
		ref = frappe.db.get_value("Periodo", periodo, "fecha_referencia")
		on = getdate(ref) if ref else on
	nets = [n for n in visible_networks(conglomerado, red, user) if _active_on(n, on)]
	names = [n.name for n in nets]
	history: dict[str, list[tuple[date, str]]] = defaultdict(list)
	for h in frappe.get_all(
		"Red Fase",
		filters={"parenttype": "Red", "parent": ("in", names or [""])},
		fields=["parent", "fase", "fecha"],
	):
		if h.fecha and h.fase:
			history[h.parent].append((getdate(h.fecha), h.fase))
	stints = [s for s in membership.all_stints() if s.red in set(names)]
	out: dict[tuple[str, str], list[int]] = {}
	for n in nets:
		fase = n.fase
		if periodo and history.get(n.name):
			known = sorted(history[n.name])
			past = [x for x in known if x[0] <= on]
			# Before the first recorded change, the first phase recorded is the best estimate.
			fase = past[-1][1] if past else known[0][1]
		fase = fase or _("(sin fase)")
		cell = out.setdefault((n.conglomerado or "", fase), [0, 0])
		cell[0] += 1
		cell[1] += len(membership_rules.members_on(stints, n.name, on))
	return {k: (v[0], v[1]) for k, v in out.items()}


# --------------------------------------------------------------------------- competitive position


@dataclass
class PeerRow:
	variable: str
	etiqueta: str
	valor: float | None
	grupo: str
	nombre_grupo: str
	position: stats.Position | None
	nota: str = ""


def numeric_variables() -> list[tuple[str, str]]:
	"""(fieldname, label) of the numeric variables of the Empresa ficha (Check fields excluded)."""
	meta = frappe.get_meta("Ficha")
	out = []
	for name, typ in indicators.schema_for_level("Empresa").items():
		df = meta.get_field(name)
		if typ == fl.NUMBER and df:
			out.append((name, _(df.label or name)))
	return out


def competitive_position(empresa: str, periodo: str, user: str | None = None) -> tuple[dict, list[PeerRow]]:
	"""Each numeric variable of the firm's ficha against its network, conglomerado and value chain.

	Only aggregates of the peer groups are returned (never another firm's values); groups smaller
	than MIN_PEER_GROUP are not summarised. Peers count with approved fichas only.
	"""
	user = user or frappe.session.user
	emp = frappe.get_doc("Empresa", empresa)
	if not frappe.has_permission("Empresa", "read", doc=emp, user=user):
		refuse(_("No tiene permiso para ver esta empresa."))
	variables = numeric_variables()
	cols = [v for v, _l in variables]
	# The firm's own values only from a ficha the user may read (a firm that changed networks keeps
	# its earlier fichas in the former network's scope).
	own = frappe.get_list(
		"Ficha",
		filters={"nivel": "Empresa", "periodo": periodo, "empresa": empresa},
		fields=["name", "workflow_state", "red", "conglomerado", *cols],
		order_by="modified desc",
		limit=1,
		user=user,
	)
	own_row = own[0] if own else None
	red = (own_row.red if own_row else None) or emp.red
	congl = (own_row.conglomerado if own_row else None) or emp.conglomerado
	cadena = emp.cadena or (frappe.db.get_value("Conglomerado", congl, "cadena") if congl else None)
	# Peers are read without the user's scope on purpose: only aggregates leave this function.
	peers = frappe.get_all(
		"Ficha",
		filters={"nivel": "Empresa", "periodo": periodo, "workflow_state": "Aprobada"},
		fields=["empresa", "red", "conglomerado", *cols],
		limit_page_length=0,
		order_by=None,
	)
	chains: dict[str, str | None] = {}
	if cadena:
		firm_chain = dict(
			frappe.get_all(
				"Empresa",
				filters={"name": ("in", [p.empresa for p in peers] or [""])},
				fields=["name", "cadena"],
				as_list=True,
			)
		)
		congl_chain = dict(frappe.get_all("Conglomerado", fields=["name", "cadena"], as_list=True))
		for p in peers:
			chains[p.empresa] = firm_chain.get(p.empresa) or congl_chain.get(p.conglomerado)
	groups = [
		("red", _("Red"), red, [p for p in peers if red and p.red == red]),
		("conglomerado", _("Conglomerado"), congl, [p for p in peers if congl and p.conglomerado == congl]),
		(
			"cadena",
			_("Cadena productiva"),
			cadena,
			[p for p in peers if cadena and chains.get(p.empresa) == cadena],
		),
	]
	out: list[PeerRow] = []
	for name, label in variables:
		value = own_row.get(name) if own_row else None
		value = float(value) if value is not None else None
		for _key, glabel, gname, members in groups:
			if not gname:
				continue
			data = [p.get(name) for p in members]
			# The firm itself belongs to its groups even if its ficha is not approved yet.
			if own_row and own_row.workflow_state != "Aprobada" and value is not None:
				data.append(value)
			pos = stats.position(value, data)
			nota = ""
			if pos.n < MIN_PEER_GROUP:
				nota = _("Grupo con menos de {0} empresas: no se muestran estadísticas").format(
					MIN_PEER_GROUP
				)
				pos = stats.Position(pos.n, None, None, None, None)
			out.append(PeerRow(name, label, value, glabel, gname, pos, nota))
	info = {
		"empresa": empresa,
		"razon_social": emp.razon_social,
		"red": red,
		"conglomerado": congl,
		"cadena": cadena,
		"ficha": own_row.name if own_row else None,
		"estado_ficha": own_row.workflow_state if own_row else None,
	}
	return info, out
