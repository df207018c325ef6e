"""Data-quality hints shown to the approver of an Empresa ficha."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from redes_smevir.domain import ficha_rules as rules


def _previous_sales(doc) -> frappe._dict | None:
	"""The firm's latest ficha with sales in a period earlier than ``doc``'s."""
	Ficha = frappe.qb.DocType("Ficha")
	Periodo = frappe.qb.DocType("Periodo")
	fecha = frappe.db.get_value("Periodo", doc.periodo, "fecha_referencia")
	rows = (
		frappe.qb.from_(Ficha)
		.join(Periodo)
		.on(Periodo.name == Ficha.periodo)
		.select(Ficha.name, Ficha.periodo, Ficha.ventas_brutas, Ficha.workflow_state)
		.where(
			(Ficha.nivel == rules.EMPRESA)
			& (Ficha.empresa == doc.empresa)
			& (Ficha.name != doc.name)
			& (Periodo.fecha_referencia < fecha)
			& (Ficha.ventas_brutas > 0)
		)
		.orderby(Periodo.fecha_referencia, order=frappe.qb.desc)
		.limit(1)
		.run(as_dict=True)
	)
	return rows[0] if rows else None


def _baseline_ficha(doc) -> tuple[str | None, str | None]:
	"""(baseline period expected, name of the firm's ficha in it or in any baseline period)."""
	base = frappe.db.get_value("Periodo", doc.periodo, "periodo_base")
	filters = {"nivel": rules.EMPRESA, "empresa": doc.empresa}
	if base:
		return base, frappe.db.get_value("Ficha", {**filters, "periodo": base}, "name")
	lb_periods = frappe.get_all("Periodo", filters={"tipo": "Línea de Base"}, pluck="name")
	if not lb_periods:
		return None, None
	return None, frappe.db.get_value("Ficha", {**filters, "periodo": ("in", lb_periods)}, "name")


def quality_hints(ficha_name: str) -> list[dict]:
	"""Data-quality warnings: implausible sales change, missing baseline, missing sales.

	Worded for both readers (the form heads them "Antes de enviar, revise" for whoever enters the
	ficha and "Revise antes de aprobar" for the approver).

	Each hint: ``{"code": str, "indicator": "orange"|"red"|"blue", "message": str}``.
	"""
	doc = frappe.get_doc("Ficha", ficha_name)
	hints: list[dict] = []
	if doc.nivel != rules.EMPRESA or not doc.empresa:
		return hints
	settings = frappe.get_cached_doc("Configuracion SMEVIR")
	threshold = flt(settings.umbral_variacion_ventas)
	current = flt(doc.ventas_brutas) or None
	if not current:
		hints.append(
			{"code": "sin_ventas", "indicator": "orange", "message": _("La ficha no registra ventas brutas.")}
		)
	prev = _previous_sales(doc)
	if prev and current and rules.sales_change_exceeds(current, flt(prev.ventas_brutas), threshold):
		change = rules.sales_change(current, flt(prev.ventas_brutas))
		hints.append(
			{
				"code": "variacion_ventas",
				"indicator": "red",
				"message": _(
					"Las ventas brutas cambian {0}% respecto del periodo {1} ({2} → {3}); el umbral es {4}%. "
					"Verifique el dato."
				).format(
					f"{change:+.1f}",
					prev.periodo,
					frappe.format(prev.ventas_brutas, "Currency"),
					frappe.format(current, "Currency"),
					f"{threshold:g}",
				),
			}
		)
	tipo = frappe.db.get_value("Periodo", doc.periodo, "tipo")
	if tipo != "Línea de Base":
		base, base_ficha = _baseline_ficha(doc)
		if not base_ficha:
			hints.append(
				{
					"code": "sin_linea_base",
					"indicator": "orange",
					"message": (
						_("La empresa no tiene ficha en el periodo de Línea de Base {0}.").format(base)
						if base
						else _("La empresa no tiene ficha de Línea de Base.")
					),
				}
			)
	return hints
