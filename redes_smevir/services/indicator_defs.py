"""Indicador records: validation of the form and loading of the active definitions with their formulas."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe import _

from redes_smevir.domain import formula as fl
from redes_smevir.domain import indicators as rules
from redes_smevir.services import problem_messages
from redes_smevir.services.indicator_schema import compile_formula, schema_for_level


def validate_indicator(doc) -> None:
	"""Indicador.validate: the formula must be valid for its level; metas coherent."""
	if doc.nivel_ficha not in rules.NIVELES_FICHA:
		frappe.throw(_("Elija la ficha que lee el indicador: Empresa, Red o Región."))
	try:
		compile_formula(doc.formula, doc.nivel_ficha)
	except fl.FormulaError as e:
		frappe.throw(problem_messages.message(e.problem), title=_("Fórmula no válida"))
	seen = set()
	for row in doc.get("metas") or []:
		if row.horizonte_tipo == rules.H_MESES and (row.meses or 0) <= 0:
			frappe.throw(
				_("Fila {0} de metas: indique los meses desde el inicio (mayor que 0).").format(row.idx)
			)
		if row.horizonte_tipo == rules.H_PERIODO and not row.periodo:
			frappe.throw(_("Fila {0} de metas: indique el periodo.").format(row.idx))
		key = (
			row.conglomerado or "",
			row.horizonte_tipo,
			row.periodo if row.horizonte_tipo == rules.H_PERIODO else None,
			row.meses if row.horizonte_tipo == rules.H_MESES else None,
		)
		if key in seen:
			frappe.throw(
				_("Fila {0} de metas: ya hay una meta para el mismo conglomerado y horizonte.").format(
					row.idx
				)
			)
		seen.add(key)


@dataclass
class IndicatorDef:
	codigo: str
	nombre: str
	nivel_marco: str
	nivel_ficha: str
	unidad: str
	regla_base: str
	formula_text: str
	orden: int
	metas: list[rules.Meta]
	formula: fl.Formula | None = None
	error: str | None = None


def load_indicators(codigos: list[str] | None = None) -> list[IndicatorDef]:
	"""Active indicators with their metas, formulas compiled (an invalid one carries ``error``)."""
	filters: dict = {"activo": 1}
	if codigos:
		filters["name"] = ("in", codigos)
	rows = frappe.get_all(
		"Indicador",
		filters=filters,
		fields=[
			"name",
			"nombre_indicador",
			"nivel_marco",
			"nivel_ficha",
			"unidad",
			"regla_base",
			"formula",
			"orden",
		],
	)
	metas: dict[str, list[rules.Meta]] = defaultdict(list)
	for m in frappe.get_all(
		"Indicador Meta",
		filters={"parenttype": "Indicador", "parent": ("in", [r.name for r in rows] or [""])},
		fields=["parent", "conglomerado", "horizonte_tipo", "periodo", "meses", "valor_meta"],
		order_by="idx asc",
	):
		metas[m.parent].append(
			rules.Meta(float(m.valor_meta or 0), m.conglomerado or None, m.horizonte_tipo, m.periodo, m.meses)
		)
	schemas: dict[str, dict[str, str]] = {}
	out = []
	order = {n: i for i, n in enumerate(rules.NIVELES_MARCO)}
	for r in rows:
		d = IndicatorDef(
			r.name,
			r.nombre_indicador,
			r.nivel_marco,
			r.nivel_ficha,
			r.unidad,
			r.regla_base or rules.BASE_LB,
			r.formula,
			r.orden or 0,
			metas[r.name],
		)
		if r.nivel_ficha not in schemas:
			schemas[r.nivel_ficha] = schema_for_level(r.nivel_ficha)
		try:
			d.formula = fl.parse(r.formula, schemas[r.nivel_ficha])
		except fl.FormulaError as e:
			d.error = problem_messages.message(e.problem)
		out.append(d)
	out.sort(key=lambda d: (order.get(d.nivel_marco, 99), d.orden, d.codigo))
	return out
