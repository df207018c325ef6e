"""What the Ficha form shows its user, in one read: entry window, previous period's values, quality
hints, correction requests, the workflow actions the user may take and who acts next.

The permissions come from the workflow rules (``domain.ficha_rules`` through ``services.workflow``
and ``services.fichas``), so the form never offers what the server would refuse. One module for
both the saved and the new ficha (formerly ``api.fichas.form_context`` and ``api.desk.ficha_context``).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import dashboard, ficha_fields, fichas, roles, workflow
from redes_smevir.services import quality_hints as hints_service

_COMPARED_TYPES = {"Currency", "Int", "Float", "Percent", "Check", "Select"}
_NUMERIC_TYPES = {"Currency", "Int", "Float"}


def _load(name: str | None, keys: dict):
	"""The saved ficha (read-checked) or a new one built from its key fields (create-checked)."""
	if name:
		if not frappe.db.exists("Ficha", name):
			frappe.throw(_("La ficha {0} no existe.").format(name), frappe.DoesNotExistError)
		doc = frappe.get_doc("Ficha", name)
		doc.check_permission("read")
		return doc
	frappe.has_permission("Ficha", "create", throw=True)
	doc = frappe.new_doc("Ficha")
	doc.update({k: v for k, v in keys.items() if k != "conglomerado" and v})
	doc.nivel = doc.nivel or rules.EMPRESA
	doc.conglomerado = keys.get("conglomerado")
	return doc


def _subject_filters(doc) -> dict:
	field = fichas.subject_field(doc.nivel)
	return {"nivel": doc.nivel, field: doc.get(field)}


def previous_ficha(doc) -> str | None:
	"""The subject's ficha (visible to the user) in the latest period before ``doc``'s, approved first."""
	if not doc.periodo:
		return None
	ref = frappe.db.get_value("Periodo", doc.periodo, "fecha_referencia")
	if not ref:
		return None
	earlier = frappe.get_all(
		"Periodo", filters={"fecha_referencia": ("<", ref)}, pluck="name", order_by="fecha_referencia desc"
	)
	subject = _subject_filters(doc)
	for periodo in earlier:
		rows = frappe.get_list(
			"Ficha",
			filters={**subject, "periodo": periodo, "name": ("!=", doc.name or "")},
			fields=["name", "workflow_state"],
		)
		if rows:
			rows.sort(key=lambda r: r.workflow_state != rules.APROBADA)
			return rows[0].name
	return None


def comparison(doc, prev) -> list[dict]:
	"""This period's values of the level's fields next to the previous ficha's, with the % change."""
	out = []
	for df in ficha_fields.variables_for_level(doc.nivel):
		if df.fieldtype not in _COMPARED_TYPES or df.hidden:
			continue
		current = doc.get(df.fieldname)
		before = prev.get(df.fieldname) if prev else None
		change = None
		if df.fieldtype in _NUMERIC_TYPES and current is not None and before is not None:
			change = rules.sales_change(flt(current), flt(before))
			change = round(change, 1) if change is not None else None
		out.append(
			{
				"fieldname": df.fieldname,
				"label": _(df.label),
				"fieldtype": df.fieldtype,
				"actual": current,
				"anterior": before,
				# formatted here, as the quality hints are: one currency symbol (S/.) in the panel
				"actual_texto": _formatted(current, df),
				"anterior_texto": _formatted(before, df),
				"variacion": change,
			}
		)
	return out


def _formatted(value, df) -> str | None:
	if value is None or value == "" or df.fieldtype not in _NUMERIC_TYPES:
		return None
	return frappe.format(value, df)


def correction_requests(name: str) -> list[dict]:
	"""The ficha's latest correction requests (the ficha is already read-checked)."""
	return frappe.get_all(
		workflow.SOLICITUD,
		filters={"ficha": name},
		fields=["name", "creation", "owner", "estado", "motivo", "comentario_decision", "decidido_por"],
		order_by="creation desc",
		limit=3,
	)


def next_step(nivel: str, state: str) -> str:
	"""What just happened to a ficha in ``state`` and who acts next (shown after each action)."""
	enterer = _(rules.ENTERING_ROLE.get(nivel, rules.GERENTE))
	approver = _(rules.APPROVING_ROLE.get(nivel, rules.COORDINADOR))
	if state == rules.ENVIADA:
		return _("Ficha enviada a revisión del {0}.").format(approver)
	if state == rules.OBSERVADA:
		return _("Ficha observada: vuelve al {0} para que la corrija y la envíe de nuevo.").format(enterer)
	if state == rules.APROBADA:
		return _("Ficha aprobada: ya cuenta en los reportes oficiales.")
	if state == rules.EN_CORRECCION:
		return _("Corrección autorizada: el {0} puede corregir la ficha y enviarla de nuevo.").format(enterer)
	return _(
		"Ficha guardada como borrador. Cuando esté completa, envíela al {0} con Acciones › Enviar."
	).format(approver)


def workflow_help(nivel: str, state: str) -> dict:
	"""The state, who may edit it and the next actions with their roles, in Spanish (help dialog)."""
	actions = [
		{"action": _(t.action), "roles": [_(r) for r in t.roles(nivel)], "next_state": _(t.next_state)}
		for t in rules.TRANSITIONS
		if t.state == state
	]
	editors = [_(rules.ENTERING_ROLE[nivel])] if state in rules.EDITABLE_STATES else []
	return {"state": _(state), "editors": editors, "actions": actions}


def context(
	name: str | None = None,
	periodo: str | None = None,
	nivel: str | None = None,
	empresa: str | None = None,
	red: str | None = None,
	conglomerado: str | None = None,
) -> dict:
	"""Everything the Ficha form shows for the session user; a new ficha passes its key fields."""
	doc = _load(
		name,
		{"periodo": periodo, "nivel": nivel, "empresa": empresa, "red": red, "conglomerado": conglomerado},
	)
	saved = bool(name)
	user_roles = fichas.user_roles()
	admin_user = frappe.session.user == "Administrator"
	state = doc.workflow_state or rules.BORRADOR
	pending = workflow.pending_request(doc.name) if saved else None
	can_request = (
		saved
		and state == rules.APROBADA
		and not pending
		and (admin_user or rules.ENTERING_ROLE[doc.nivel] in user_roles)
	)
	can_decide = bool(pending) and _can_authorise(doc)
	can_approve = (
		saved and state == rules.ENVIADA and (admin_user or rules.APPROVING_ROLE[doc.nivel] in user_roles)
	)
	can_edit = not saved or (
		state in rules.EDITABLE_STATES
		and not rules.edit_problem(doc.nivel, state, user_roles, admin_user or roles.is_admin())
	)
	prev_name = previous_ficha(doc)
	prev = frappe.get_doc("Ficha", prev_name) if prev_name else None
	return {
		"state": state,
		"window": dashboard.period_window(doc.periodo),
		"window_refusal": fichas.entry_refusal(doc, rules.EDIT if saved else rules.CREATE)
		if doc.periodo
		else None,
		"previous": {"name": prev.name, "periodo": prev.periodo, "estado": prev.workflow_state}
		if prev
		else None,
		"comparison": comparison(doc, prev),
		"hints": hints_service.quality_hints(doc.name) if saved else [],
		# who reads the hints: the approver decides on them, the enterer checks before sending
		"hints_for": "approver" if can_approve else "enterer",
		"motivo_observacion": doc.get("motivo_observacion"),
		"solicitudes": correction_requests(doc.name) if saved else [],
		"pending_request": pending,
		"can_request_correction": bool(can_request),
		"can_decide_correction": can_decide,
		"can_approve": bool(can_approve),
		"can_edit": bool(can_edit),
		"next_step": next_step(doc.nivel, state),
		"help": workflow_help(doc.nivel, state),
	}


def _can_authorise(doc) -> bool:
	try:
		workflow.check_can_authorise(doc)
	except frappe.PermissionError:
		return False
	return True
