"""The Ficha approval workflow: its Frappe definition, the checks on every transition, returns with
a reason and authorised corrections.

The Workflow record ("Ficha SMEVIR") is generated from ``domain.ficha_rules.TRANSITIONS``; the
same table drives the server-side checks in ``validate_transition`` so the rule holds whether a
transition comes from the form's workflow buttons (``frappe.model.workflow.apply_workflow``),
a REST ``frappe.client.save`` that changes ``workflow_state``, or the helpers below.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cstr, now_datetime

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import fichas, notifications, periods, roles

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
SOLICITUD = "Solicitud Correccion"
PENDIENTE, AUTORIZADA, RECHAZADA = "Pendiente", "Autorizada", "Rechazada"


class WorkflowRuleError(frappe.ValidationError):
	pass


# --- setup (registered in hooks.redes_smevir_setup_steps) -----------------------------------------


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
						condition += " and frappe.db.get_value('Periodo', doc.periodo, 'estado') == 'Abierto'"
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


# --- checks on every transition -------------------------------------------------------------------


def _state_before(doc) -> str | None:
	before = doc.get_doc_before_save()
	return (before.workflow_state or rules.BORRADOR) if before else None


def validate_transition(doc) -> None:
	"""Called from Ficha.validate: when the state changes, check actor, scope, window and reason."""
	old = _state_before(doc)
	new = doc.workflow_state
	if old is None or not new or old == new or doc.flags.get("historical_load"):
		return
	t = rules.transition_for(old, new)
	if not t:
		frappe.throw(
			_("No se puede pasar una ficha de {0} a {1}.").format(_(old), _(new)),
			WorkflowRuleError,
			title=_("Transición no permitida"),
		)
	_check_actor(doc, t)
	fichas.check_scope(doc)
	doc.flags.transition = t
	if t.action == rules.ENVIAR:
		fichas.check_entry_allowed(doc, rules.SEND)
		doc.enviado_por = frappe.session.user
		doc.fecha_envio = now_datetime()
	elif t.action == rules.OBSERVAR:
		before = doc.get_doc_before_save()
		reason = cstr(doc.motivo_observacion).strip()
		if not reason or (
			reason == cstr(before.motivo_observacion).strip() and not doc.flags.get("reason_given")
		):
			frappe.throw(
				_("Indique el motivo de la observación: quien registró la ficha lo verá para corregirla."),
				WorkflowRuleError,
				title=_("Falta el motivo"),
			)
		doc.motivo_observacion = reason
	elif t.action == rules.APROBAR:
		doc.aprobado_por = frappe.session.user
		doc.fecha_aprobacion = now_datetime()
	elif t.action == rules.AUTORIZAR_CORRECCION:
		request = pending_request(doc.name)
		if not request:
			frappe.throw(
				_("No hay una solicitud de corrección pendiente para esta ficha."),
				WorkflowRuleError,
				title=_("Sin solicitud de corrección"),
			)
		check_can_authorise(doc)
		doc.flags.authorised_request = request


def after_save(doc) -> None:
	"""Called from Ficha.on_update: record the decision, comment and notify after a transition."""
	t = doc.flags.get("transition")
	if not t:
		return
	doc.flags.transition = None
	if t.action == rules.OBSERVAR:
		doc.add_comment("Comment", _("Observada: {0}").format(doc.motivo_observacion))
	if t.action == rules.AUTORIZAR_CORRECCION and doc.flags.get("authorised_request"):
		_close_request(doc.flags.authorised_request, AUTORIZADA, doc)
	notifications.on_transition(doc, t)


def pending_request(ficha: str) -> str | None:
	return frappe.db.get_value(SOLICITUD, {"ficha": ficha, "estado": PENDIENTE}, "name")


def check_can_authorise(ficha_doc) -> None:
	problem = rules.authorise_problem(
		ficha_doc.nivel,
		fichas.user_roles(),
		roles.is_admin(),
		periods.window_is_open(ficha_doc.periodo),
	)
	if problem:
		frappe.throw(
			fichas.problem_message(problem, ficha_doc.periodo),
			fichas.FichaPermissionError,
			title=_("Acción no permitida"),
		)
	fichas.check_scope(ficha_doc)


# --- use cases behind the form's buttons (api/fichas.py) ------------------------------------------


def _check_actor(doc, t: rules.Transition) -> None:
	allowed = t.roles(doc.nivel)
	if frappe.session.user != "Administrator" and not set(allowed) & fichas.user_roles():
		frappe.throw(
			_("La acción «{0}» sobre una ficha de nivel {1} la realiza: {2}.").format(
				_(t.action), _(doc.nivel), ", ".join(_(r) for r in allowed)
			),
			fichas.FichaPermissionError,
			title=_("Acción no permitida"),
		)


def apply_action(ficha: str, action: str, motivo: str | None = None):
	"""Apply a workflow ``action`` (Enviar, Aprobar, Observar, Autorizar corrección) as the session user.

	Same effect as the form's workflow buttons, with a clear Spanish refusal first: wrong state,
	wrong role for the level, outside the user's scope. Observar needs ``motivo``.
	"""
	doc = frappe.get_doc("Ficha", ficha)
	# The role refusal (action and level only) may come first; the state only after the read check,
	# so that a refusal never reveals the state of a ficha outside the user's scope.
	by_action = next((t for t in rules.TRANSITIONS if t.action == action), None)
	if by_action:
		_check_actor(doc, by_action)
	doc.check_permission("read")
	state = doc.workflow_state or rules.BORRADOR
	t = next((t for t in rules.TRANSITIONS if t.state == state and t.action == action), None)
	if not t:
		frappe.throw(
			_("La acción «{0}» no se aplica a una ficha en estado {1}.").format(_(action), _(state)),
			WorkflowRuleError,
			title=_("Acción no permitida"),
		)
	_check_actor(doc, t)
	fichas.check_scope(doc)
	if action == rules.OBSERVAR:
		return observe(ficha, motivo or "")
	if action == rules.AUTORIZAR_CORRECCION:
		check_can_authorise(doc)
	from frappe.model.workflow import apply_workflow

	return apply_workflow(doc.as_dict(), action)


def observe(ficha: str, motivo: str):
	"""Return a sent ficha to its enterer (Observada) with a mandatory reason."""
	doc = frappe.get_doc("Ficha", ficha)
	doc.check_permission("read")
	motivo = cstr(motivo).strip()
	if not motivo:
		frappe.throw(
			_("Indique el motivo de la observación: quien registró la ficha lo verá para corregirla."),
			WorkflowRuleError,
			title=_("Falta el motivo"),
		)
	if doc.workflow_state != rules.ENVIADA:
		frappe.throw(
			_("Solo se puede observar una ficha Enviada; esta ficha está {0}.").format(_(doc.workflow_state)),
			WorkflowRuleError,
		)
	doc.motivo_observacion = motivo
	doc.flags.reason_given = True
	doc.workflow_state = rules.OBSERVADA
	doc.save()  # frappe's validate_workflow checks the transition against the user's roles
	doc.add_comment("Workflow", _(rules.OBSERVADA))
	return doc


def request_correction(ficha: str, motivo: str):
	"""The enterer asks to correct an approved ficha; returns the Solicitud Correccion."""
	req = frappe.get_doc({"doctype": SOLICITUD, "ficha": ficha, "motivo": motivo})
	req.insert()
	return req


def decide_correction(solicitud: str, autorizar: bool, comentario: str | None = None):
	"""Authorise (ficha → En Corrección) or refuse a pending correction request."""
	req = frappe.get_doc(SOLICITUD, solicitud)
	if req.estado != PENDIENTE:
		frappe.throw(
			_("La solicitud {0} ya fue decidida ({1}).").format(req.name, _(req.estado)), WorkflowRuleError
		)
	ficha = frappe.get_doc("Ficha", req.ficha)
	ficha.check_permission("read")
	check_can_authorise(ficha)
	if comentario:
		req.db_set("comentario_decision", cstr(comentario).strip())
	if autorizar:
		from frappe.model.workflow import apply_workflow

		apply_workflow(ficha.as_dict(), rules.AUTORIZAR_CORRECCION)
	else:
		_close_request(req.name, RECHAZADA, ficha)
	return frappe.get_doc(SOLICITUD, solicitud)


def _close_request(name: str, estado: str, ficha_doc) -> None:
	req = frappe.get_doc(SOLICITUD, name)
	req.estado = estado
	req.decidido_por = frappe.session.user
	req.fecha_decision = now_datetime()
	req.flags.decision = True
	req.save(ignore_permissions=True)
	if estado == AUTORIZADA:
		text = _("Corrección autorizada ({0}) por {1}.").format(req.name, frappe.session.user)
	else:
		text = _("Corrección rechazada ({0}) por {1}.").format(req.name, frappe.session.user)
	if req.comentario_decision:
		text += " " + _("Comentario: {0}").format(req.comentario_decision)
	ficha_doc.add_comment("Comment", text)
	notifications.on_correction_decided(ficha_doc, req)
