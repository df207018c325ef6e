"""Whitelisted endpoints behind the Ficha form: quality hints, returns with a reason and corrections.

Every endpoint checks permission on the ficha for the session user; the rules themselves live
in ``services.fichas`` and ``services.workflow``.
"""

from __future__ import annotations

import frappe
from frappe.utils import cint

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import fichas, roles, workflow
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
def form_context(ficha: str) -> dict:
	"""What the Ficha form needs to show its workflow helpers for the session user."""
	frappe.has_permission("Ficha", "read", ficha, throw=True)
	doc = frappe.get_doc("Ficha", ficha)
	user_roles = fichas.user_roles()
	is_admin_user = frappe.session.user == "Administrator"
	state = doc.workflow_state or rules.BORRADOR
	pending = workflow.pending_request(doc.name)
	can_request = (
		state == rules.APROBADA
		and not pending
		and (is_admin_user or rules.ENTERING_ROLE[doc.nivel] in user_roles)
	)
	can_decide = bool(pending) and can_decide_correction(pending)
	can_approve = state == rules.ENVIADA and (is_admin_user or rules.APPROVING_ROLE[doc.nivel] in user_roles)
	can_edit = state in rules.EDITABLE_STATES and not rules.edit_problem(
		doc.nivel, state, user_roles, is_admin_user or roles.is_admin()
	)
	return {
		"pending_request": pending,
		"can_request_correction": can_request,
		"can_decide_correction": can_decide,
		"can_approve": can_approve,
		"can_edit": can_edit,
		"window": fichas.entry_refusal(doc, rules.EDIT),
		"hints": hints_service.quality_hints(doc.name) if can_approve else [],
	}


@frappe.whitelist(methods=["POST"])
def apply_action(ficha: str, action: str, motivo: str | None = None) -> dict:
	"""Apply a workflow action with a clear Spanish refusal (role, scope, state, window, reason)."""
	return workflow.apply_action(ficha, action, motivo).as_dict()
