"""Fichas: the data-entry forms of SMEVIR (use cases shared by the form, REST, workflow and imports).

Public functions other modules rely on:

- ``check_entry_allowed(doc, action)``: THE entry-window rule; raises ``EntryWindowError``.
  ``entry_refusal(doc, action)`` returns the message instead of raising (for bulk imports).
- ``insert_historical(values, state)``: how server-side loaders insert past fichas.
"""

from __future__ import annotations

import hashlib
from datetime import date

import frappe
from frappe import _
from frappe.model import no_value_fields
from frappe.model.document import Document
from frappe.utils import cint, cstr, flt, get_link_to_form, getdate, nowdate

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import membership, roles, scoping
from redes_smevir.services.ficha_fields import LAYOUT_TYPES
from redes_smevir.services.periods import entry_window


class EntryWindowError(frappe.ValidationError):
	"""Creating, editing or sending a ficha outside its period's entry window."""


class FichaPermissionError(frappe.PermissionError):
	"""A role or scope that may not do this to a ficha."""


# Fields that are bookkeeping, not data: changing them is not "editing the ficha".
NON_DATA_FIELDS = {
	"workflow_state",
	"clave_unica",
	"motivo_observacion",
	"titulo",
	"razon_social",
	"enviado_por",
	"fecha_envio",
	"aprobado_por",
	"fecha_aprobacion",
}


# --- entry-window rule -------------------------------------------------------------------------


def problem_message(problem: rules.Problem, periodo: str | None = None) -> str:
	p = problem.params
	code = problem.code
	if code in ("window_not_open", "window_closed"):
		start, end = f"{p['start']:%d-%m-%Y}", f"{p['end']:%d-%m-%Y}"
		verb = {
			rules.CREATE: _("registrar"),
			rules.EDIT: _("modificar"),
			rules.SEND: _("enviar"),
		}[p["action"]]
		if code == "window_not_open":
			return _(
				"No se puede {0} la ficha: la ventana de registro del periodo {1} va del {2} al {3} y aún no se abre."
			).format(verb, periodo, start, end)
		return _(
			"No se puede {0} la ficha: la ventana de registro del periodo {1} fue del {2} al {3} y ya cerró. "
			"Solo se aceptan correcciones autorizadas."
		).format(verb, periodo, start, end)
	if code == "level_not_allowed":
		return _("Su rol no permite registrar fichas de nivel {0}; las registra: {1}.").format(
			_(p["level"]), ", ".join(_(r) for r in p["roles"])
		)
	if code == "unknown_level":
		return _("Nivel de ficha desconocido: {0}").format(p["level"])
	if code == "state_read_only":
		if p["state"] == rules.APROBADA:
			return _(
				"La ficha está Aprobada y es de solo lectura. Para corregirla, solicite una corrección al "
				"Administrador SMEVIR."
			)
		return _("La ficha está en estado {0} y no se puede modificar.").format(_(p["state"]))
	if code == "only_enterer_corrects":
		return _("La corrección autorizada de una ficha de nivel {0} la realiza el rol {1}.").format(
			_(p["level"]), _(p["role"])
		)
	if code == "coordinator_window_closed":
		return _(
			"La ventana de registro del periodo {0} está cerrada: solo el Administrador SMEVIR puede autorizar "
			"la corrección."
		).format(periodo)
	if code == "not_authoriser":
		return _("Solo el Administrador SMEVIR puede autorizar correcciones de fichas de nivel {0}.").format(
			_(p["level"])
		)
	return code


def entry_refusal(doc, action: str, today: date | None = None) -> str | None:
	"""Spanish message refusing ``action`` on ``doc`` because of the entry window, or None.

	``doc``: a Ficha document (or dict) with ``periodo`` and ``workflow_state``.
	``action``: ``"create"``, ``"edit"`` or ``"send"``.
	Fichas loaded by server-side loaders (``doc.flags.historical_load``) are never refused.
	"""
	flags = getattr(doc, "flags", None)
	if flags and flags.get("historical_load"):
		return None
	periodo = doc.get("periodo")
	if not periodo or not frappe.db.exists("Periodo", periodo):
		return None  # the mandatory / link validation reports it
	state = doc.get("workflow_state")
	before = doc.get_doc_before_save() if isinstance(doc, Document) else None
	if before and action != rules.CREATE:
		# inside a save the state may already be the next one: the rule looks at the state left
		state = before.get("workflow_state")
	problem = rules.entry_problem(action, state, entry_window(periodo), today or getdate(nowdate()))
	return problem_message(problem, periodo) if problem else None


def check_entry_allowed(doc, action: str, today: date | None = None) -> None:
	"""Refuse creating/editing/sending ``doc`` outside its period's entry window.

	The single source of the entry-window rule: the form (validate), REST, workflow
	transitions and bulk imports all call it. ``action`` is ``"create"``, ``"edit"`` or
	``"send"``. A ficha ``En Corrección`` may be edited and sent with the window closed.
	Raises ``EntryWindowError`` (a ValidationError) with a message stating the window.
	"""
	message = entry_refusal(doc, action, today)
	if message:
		frappe.throw(message, EntryWindowError, title=_("Fuera de la ventana de registro"))


# --- subject links, title, uniqueness -----------------------------------------------------------


def subject_field(nivel: str) -> str:
	return {
		rules.EMPRESA: "empresa",
		rules.RED: "red",
		rules.REGION: "conglomerado",
		rules.SATISFACCION: "empresa",
	}[nivel]


def set_subject_links(doc) -> None:
	"""Fill ``red``/``conglomerado`` coherently with the level and the subject."""
	nivel = doc.nivel
	if nivel in rules.FIRM_LEVELS:
		if not doc.empresa:
			return
		fecha = frappe.db.get_value("Periodo", doc.periodo, "fecha_referencia") if doc.periodo else None
		red = membership.network_of(doc.empresa, fecha) if fecha else None
		if not red:
			if frappe.db.exists("Red Miembro", {"parenttype": "Red", "empresa": doc.empresa}):
				frappe.throw(
					_(
						"Empresa: {0} no pertenecía a ninguna red en la fecha de referencia del periodo {1} ({2})."
					).format(doc.empresa, doc.periodo, frappe.format(fecha, "Date")),
					title=_("Empresa fuera de red"),
				)
			red = frappe.db.get_value("Empresa", doc.empresa, "red")
		doc.red = red
		doc.conglomerado = (
			frappe.db.get_value("Red", red, "conglomerado")
			if red
			else frappe.db.get_value("Empresa", doc.empresa, "conglomerado")
		)
	elif nivel == rules.RED:
		doc.empresa = None
		if doc.red:
			doc.conglomerado = frappe.db.get_value("Red", doc.red, "conglomerado")
	elif nivel == rules.REGION:
		doc.empresa = None
		doc.red = None


def make_title(doc) -> str:
	if doc.nivel in rules.FIRM_LEVELS:
		subject = doc.razon_social or (
			frappe.db.get_value("Empresa", doc.empresa, "razon_social") if doc.empresa else ""
		)
	else:
		subject = doc.get(subject_field(doc.nivel)) if doc.nivel in rules.LEVELS else ""
	return " · ".join(cstr(p) for p in (_(doc.nivel), subject, doc.periodo) if p)


def find_duplicate(doc) -> str | None:
	"""Name of another ficha with the same level, subject and period, if any."""
	if doc.nivel not in rules.LEVELS:
		return None
	field = subject_field(doc.nivel)
	if not doc.get(field) or not doc.periodo:
		return None
	return frappe.db.get_value(
		"Ficha",
		{"nivel": doc.nivel, field: doc.get(field), "periodo": doc.periodo, "name": ("!=", doc.name or "")},
		"name",
	)


def unique_key(nivel: str | None, subject: str | None, periodo: str | None) -> str | None:
	"""Value of ``Ficha.clave_unica``: one ficha per level, subject and period, held by a unique index."""
	if not (nivel and subject and periodo):
		return None
	return hashlib.sha1(f"{nivel}|{subject}|{periodo}".encode()).hexdigest()


def validate_unique(doc) -> None:
	doc.clave_unica = (
		unique_key(doc.nivel, doc.get(subject_field(doc.nivel)), doc.periodo)
		if doc.nivel in rules.LEVELS
		else None
	)
	if find_duplicate(doc):
		raise_duplicate(doc)


def raise_duplicate(doc) -> None:
	"""Refuse a second ficha for the same subject and period, linking the first when it is visible."""
	other = find_duplicate(doc)
	subject = doc.get(subject_field(doc.nivel)) if doc.nivel in rules.LEVELS else None
	if doc.nivel in rules.FIRM_LEVELS:
		subject = doc.razon_social or subject
	link = (
		get_link_to_form("Ficha", other) if other and frappe.has_permission("Ficha", "read", other) else None
	)
	frappe.throw(
		_("Ya existe una ficha de nivel {0} para {1} en el periodo {2}: {3}.").format(
			_(doc.nivel), subject, doc.periodo, link or _("(registrada por otro usuario)")
		),
		frappe.DuplicateEntryError,
		title=_("Ficha duplicada"),
	)


# --- who may create or edit ---------------------------------------------------------------------


def user_roles(user: str | None = None) -> set[str]:
	return set(frappe.get_roles(user or frappe.session.user))


def _throw_problem(problem: rules.Problem | None, doc, exc=FichaPermissionError) -> None:
	if problem:
		frappe.throw(problem_message(problem, doc.get("periodo")), exc, title=_("Acción no permitida"))


def check_scope(doc, user: str | None = None) -> None:
	"""Refuse when ``doc`` lies outside the user's networks / conglomerados."""
	if scoping.doc_in_scope(doc, user):
		return
	if doc.nivel in rules.FIRM_LEVELS:
		# Never name the network of a firm outside the scope: that is someone else's data.
		msg = _("La empresa {0} no pertenece a ninguna de las redes a su cargo.").format(doc.empresa)
	elif doc.nivel == rules.RED:
		msg = _("La red {0} no está a su cargo.").format(doc.red)
	else:
		msg = _("El conglomerado {0} no está a su cargo.").format(doc.conglomerado)
	frappe.throw(msg, FichaPermissionError, title=_("Fuera de su ámbito"))


def check_create(doc) -> None:
	if doc.flags.get("historical_load"):
		return
	_throw_problem(rules.create_problem(doc.nivel, user_roles(), roles.is_admin()), doc)
	check_scope(doc)
	check_entry_allowed(doc, rules.CREATE)


def changed_data_fields(doc) -> list[str]:
	"""Data fields whose value differs from the saved version (bookkeeping fields ignored)."""
	before = doc.get_doc_before_save()
	if not before:
		return []
	changed = []
	for df in doc.meta.fields:
		if df.fieldtype in no_value_fields or df.fieldtype in LAYOUT_TYPES or df.fieldname in NON_DATA_FIELDS:
			continue
		old, new = before.get(df.fieldname), doc.get(df.fieldname)
		if df.fieldtype in ("Int", "Check"):
			same = cint(old) == cint(new)
		elif df.fieldtype in ("Float", "Currency", "Percent"):
			same = flt(old) == flt(new)
		elif df.fieldtype in ("Date", "Datetime"):
			same = cstr(old or "") == cstr(new or "")
		else:
			same = cstr(old or "") == cstr(new or "")
		if not same:
			changed.append(df.fieldname)
	return changed


BOOKKEEPING_FIELDS = ("motivo_observacion", "enviado_por", "fecha_envio", "aprobado_por", "fecha_aprobacion")


def protect_bookkeeping(doc) -> None:
	"""Workflow bookkeeping is written by transitions only: undo any other change to it."""
	if doc.flags.get("historical_load"):
		return
	before = doc.get_doc_before_save()
	if before and (before.workflow_state or rules.BORRADOR) != (doc.workflow_state or rules.BORRADOR):
		return  # a transition: validate_transition sets and checks these
	for field in BOOKKEEPING_FIELDS:
		doc.set(field, before.get(field) if before else None)


def check_edit(doc, changed: list[str]) -> None:
	"""Refuse changing data of a ficha the user may not edit (state, role, scope, window)."""
	if not changed or doc.flags.get("historical_load"):
		return
	state = doc.get_doc_before_save().workflow_state or rules.BORRADOR
	_throw_problem(rules.edit_problem(doc.nivel, state, user_roles(), roles.is_admin()), doc)
	check_scope(doc)
	check_entry_allowed(doc, rules.EDIT)


# --- loaders -------------------------------------------------------------------------------------


def insert_historical(values: dict, state: str = rules.APROBADA):
	"""Insert a past ficha from a server-side loader (demo data, historical loads).

	Skips the entry-window, role and workflow-edit rules (``flags.historical_load``) and then
	puts the ficha in ``state`` without a workflow transition.
	"""
	doc = frappe.get_doc({"doctype": "Ficha", **values})
	doc.workflow_state = rules.BORRADOR
	doc.flags.historical_load = True
	doc.insert(ignore_permissions=True)
	if state != rules.BORRADOR:
		doc.db_set("workflow_state", state, update_modified=False)
	return doc
