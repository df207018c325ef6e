"""The Ficha approval workflow at run time: the checks on every transition, returns with a reason and
authorised corrections.

``domain.ficha_rules.TRANSITIONS`` drives both the Workflow record (``services.workflow_setup``)
and the server-side checks in ``validate_transition``, so the rule holds whether a transition
comes from the form's workflow buttons (``frappe.model.workflow.apply_workflow``), a REST
``frappe.client.save`` that changes ``workflow_state``, or the helpers below.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cstr, now_datetime

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import fichas, notifications, periods, roles

SOLICITUD = "Solicitud Correccion"
PENDIENTE, AUTORIZADA, RECHAZADA = "Pendiente", "Autorizada", "Rechazada"


class WorkflowRuleError(frappe.ValidationError):
	pass


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
	_check_transition(
		doc,
		t,
		_("No se puede pasar una ficha de {0} a {1}.").format(_(old), _(new)),
		_("Transición no permitida"),
	)
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


def _check_transition(doc, t: rules.Transition | None, refusal: str, title: str) -> None:
	"""``t`` must exist (else ``refusal``), the session user be its actor and ``doc`` in their scope."""
	if not t:
		frappe.throw(refusal, WorkflowRuleError, title=title)
	_check_actor(doc, t)
	fichas.check_scope(doc)


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
	_check_transition(
		doc,
		t,
		_("La acción «{0}» no se aplica a una ficha en estado {1}.").format(_(action), _(state)),
		_("Acción no permitida"),
	)
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
