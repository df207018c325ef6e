"""The Frappe Workflow record of Ficha ("Ficha SMEVIR"), generated from ``domain.ficha_rules.TRANSITIONS``.

Registered in ``hooks.redes_smevir_setup_steps`` / ``redes_smevir_teardown_steps``.
"""

from __future__ import annotations

import frappe
from frappe.utils import cstr

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import periods, roles
from redes_smevir.services.workflow import PENDIENTE, SOLICITUD

WORKFLOW_NAME = "Ficha SMEVIR"
# Only the Administrator user holds this role: the form is read-only for everyone else.
NOBODY_EDITS = "Administrator"
STATE_STYLES = {
	rules.BORRADOR: "",
	rules.ENVIADA: "Primary",
	rules.OBSERVADA: "Warning",
	rules.APROBADA: "Success",
	rules.EN_CORRECCION: "Danger",
}


def _pending_condition() -> str:
	return f"frappe.db.get_value('{SOLICITUD}', {{'ficha': doc.name, 'estado': '{PENDIENTE}'}}, 'name')"


def workflow_definition() -> dict:
	"""The Workflow document for Ficha, as a dict (states and transitions per level)."""
	states = []
	for state in rules.STATES:
		editors = (
			(roles.GERENTE, roles.COORDINADOR, roles.ADMINISTRADOR)
			if state in rules.EDITABLE_STATES
			else (NOBODY_EDITS,)
		)
		for role in editors:
			states.append({"state": state, "doc_status": "0", "allow_edit": role})
	transitions = []
	for level in rules.LEVELS:
		for t in rules.TRANSITIONS:
			for role in t.roles(level):
				condition = f"doc.nivel == '{level}'"
				if t.action == rules.AUTORIZAR_CORRECCION:
					condition += " and " + _pending_condition()
					if role == roles.COORDINADOR:
						condition += " and " + periods.open_window_condition("doc.periodo")
				transitions.append(
					{
						"state": t.state,
						"action": t.action,
						"next_state": t.next_state,
						"allowed": role,
						# The enterer sends their own fichas; Región fichas are entered and
						# approved by the same role.
						"allow_self_approval": 1 if (t.actor == "enter" or level == rules.REGION) else 0,
						"condition": condition,
					}
				)
	return {
		"doctype": "Workflow",
		"workflow_name": WORKFLOW_NAME,
		"document_type": "Ficha",
		"workflow_state_field": "workflow_state",
		"is_active": 1,
		"override_status": 1,
		"send_email_alert": 0,
		"states": states,
		"transitions": transitions,
	}


def _signature(rows: list, keys: tuple) -> list:
	return [tuple(cstr(r.get(k)) for k in keys) for r in rows]


def ensure_workflow() -> None:
	"""Create (or bring back in line) the Workflow States, Actions and the Ficha workflow."""
	for state, style in STATE_STYLES.items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for action in rules.ACTIONS:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	wanted = workflow_definition()
	if frappe.db.exists("Workflow", WORKFLOW_NAME):
		wf = frappe.get_doc("Workflow", WORKFLOW_NAME)
		state_keys = ("state", "doc_status", "allow_edit")
		trans_keys = ("state", "action", "next_state", "allowed", "allow_self_approval", "condition")
		same = (
			wf.is_active
			and _signature(wf.states, state_keys) == _signature(wanted["states"], state_keys)
			and _signature(wf.transitions, trans_keys) == _signature(wanted["transitions"], trans_keys)
		)
		if same:
			return
		wf.set("states", wanted["states"])
		wf.set("transitions", wanted["transitions"])
		wf.is_active = 1
		wf.save(ignore_permissions=True)
	else:
		frappe.get_doc(wanted).insert(ignore_permissions=True)
	frappe.cache.hdel("workflow", "Ficha")


def remove_workflow() -> None:
	"""Teardown step: drop the Ficha workflow (states and actions may be shared; they stay)."""
	if frappe.db.exists("Workflow", WORKFLOW_NAME):
		frappe.delete_doc("Workflow", WORKFLOW_NAME, ignore_permissions=True, force=True)
	frappe.cache.hdel("workflow", "Ficha")
