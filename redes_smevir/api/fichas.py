"""Whitelisted endpoints behind the Ficha form: quality hints, returns with a reason and corrections.

Every endpoint checks permission on the ficha for the session user; the rules themselves live
in ``services.fichas`` and ``services.workflow``.
"""

from __future__ import annotations

import frappe
from frappe.utils import cint

from redes_smevir.services import ficha_form, workflow
from redes_smevir.services import quality_hints as hints_service


@frappe.whitelist()
@frappe.read_only()
def quality_hints(ficha: str) -> list[dict]:
	"""Data-quality warnings for the approver (sales change beyond the threshold, missing baseline)."""
	frappe.has_permission("Ficha", "read", ficha, throw=True)
	return hints_service.quality_hints(ficha)


@frappe.whitelist(methods=["POST"])
def observe(ficha: str, motivo: str) -> dict:
	"""Return a sent ficha to whoever entered it, with a mandatory reason."""
	frappe.has_permission("Ficha", "read", ficha, throw=True)
	return workflow.observe(ficha, motivo).as_dict()


@frappe.whitelist(methods=["POST"])
def request_correction(ficha: str, motivo: str) -> str:
	"""Ask for the correction of an approved ficha; returns the Solicitud Correccion name."""
	frappe.has_permission("Ficha", "read", ficha, throw=True)
	return workflow.request_correction(ficha, motivo).name


@frappe.whitelist(methods=["POST"])
def decide_correction(solicitud: str, autorizar: int | str | bool, comentario: str | None = None) -> dict:
	"""Authorise (ficha → En Corrección) or refuse a pending correction request."""
	frappe.has_permission("Solicitud Correccion", "read", solicitud, throw=True)
	return workflow.decide_correction(solicitud, bool(cint(autorizar)), comentario).as_dict()


@frappe.whitelist()
@frappe.read_only()
def can_decide_correction(solicitud: str) -> bool:
	"""Whether the session user may authorise or refuse this request (to show the buttons)."""
	if not frappe.has_permission("Solicitud Correccion", "read", solicitud):
		return False
	ficha = frappe.get_doc("Ficha", frappe.db.get_value("Solicitud Correccion", solicitud, "ficha"))
	try:
		workflow.check_can_authorise(ficha)
	except frappe.PermissionError:
		return False
	return True


@frappe.whitelist()
@frappe.read_only()
def form_context(
	ficha: str | None = None,
	periodo: str | None = None,
	nivel: str | None = None,
	empresa: str | None = None,
	red: str | None = None,
	conglomerado: str | None = None,
) -> dict:
	"""Everything the Ficha form shows the session user (``services.ficha_form``); a new ficha passes
	its key fields instead of ``ficha``."""
	return ficha_form.context(ficha, periodo, nivel, empresa, red, conglomerado)


@frappe.whitelist(methods=["POST"])
def apply_action(ficha: str, action: str, motivo: str | None = None) -> dict:
	"""Apply a workflow action with a clear Spanish refusal (role, scope, state, window, reason)."""
	return workflow.apply_action(ficha, action, motivo).as_dict()
