"""Beneficiary satisfaction: aggregates of the approved «Satisfacción» fichas per network and cluster.

A Satisfacción ficha is a Ficha of level ``Satisfacción`` (same workflow, scope and guards as an
Empresa ficha). The report never shows one firm's answers to anyone outside its network:

- per-network rows come from the fichas the user may read (``frappe.get_list``): a Gerente only
  gets their own networks, a Coordinador those of their conglomerado;
- a conglomerado row is an aggregate over every approved answer of the cluster, read without the
  user's scope on purpose (like «Posición Competitiva»), and shown to a user who does not see the
  whole cluster only when the answers from the networks they do not see number at least
  ``MIN_OTHERS`` (with fewer, subtracting their own rows from the total would reveal them);
- free-text answers are never aggregated or listed by the report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe import _

from redes_smevir.domain import evaluation as ev
from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import scoping
from redes_smevir.services.report_guards import check_filter_scope

MIN_OTHERS = 3
SERVICES = (
	"servicio_capacitacion",
	"servicio_asistencia_tecnica",
	"servicio_promocion_comercial",
	"servicio_acompanamiento",
)
FIELDS = [
	"red",
	"conglomerado",
	*SERVICES,
	"utilidad_servicios",
	"satisfaccion_general",
	"expectativas_cubiertas",
	"incremento_ingresos",
]
SCALE = (1, 5)


def validate_answers(doc, method=None) -> None:
	"""Ficha.validate for Satisfacción fichas: scores on the 1–5 scale."""
	if doc.nivel != rules.SATISFACCION:
		return
	for fieldname in ("utilidad_servicios", "satisfaccion_general"):
		value = doc.get(fieldname)
		if value in (None, "", 0):
			continue
		if not SCALE[0] <= int(value) <= SCALE[1]:
			label = _(doc.meta.get_label(fieldname))
			frappe.throw(_("{0}: indique un valor de 1 a 5.").format(label))


@dataclass
class Aggregate:
	respuestas: int
	servicios: dict[str, float | None]  # percent of respondents who received each service
	utilidad: float | None  # mean 1–5
	satisfaccion: float | None  # mean 1–5
	expectativas_si: float | None  # percent "Sí"
	expectativas_en_parte: float | None
	incremento_ingresos: float | None  # percent


def aggregate(rows: list[dict]) -> Aggregate:
	n = len(rows)

	def pct(pred) -> float | None:
		return 100.0 * sum(1 for r in rows if pred(r)) / n if n else None

	return Aggregate(
		respuestas=n,
		servicios={s: pct(lambda r, s=s: r.get(s)) for s in SERVICES},
		utilidad=ev.mean(r.get("utilidad_servicios") or None for r in rows),
		satisfaccion=ev.mean(r.get("satisfaccion_general") or None for r in rows),
		expectativas_si=pct(lambda r: r.get("expectativas_cubiertas") == "Sí"),
		expectativas_en_parte=pct(lambda r: r.get("expectativas_cubiertas") == "En parte"),
		incremento_ingresos=pct(lambda r: r.get("incremento_ingresos")),
	)


@dataclass
class SatisfactionRow:
	conglomerado: str | None
	red: str | None  # None: the conglomerado's aggregate
	agg: Aggregate | None  # None: withheld
	nota: str = ""


def satisfaction(
	periodo: str, conglomerado: str | None = None, red: str | None = None, user: str | None = None
) -> list[SatisfactionRow]:
	user = user or frappe.session.user
	check_filter_scope(conglomerado, red, user)
	filters: dict = {"nivel": rules.SATISFACCION, "periodo": periodo, "workflow_state": rules.APROBADA}
	if conglomerado:
		filters["conglomerado"] = conglomerado
	if red:
		filters["red"] = red
	own = frappe.get_list(
		"Ficha", filters=filters, fields=FIELDS, limit_page_length=0, order_by=None, user=user
	)
	by_red: dict[tuple[str, str], list[dict]] = defaultdict(list)
	for r in own:
		by_red[(r.conglomerado or "", r.red or "")].append(r)
	scope = scoping.Scope.of(user)
	congls_set = {c for c, _r in by_red}
	if conglomerado:
		congls_set = {conglomerado}
	elif scope.restricted:
		congls_set |= set(scope.visible_conglomerados() or [])
	congls = sorted(congls_set)
	out: list[SatisfactionRow] = []
	for c in congls:
		for (cc, red_name), rows in sorted(by_red.items()):
			if cc == c:
				out.append(SatisfactionRow(c or None, red_name or None, aggregate(rows)))
		if red:
			continue
		# The cluster's aggregate: every approved answer, read without the user's scope on purpose.
		cluster_filters = {k: v for k, v in filters.items() if k != "conglomerado"}
		cluster = frappe.get_all(
			"Ficha",
			filters={**cluster_filters, "conglomerado": c},
			fields=FIELDS,
			limit_page_length=0,
			order_by=None,
		)
		seen = sum(len(v) for (cc, _r), v in by_red.items() if cc == c)
		others = len(cluster) - seen
		sees_all = scope.unrestricted or c in scope.conglomerados
		if sees_all or others >= MIN_OTHERS:
			out.append(SatisfactionRow(c or None, None, aggregate(cluster)))
		else:
			out.append(
				SatisfactionRow(
					c or None,
					None,
					None,
					_(
						"El conglomerado tiene {0} respuesta(s) de otras redes: con menos de {1} no se muestra su "
						"agregado, para no revelar respuestas de otras redes."
					).format(others, MIN_OTHERS),
				)
			)
	return out
