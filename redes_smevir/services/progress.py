"""The progress engine: which subjects must report in a period, and how far their fichas are.

One definition, computed set-wise in SQL (``frappe.qb``) and scoped in the same query by
``services.scoping.Scope``. For period P with reference date d (``fecha_referencia``; today when
unset) the **expected subjects** are:

- Empresa level: every firm whose membership (``Red Miembro``) covers d, in a network active on d;
- Red level: every network active on d (``fecha_ingreso`` on or before d, not withdrawn on or
  before d; a network «Retirada» without a withdrawal date is not active);
- Región level: every active conglomerado (``activo``).

Each expected subject has at most one ficha of P (``Ficha.clave_unica``); an Empresa ficha counts
for the network it was registered in. A subject without ficha is «sin registrar».

Avance de Fichas and Redes por Fase, the workspace cards, charts and task block, the reminder job
(``services.notifications.pending_by_user``) and the rows of the Excel template
(``services.excel_fichas.subjects``) all read this module, so their counts agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.query_builder import Case, Criterion, DocType
from frappe.query_builder.functions import Coalesce, Count, Sum
from frappe.query_builder.terms import ValueWrapper
from frappe.utils import getdate, today

from redes_smevir.domain.ficha_rules import APROBADA, BORRADOR, EMPRESA, ENVIADA, RED, REGION, STATES
from redes_smevir.domain.periods import ABIERTO, CERRADO, PROGRAMADO
from redes_smevir.services import concurrent_reads
from redes_smevir.services.periods import PeriodInfo, periods
from redes_smevir.services.report_guards import check_filter_scope
from redes_smevir.services.scoping import Scope

LEVELS = (EMPRESA, RED, REGION)
ESTADOS = STATES  # the workflow's states, in its order
SENT_STATES = (ENVIADA, APROBADA)  # a reminder is due for every other state (and no ficha)
RETIRADA = "Retirada"
# How the report names a window status ("la ventana está Abierta").
WINDOW_LABELS = {PROGRAMADO: "Programada", ABIERTO: "Abierta", CERRADO: "Cerrada"}


# --- periods ---------------------------------------------------------------------------------------


def chosen_periods(periodos: list[str] | None, on: date) -> list[PeriodInfo]:
	"""The asked periods that exist (default: those whose entry window has started), by reference date."""
	known = periods()
	chosen = [known[p] for p in dict.fromkeys(periodos or []) if p in known]
	if not periodos:
		chosen = [p for p in known.values() if p.inicio_registro and p.inicio_registro <= on]
	return sorted(chosen, key=lambda p: (p.fecha_referencia or date.min, p.name))


# --- the rule, as frappe.qb criteria ------------------------------------------------------------------


def network_active_on(red, ref) -> Criterion:
	"""Criterion: network row ``red`` (Red table) is active on ``ref`` (a date or a date column)."""
	return (
		(red.fecha_ingreso.isnull() | (red.fecha_ingreso <= ref))
		& (red.fecha_retiro.isnull() | (red.fecha_retiro > ref))
		& ((Coalesce(red.estado, "") != RETIRADA) | red.fecha_retiro.notnull())
	)


def membership_covers(member, ref) -> Criterion:
	"""Criterion: membership row ``member`` (Red Miembro table) covers ``ref`` (end date exclusive)."""
	return (
		(member.parenttype == "Red")
		& (member.fecha_ingreso <= ref)
		& (member.fecha_salida.isnull() | (member.fecha_salida > ref))
	)


def _scope(user: str | None, scoped: bool) -> Scope | None:
	return Scope.of(user) if scoped else None


def _subjects_base(
	nivel: str,
	periodos: list[str],
	scope: Scope | None,
	on: date | None,
	conglomerado: str | None,
	red: str | None,
):
	"""(query with the joins and filters of the expected subjects of ``nivel``, its columns by alias)."""
	on = on or getdate(today())
	P, R, M, F, C = (DocType(d) for d in ("Periodo", "Red", "Red Miembro", "Ficha", "Conglomerado"))
	ref = Coalesce(P.fecha_referencia, on)
	if nivel == REGION:
		q = (
			frappe.qb.from_(P)
			.join(C)
			.on(C.activo == 1)
			.left_join(F)
			.on((F.periodo == P.name) & (F.nivel == REGION) & (F.conglomerado == C.name))
		)
		if red:  # Región fichas belong to no network
			q = q.where(ValueWrapper(1) == ValueWrapper(0))
		if conglomerado:
			q = q.where(C.name == conglomerado)
		criterion = scope.criterion(C, red=None, conglomerado="name") if scope else None
		cols = {
			"subject": C.name,
			"red": ValueWrapper(None),
			"conglomerado": C.name,
			"gerente": ValueWrapper(None),
		}
		group = C.name
	elif nivel in (EMPRESA, RED):
		if nivel == EMPRESA:
			q = (
				frappe.qb.from_(P)
				.join(M)
				.on(membership_covers(M, ref))
				.join(R)
				.on((R.name == M.parent) & network_active_on(R, ref))
				.left_join(F)
				.on(
					(F.periodo == P.name)
					& (F.nivel == EMPRESA)
					& (F.empresa == M.empresa)
					& (F.red == R.name)
				)
			)
			subject = M.empresa
		else:
			q = (
				frappe.qb.from_(P)
				.join(R)
				.on(network_active_on(R, ref))
				.left_join(F)
				.on((F.periodo == P.name) & (F.nivel == RED) & (F.red == R.name))
			)
			subject = R.name
		if conglomerado:
			q = q.where(R.conglomerado == conglomerado)
		if red:
			q = q.where(R.name == red)
		criterion = scope.criterion(R, red="name", conglomerado="conglomerado") if scope else None
		cols = {"subject": subject, "red": R.name, "conglomerado": R.conglomerado, "gerente": R.gerente}
		group = R.name
	else:
		frappe.throw(_("Nivel de ficha desconocido: {0}").format(nivel))
	q = q.where(P.name.isin(periodos or [""]))
	if criterion is not None:
		q = q.where(criterion)
	cols = {
		"periodo": P.name,
		"nivel": ValueWrapper(nivel),
		**cols,
		"ficha": F.name,
		"estado": F.workflow_state,
	}
	return q, cols, group


def subjects_query(
	nivel: str,
	periodos: list[str],
	scope: Scope | None,
	on: date | None = None,
	conglomerado: str | None = None,
	red: str | None = None,
	firm_fields: bool = False,
):
	"""Expected subjects of ``nivel`` in ``periodos`` with their ficha (name, state), as a qb query.

	Columns: periodo, nivel, subject, red, conglomerado, gerente, ficha, estado (and razon_social,
	ruc with ``firm_fields``). ``scope`` None = every subject (the code decides, e.g. a job).
	"""
	q, cols, _group = _subjects_base(nivel, periodos, scope, on, conglomerado, red)
	q = q.select(*(term.as_(alias) for alias, term in cols.items()))
	if firm_fields and nivel == EMPRESA:
		E = DocType("Empresa")
		q = q.left_join(E).on(E.name == cols["subject"]).select(E.razon_social, E.ruc)
	return q


def expected_subjects(
	periodos: list[str],
	niveles: tuple[str, ...] = LEVELS,
	user: str | None = None,
	scoped: bool = True,
	on: date | None = None,
	conglomerado: str | None = None,
	red: str | None = None,
	firm_fields: bool = False,
) -> list[frappe._dict]:
	"""Rows of ``subjects_query`` for each level of ``niveles`` (one query per level)."""
	scope = _scope(user, scoped)
	out: list[frappe._dict] = []
	for nivel in niveles:
		q = subjects_query(nivel, periodos, scope, on, conglomerado, red, firm_fields)
		out += q.run(as_dict=True)
	return out


# --- counts per network / conglomerado -------------------------------------------------------------------


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


def _count_query(nivel: str, periodo: str, scope, on, conglomerado, red):
	"""Expected subjects of one period and their fichas per state, per network (or conglomerado).

	One period per query: grouped by the network alone, MariaDB streams the groups in primary-key
	order instead of sorting (period, network) pairs in a temporary table.
	"""
	q, cols, group = _subjects_base(nivel, [periodo], scope, on, conglomerado, red)
	state = cols["estado"]
	return q.select(
		*(cols[a].as_(a) for a in ("periodo", "nivel", "red", "conglomerado", "gerente")),
		Count("*").as_("esperadas"),
		Count(cols["ficha"]).as_("registradas"),
		*(Sum(Case().when(state == s, 1).else_(0)).as_(frappe.scrub(s)) for s in ESTADOS if s != BORRADOR),
	).groupby(group)


def counts(
	periodos: list[str],
	user: str | None = None,
	scoped: bool = True,
	on: date | None = None,
	conglomerado: str | None = None,
	red: str | None = None,
	niveles: tuple[str, ...] = LEVELS,
) -> list[frappe._dict]:
	"""Per (periodo, nivel, network or conglomerado): esperadas, registradas and one count per state."""
	scope = _scope(user, scoped)
	keys = [(s, frappe.scrub(s)) for s in ESTADOS if s != BORRADOR]
	out = []
	queries = [
		_count_query(nivel, periodo, scope, on, conglomerado, red)
		for periodo in periodos
		for nivel in niveles
	]
	for rows in concurrent_reads.run(queries, as_dict=True):  # independent: two connections
		for row in rows:
			estados = {s: int(row.get(k) or 0) for s, k in keys}
			# a ficha without a known state counts as Borrador, as in the list view
			estados[BORRADOR] = int(row.registradas or 0) - sum(estados.values())
			row.estados = {s: estados[s] for s in ESTADOS}
			out.append(row)
	return out


def fichas_progress(
	periodos: list[str] | None = None,
	conglomerado: str | None = None,
	red: str | None = None,
	agrupar_por: str = "Red",
	user: str | None = None,
	on: date | None = None,
) -> list[Progress]:
	"""Expected vs. registered fichas by state per period and network (or gerente), with overdue ones.

	A network row adds its members' Empresa fichas and its own Red ficha; a Región row is one per
	conglomerado (only for those who see Región fichas: coordinators of it, administrators).
	Once the entry window has closed, every expected ficha not yet approved is overdue.
	"""
	user = user or frappe.session.user
	check_filter_scope(conglomerado, red, user)
	on = on or getdate(today())
	chosen = chosen_periods(periodos, on)
	info = {p.name: p for p in chosen}
	labels = {p.name: _(WINDOW_LABELS[p.window_status(on)]) for p in chosen}
	rows: dict[tuple, Progress] = {}
	for c in counts(list(info), user, True, on, conglomerado, red):
		key = (c.periodo, c.red, None if c.red else c.conglomerado)
		row = rows.get(key)
		if not row:
			row = rows[key] = Progress(c.periodo, c.conglomerado, c.red, c.gerente, ventana=labels[c.periodo])
		row.esperadas += int(c.esperadas or 0)
		row.sin_registrar += int(c.esperadas or 0) - int(c.registradas or 0)
		for s, n in c.estados.items():
			row.estados[s] += n
	order = {p.name: i for i, p in enumerate(chosen)}
	out = sorted(
		rows.values(),
		key=lambda r: (order[r.periodo], r.red is None, r.conglomerado or "", r.red or ""),
	)
	for row in out:
		if info[row.periodo].window_status(on) == CERRADO:
			row.atrasadas = max(row.esperadas - row.estados["Aprobada"], 0)
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


def totals(periodo: str, user: str | None = None) -> Progress:
	"""The whole of ``fichas_progress([periodo])`` for the user: the cards' and charts' figures."""
	total = Progress(periodo, None, None, None)
	for row in fichas_progress([periodo], user=user):
		total.add(row)
	return total


# --- phases ---------------------------------------------------------------------------------------


def networks_by_phase(
	periodo: str | None = None,
	conglomerado: str | None = None,
	red: str | None = None,
	user: str | None = None,
) -> dict[tuple[str, str], tuple[int, int]]:
	"""(conglomerado, fase) -> (networks, member firms) on the period's reference date (or today).

	Networks active that day, members whose membership covers it. Without a period: the current
	phase. With a period: the last entry of the network's phase history on or before the reference
	date (the first entry when all are later; the current phase without history).
	"""
	user = user or frappe.session.user
	check_filter_scope(conglomerado, red, user)
	on = getdate(today())
	if periodo:
		ref = frappe.db.get_value("Periodo", periodo, "fecha_referencia")
		on = getdate(ref) if ref else on
	R, M, H = DocType("Red"), DocType("Red Miembro"), DocType("Red Fase")
	q = (
		frappe.qb.from_(R)
		.left_join(M)
		.on((M.parent == R.name) & membership_covers(M, on))
		.select(R.name, R.conglomerado, R.fase, Count(M.name).as_("empresas"))
		.groupby(R.name)
	)
	filters = [network_active_on(R, on)]
	if conglomerado:
		filters.append(R.conglomerado == conglomerado)
	if red:
		filters.append(R.name == red)
	criterion = Scope.of(user).criterion(R, red="name", conglomerado="conglomerado")
	if criterion is not None:
		filters.append(criterion)
	nets = q.where(Criterion.all(filters)).run(as_dict=True)
	history: dict[str, list[tuple[date, str]]] = defaultdict(list)
	if periodo and nets:
		hq = (
			frappe.qb.from_(H)
			.join(R)
			.on(R.name == H.parent)
			.select(H.parent, H.fase, H.fecha)
			.where((H.parenttype == "Red") & H.fecha.notnull() & H.fase.notnull() & (H.fase != ""))
			.where(Criterion.all(filters))
		)
		for h in hq.run(as_dict=True):
			history[h.parent].append((getdate(h.fecha), h.fase))
	out: dict[tuple[str, str], list[int]] = {}
	for n in nets:
		fase = n.fase
		if history.get(n.name):
			known = sorted(history[n.name])
			past = [x for x in known if x[0] <= on]
			# Before the first recorded change, the first phase recorded is the best estimate.
			fase = past[-1][1] if past else known[0][1]
		cell = out.setdefault((n.conglomerado or "", fase or _("(sin fase)")), [0, 0])
		cell[0] += 1
		cell[1] += int(n.empresas or 0)
	return {k: (v[0], v[1]) for k, v in out.items()}
