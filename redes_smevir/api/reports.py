"""Whitelisted endpoints of the SMEVIR reports."""

from __future__ import annotations

import os

import frappe
from frappe import _
from frappe.utils import md_to_html

from redes_smevir.domain import formula as fl
from redes_smevir.services import indicator_schema, marco_logico, problem_messages, reports_excel

MARCO_LOGICO = "Marco Lógico"


@frappe.whitelist()
@frappe.read_only()
def download_marco_logico(filters: str | dict | None = None) -> None:
	"""The Marco Lógico (with the report's filters) as a formatted Excel workbook."""
	if not frappe.get_doc("Report", MARCO_LOGICO).is_permitted():
		frappe.throw(_("No tiene permiso para ver el reporte Marco Lógico."), frappe.PermissionError)
	frappe.has_permission("Indicador", "read", throw=True)
	from redes_smevir.redes_smevir.report.marco_lógico import marco_lógico as report

	filters = frappe._dict(frappe.parse_json(filters) if isinstance(filters, str) else (filters or {}))
	ml = report.compute(filters)
	parts = [_("Periodos: {0}").format(", ".join(ml.periodos) or _("todos"))]
	if filters.get("conglomerado"):
		parts.append(_("Conglomerado: {0}").format(filters.conglomerado))
	if filters.get("red"):
		parts.append(_("Red: {0}").format(filters.red))
	frappe.response["filename"] = "marco_logico.xlsx"
	frappe.response["filecontent"] = reports_excel.marco_logico_workbook(ml, " · ".join(parts))
	frappe.response["type"] = "binary"


@frappe.whitelist()
@frappe.read_only()
def formula_fields(nivel: str) -> list[dict]:
	"""Variables usable in the formula of an indicator of ``nivel`` (Indicador form help)."""
	frappe.has_permission("Indicador", "read", throw=True)
	return indicator_schema.fields_help(nivel)


@frappe.whitelist()
def formula_guide() -> str:
	"""The formula guide (``docs/formulas.md`` of the app) as HTML, shown inside the Indicador form."""
	frappe.has_permission("Indicador", "read", throw=True)
	path = os.path.join(os.path.dirname(frappe.get_app_path("redes_smevir")), "docs", "formulas.md")
	if not os.path.exists(path):
		frappe.throw(_("La guía de fórmulas no está instalada con la aplicación."), frappe.DoesNotExistError)
	with open(path, encoding="utf-8") as f:
		return md_to_html(f.read())


@frappe.whitelist()
def try_formula(formula: str, nivel: str, periodo: str | None = None) -> dict:
	"""Validate ``formula`` and evaluate it on the approved fichas of ``periodo`` (all in view)."""
	frappe.has_permission("Indicador", "read", throw=True)
	try:
		indicator_schema.compile_formula(formula, nivel)
	except fl.FormulaError as e:
		return {"ok": False, "message": problem_messages.message(e.problem), "position": e.position}
	if not periodo:
		return {"ok": True, "message": _("La fórmula es válida.")}
	res = marco_logico.evaluate_one(formula, nivel, periodo)
	return {
		"ok": True,
		"value": res.value,
		"population": res.population,
		"null_reason": res.null_reason,
		"excluded": res.excluded_groups,
	}
