"""What an indicator formula may use: the variables of each ficha level and their formula types."""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.domain import formula as fl
from redes_smevir.services.ficha_fields import variables_for_level

# Ficha columns that identify a ficha or its workflow; never offered as formula variables.
NON_VARIABLES = {
	"nivel",
	"periodo",
	"empresa",
	"razon_social",
	"red",
	"conglomerado",
	"titulo",
	"workflow_state",
	"observaciones",
	"motivo_observacion",
	"amended_from",
}
# Values the service adds to every row (not stored in Ficha): name -> formula type.
VIRTUAL_FIELDS = {
	"Empresa": {"empresa": fl.TEXT, "red_desde_base": fl.CHECK},
	"Red": {"red_desde_base": fl.CHECK},
	"Región": {},
}


def schema_for_level(nivel: str) -> dict[str, str]:
	"""Formula schema (field -> number/check/text) of the fichas of ``nivel``."""
	schema: dict[str, str] = {}
	for df in variables_for_level(nivel):
		typ = fl.type_for_fieldtype(df.fieldtype)
		if typ and df.fieldname not in NON_VARIABLES:
			schema[df.fieldname] = typ
	schema.update(VIRTUAL_FIELDS.get(nivel, {}))
	return schema


def compile_formula(text: str, nivel: str) -> fl.Formula:
	"""Parse ``text`` for ``nivel``; raises fl.FormulaError (services.problem_messages renders it)."""
	return fl.parse(text, schema_for_level(nivel))


def fields_help(nivel: str) -> list[dict]:
	"""Variables usable in formulas of ``nivel`` with label and type, for the Indicador form."""
	meta = frappe.get_meta("Ficha")
	names = {fl.NUMBER: _("número"), fl.CHECK: _("casilla"), fl.TEXT: _("texto")}
	out = []
	for name, typ in schema_for_level(nivel).items():
		df = meta.get_field(name)
		label = _(df.label) if df and df.label else VIRTUAL_LABELS.get(name, name)
		out.append({"campo": name, "etiqueta": label, "tipo": names[typ]})
	for key in fl.KEY_FIELDS:
		if key not in {o["campo"] for o in out}:
			out.append({"campo": key, "etiqueta": _(key.capitalize()), "tipo": names[fl.TEXT]})
	return out


VIRTUAL_LABELS = {
	"empresa": "Empresa",
	"red_desde_base": "La red participa desde la línea de base (calculado)",
}
