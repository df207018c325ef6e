"""Comparison group: firms outside every network, their own fichas, and the "Impacto" estimate.

A comparison firm is an ``Empresa`` with ``grupo_comparacion`` set: registered by the Administrador
SMEVIR, never a member of a network, with a conglomerado (and rubro) like the members it is
compared with. Its sales are recorded in ``Ficha Comparacion`` records (one per period), never in
``Ficha``: so it can count in no monitoring indicator, completeness figure, template or reminder,
all of which read ``Ficha`` and network memberships only.

``impact`` compares the change of gross sales between the baseline and a period: member firms
(approved Empresa fichas in both periods) against comparison firms (comparison fichas in both),
per conglomerado and overall, with ``domain.evaluation.difference_in_differences``.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _

from redes_smevir.domain import evaluation as ev
from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import ficha_rows
from redes_smevir.services.periods import baseline_of, periods
from redes_smevir.services.report_guards import check_filter_scope
from redes_smevir.services.roles import is_admin

FICHA_COMPARACION = "Ficha Comparacion"


# --------------------------------------------------------------------------- validation


def validate_empresa(doc, method=None) -> None:
	"""Empresa.validate: who may mark a comparison firm, and that it stays outside every network."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	was = bool(before and before.get("grupo_comparacion"))
	now = bool(doc.get("grupo_comparacion"))
	if (now or was) and (now != was or doc.is_new()) and not is_admin():
		frappe.throw(
			_("Solo el Administrador SMEVIR registra o cambia empresas del grupo de comparación."),
			frappe.PermissionError,
		)
	if not now:
		return
	if doc.red:
		frappe.throw(
			_(
				"Red: una empresa del grupo de comparación no puede ser miembro de una red. Quite la red o "
				"desmarque «Empresa del grupo de comparación»."
			)
		)
	member_of = frappe.db.get_value("Red Miembro", {"parenttype": "Red", "empresa": doc.name}, "parent")
	if member_of and not doc.is_new():
		frappe.throw(
			_(
				"Empresa del grupo de comparación: {0} fue miembro de la red {1}; una empresa que participó "
				"en el programa no puede servir de comparación."
			).format(doc.razon_social or doc.name, member_of)
		)
	if not doc.conglomerado:
		frappe.throw(_("Conglomerado: indique el conglomerado con cuyas empresas miembro se compara."))


def check_not_comparison_firm(empresa: str | None) -> None:
	"""Refuse to make a comparison firm a network member or give it a monitoring ficha."""
	if empresa and frappe.db.get_value("Empresa", empresa, "grupo_comparacion"):
		frappe.throw(
			_(
				"Empresa: {0} es del grupo de comparación; sus datos se registran en una Ficha de "
				"Comparación y no cuentan en el monitoreo."
			).format(frappe.db.get_value("Empresa", empresa, "razon_social") or empresa)
		)


def ficha_validate(doc, method=None) -> None:
	"""Ficha.validate (doc_events): an Empresa ficha is never for a comparison firm."""
	if doc.nivel in rules.FIRM_LEVELS:
		check_not_comparison_firm(doc.empresa)


def red_validate(doc, method=None) -> None:
	"""Red.validate (doc_events): no member row may point at a comparison firm."""
	for row in doc.get("miembros") or []:
		check_not_comparison_firm(row.empresa)


def validate_comparison_ficha(doc) -> None:
	"""Ficha Comparacion.validate: a comparison firm, a period, one record per pair."""
	if not frappe.db.get_value("Empresa", doc.empresa, "grupo_comparacion"):
		frappe.throw(
			_("Empresa: {0} no es del grupo de comparación (márquela en la empresa primero).").format(
				doc.empresa
			)
		)
	values = frappe.db.get_value("Empresa", doc.empresa, ["razon_social", "conglomerado"], as_dict=True)
	doc.razon_social = values.razon_social
	doc.conglomerado = values.conglomerado
	doc.titulo = f"{values.razon_social} · {doc.periodo}"
	other = frappe.db.get_value(
		FICHA_COMPARACION,
		{"empresa": doc.empresa, "periodo": doc.periodo, "name": ("!=", doc.name or "")},
		"name",
	)
	if other:
		frappe.throw(
			_("Ya hay una Ficha de Comparación de {0} en el periodo {1}: {2}.").format(
				values.razon_social, doc.periodo, frappe.utils.get_link_to_form(FICHA_COMPARACION, other)
			),
			frappe.DuplicateEntryError,
		)
	if doc.ventas_brutas is not None and doc.ventas_brutas < 0:
		frappe.throw(_("Ventas brutas anuales: no pueden ser negativas."))


# --------------------------------------------------------------------------- impact


@dataclass
class ImpactRow:
	conglomerado: str | None  # None = all conglomerados in view
	did: ev.DiD


@dataclass
class Impact:
	periodo: str
	periodo_base: str | None
	rows: list[ImpactRow]


def _pairs(rows: list[dict], base: str, periodo: str, key: str = "empresa") -> dict[str, dict]:
	"""empresa -> {"conglomerado", "antes", "despues"} from rows of both periods."""
	out: dict[str, dict] = {}
	for r in rows:
		firm = r.get(key)
		if not firm or r.get("ventas_brutas") is None:
			continue
		item = out.setdefault(firm, {"conglomerado": None, "antes": None, "despues": None})
		if r["periodo"] == base:
			item["antes"] = float(r["ventas_brutas"])
		elif r["periodo"] == periodo:
			item["despues"] = float(r["ventas_brutas"])
			item["conglomerado"] = r.get("conglomerado")
	return {k: v for k, v in out.items() if v["antes"] is not None and v["despues"] is not None}


def impact(periodo: str, conglomerado: str | None = None, user: str | None = None) -> Impact:
	"""Difference in differences of gross sales, members vs comparison firms, per conglomerado and overall."""
	user = user or frappe.session.user
	check_filter_scope(conglomerado, None, user)
	all_periods = periods()
	if periodo not in all_periods:
		frappe.throw(_("El periodo {0} no existe.").format(periodo))
	base = baseline_of(periodo, all_periods)
	if not base:
		return Impact(periodo, None, [])
	members = _pairs(
		ficha_rows.fetch_fichas(
			["Empresa"], [periodo, base], {"ventas_brutas"}, False, conglomerado, None, user
		),
		base,
		periodo,
	)
	filters: dict = {"periodo": ("in", [periodo, base])}
	if conglomerado:
		filters["conglomerado"] = conglomerado
	comparison = _pairs(
		frappe.get_list(
			FICHA_COMPARACION,
			filters=filters,
			fields=["empresa", "periodo", "conglomerado", "ventas_brutas"],
			limit_page_length=0,
			order_by=None,
			user=user,
		),
		base,
		periodo,
	)
	congls = sorted({v["conglomerado"] for v in members.values() if v["conglomerado"]})
	if conglomerado:
		congls = [conglomerado]

	def estimate(scope: str | None) -> ev.DiD:
		def pick(data: dict) -> list[tuple[float, float]]:
			return [
				(v["antes"], v["despues"])
				for v in data.values()
				if scope is None or v["conglomerado"] == scope
			]

		return ev.difference_in_differences(pick(members), pick(comparison))

	rows = [ImpactRow(c, estimate(c)) for c in congls]
	if len(congls) != 1:
		rows.append(ImpactRow(None, estimate(None)))
	return Impact(periodo, base, rows)


def problem_text(d: ev.DiD) -> str:
	"""The plain-language reason why a row has no estimate ("" when it has one)."""
	if d.problema == ev.TOO_FEW_COMPARISON:
		if not d.n_comparacion:
			return _(
				"No hay grupo de comparación: registre empresas del grupo de comparación con su Ficha de "
				"Comparación en la línea de base y en el periodo. Sin él no se puede atribuir el cambio al proyecto."
			)
		return _(
			"El grupo de comparación es demasiado pequeño: {0} empresa(s) con ventas en la línea de base y en "
			"el periodo; se necesitan al menos {1}. No se muestra una estimación."
		).format(d.n_comparacion, d.minimo)
	if d.problema == ev.TOO_FEW_MEMBERS:
		return _(
			"Hay muy pocas empresas miembro con ventas en la línea de base y en el periodo: {0}; se necesitan al "
			"menos {1}."
		).format(d.n_miembros, d.minimo)
	return ""
