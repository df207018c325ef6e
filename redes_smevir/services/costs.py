"""Costs of the programme and the "Costo-Efectividad" figures (cost per network, firm, sol of sales).

Where the costs come from (one rule, ``cost_source``):

- **ERPNext** (installed on the site, with at least one ``Vinculo Contable``): each link maps a
  conglomerado or a network to an ERPNext Cost Center and/or Project and a list of accounts; its
  cost is the sum of debit − credit of the **submitted, not cancelled** ``GL Entry`` rows of those
  accounts (and that cost center / project / company) dated in the report's range. ERPNext is
  optional: the app never imports it and reads ``tabGL Entry`` only when the table exists.
- **SMEVIR** (no ERPNext, or no link yet): the ``Costo Programa`` records entered by hand.

A cost with a network belongs to that network and to its conglomerado; a cost without one belongs
to the conglomerado only. Additional sales are the members' gross sales in the period minus at
the baseline, same firms (``sales_view.sales_increase``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import flt, getdate

from redes_smevir.domain import evaluation as ev
from redes_smevir.services import marco_logico, sales_view
from redes_smevir.services.periods import periods

COSTO = "Costo Programa"
VINCULO = "Vinculo Contable"
FUENTE_ERPNEXT, FUENTE_SMEVIR = "ERPNext", "SMEVIR"


def erpnext_available() -> bool:
	"""ERPNext is installed on this site and its ledger table exists."""
	return "erpnext" in frappe.get_installed_apps() and bool(frappe.db.table_exists("GL Entry"))


def cost_source() -> str:
	return FUENTE_ERPNEXT if erpnext_available() and frappe.db.count(VINCULO) else FUENTE_SMEVIR


def accounts_of(text: str | None) -> list[str]:
	return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --------------------------------------------------------------------------- validation


def _red_conglomerado(doc) -> None:
	if doc.red:
		congl = frappe.db.get_value("Red", doc.red, "conglomerado")
		if doc.conglomerado and congl and congl != doc.conglomerado:
			frappe.throw(
				_("Red: la red {0} pertenece al conglomerado {1}, no a {2}.").format(
					doc.red, congl, doc.conglomerado
				)
			)
		doc.conglomerado = congl or doc.conglomerado


def validate_cost(doc) -> None:
	"""Costo Programa.validate."""
	_red_conglomerado(doc)
	if flt(doc.monto) <= 0:
		frappe.throw(_("Monto: indique un monto mayor que cero."))


def validate_link(doc) -> None:
	"""Vinculo Contable.validate: the ERPNext records it names exist (when ERPNext is installed)."""
	_red_conglomerado(doc)
	if not (doc.cost_center or doc.project):
		frappe.throw(_("Indique el centro de costo, el proyecto o ambos."))
	accounts = accounts_of(doc.cuentas)
	if not accounts:
		frappe.throw(_("Cuentas contables: indique al menos una cuenta, una por línea."))
	doc.cuentas = "\n".join(accounts)
	if not erpnext_available():
		return
	checks = [
		("Company", doc.company, _("Empresa de ERPNext")),
		("Cost Center", doc.cost_center, _("Centro de costo")),
	]
	checks += [("Project", doc.project, _("Proyecto"))]
	checks += [("Account", a, _("Cuenta")) for a in accounts]
	for doctype, name, label in checks:
		if name and not frappe.db.exists(doctype, name):
			frappe.throw(_("{0}: no existe {1} en ERPNext.").format(label, name))


# --------------------------------------------------------------------------- reading costs


def _manual_costs(
	desde: date, hasta: date, conglomerado: str | None, user: str
) -> list[tuple[str, str | None, float]]:
	filters: dict = {"fecha": ("between", [desde, hasta])}
	if conglomerado:
		filters["conglomerado"] = conglomerado
	rows = frappe.get_list(
		COSTO,
		filters=filters,
		fields=["conglomerado", "red", "monto"],
		limit_page_length=0,
		order_by=None,
		user=user,
	)
	return [(r.conglomerado, r.red or None, flt(r.monto)) for r in rows]


def _ledger_amount(link, desde: date, hasta: date) -> float:
	"""debit − credit of the submitted GL Entries of the link's accounts, cost center / project, dates."""
	gl = frappe.qb.DocType("GL Entry")
	query = (
		frappe.qb.from_(gl)
		.select(Sum(gl.debit) - Sum(gl.credit))
		.where(gl.docstatus == 1)
		.where(gl.is_cancelled == 0)
		.where(gl.posting_date[desde:hasta])
		.where(gl.account.isin(accounts_of(link.cuentas)))
	)
	if link.cost_center:
		query = query.where(gl.cost_center == link.cost_center)
	if link.project:
		query = query.where(gl.project == link.project)
	if link.company:
		query = query.where(gl.company == link.company)
	result = query.run()
	return flt(result[0][0]) if result and result[0][0] is not None else 0.0


def _ledger_costs(
	desde: date, hasta: date, conglomerado: str | None, user: str
) -> list[tuple[str, str | None, float]]:
	filters: dict = {}
	if conglomerado:
		filters["conglomerado"] = conglomerado
	links = frappe.get_list(
		VINCULO,
		filters=filters,
		fields=["conglomerado", "red", "company", "cost_center", "project", "cuentas"],
		limit_page_length=0,
		order_by=None,
		user=user,
	)
	return [(link.conglomerado, link.red or None, _ledger_amount(link, desde, hasta)) for link in links]


# --------------------------------------------------------------------------- the report's figures


@dataclass
class CostRow:
	conglomerado: str | None
	red: str | None
	ce: ev.CostEffectiveness
	total: bool = False


@dataclass
class CostView:
	periodo: str
	periodo_base: str | None
	desde: date | None
	hasta: date | None
	fuente: str
	rows: list[CostRow] = field(default_factory=list)


def _default_range(periodo: str, conglomerado: str | None) -> tuple[date | None, date | None]:
	"""From the programme start (earliest conglomerado start, else the baseline) to the period's reference date."""
	all_periods = periods()
	info = all_periods.get(periodo)
	hasta = info.fecha_referencia if info else None
	starts = marco_logico.program_start([conglomerado] if conglomerado else [], all_periods)
	desde = starts.get(conglomerado) if conglomerado else starts.get(None)
	if desde is None and starts:
		known = [d for d in starts.values() if d]
		desde = min(known) if known else None
	return desde, hasta


def cost_effectiveness(
	periodo: str,
	conglomerado: str | None = None,
	desde: str | date | None = None,
	hasta: str | date | None = None,
	user: str | None = None,
) -> CostView:
	"""Costs, networks, firms and additional sales per conglomerado, per network with own costs, and total."""
	user = user or frappe.session.user
	view = sales_view.sales_increase(periodo, conglomerado=conglomerado, user=user)
	d0, d1 = _default_range(periodo, conglomerado)
	desde = getdate(desde) if desde else d0
	hasta = getdate(hasta) if hasta else d1
	if desde and hasta and desde > hasta:
		frappe.throw(_("Desde: la fecha inicial ({0}) es posterior a la final ({1}).").format(desde, hasta))
	source = cost_source()
	out = CostView(periodo, view.periodo_base, desde, hasta, source)
	if view.result is None or not desde or not hasta:
		return out
	items = (_ledger_costs if source == FUENTE_ERPNEXT else _manual_costs)(desde, hasta, conglomerado, user)
	by_congl: dict[str, float] = defaultdict(float)
	by_red: dict[str, float] = defaultdict(float)
	for congl, red, amount in items:
		by_congl[congl or ""] += amount
		if red:
			by_red[red] += amount
	nets = [
		n
		for n in view.result.redes
		if n.ventas_base is not None and n.ventas_periodo is not None and n.empresas
	]
	congls = sorted({n.conglomerado or "" for n in nets} | set(by_congl))
	if conglomerado:
		congls = [c for c in congls if c == conglomerado]

	def additional(ns) -> float | None:
		ns = list(ns)
		return sum(n.ventas_periodo - n.ventas_base for n in ns) if ns else None

	for c in congls:
		in_c = [n for n in nets if (n.conglomerado or "") == c]
		out.rows.append(
			CostRow(
				c or None,
				None,
				ev.cost_effectiveness(
					by_congl.get(c, 0.0), len(in_c), sum(n.empresas for n in in_c), additional(in_c)
				),
			)
		)
		for n in in_c:
			if n.red in by_red:
				out.rows.append(
					CostRow(
						c or None, n.red, ev.cost_effectiveness(by_red[n.red], 1, n.empresas, additional([n]))
					)
				)
	if len(congls) > 1:
		out.rows.append(
			CostRow(
				None,
				None,
				ev.cost_effectiveness(
					sum(by_congl.get(c, 0.0) for c in congls),
					len(nets),
					sum(n.empresas for n in nets),
					additional(nets),
				),
				total=True,
			)
		)
	return out
