"""Progress of the programme: expected vs. registered fichas per state, and networks per phase.

(Moved here verbatim from services/reports.py; the progress engine is being rewritten in this module.)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate, today

from redes_smevir.domain import membership as membership_rules
from redes_smevir.domain.ficha_rules import STATES
from redes_smevir.domain.periods import ABIERTO, CERRADO, PROGRAMADO
from redes_smevir.services import membership, scoping
from redes_smevir.services.periods import periods
from redes_smevir.services.report_guards import check_filter_scope, visible_networks
from redes_smevir.services.roles import is_admin

# How the report names a window status ("la ventana está Abierta").
WINDOW_LABELS = {PROGRAMADO: "Programada", ABIERTO: "Abierta", CERRADO: "Cerrada"}


@dataclass
class Progress:
	periodo: str
	conglomerado: str | None
	red: str | None
	gerente: str | None
	esperadas: int = 0
	estados: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
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


def active_on(r, on: date) -> bool:
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
	all_periods = periods()
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
	counts: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATES, 0))
	for f in fichas:
		key = (
			f.periodo,
			f.red if f.nivel != "Región" else None,
			f.conglomerado if f.nivel == "Región" else None,
		)
		state = f.workflow_state if f.workflow_state in STATES else "Borrador"
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
		status = info.window_status(on)
		closed = status == CERRADO
		window = _(WINDOW_LABELS[status])
		for n in nets:
			expected = len(membership_rules.members_on(stints, n.name, ref)) + int(active_on(n, ref))
			row = Progress(
				p,
				n.conglomerado,
				n.name,
				n.gerente,
				expected,
				dict(counts.get((p, n.name, None), {})) or dict.fromkeys(STATES, 0),
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
				dict(counts.get((p, None, c), {})) or dict.fromkeys(STATES, 0),
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
	nets = [n for n in visible_networks(conglomerado, red, user) if active_on(n, on)]
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
