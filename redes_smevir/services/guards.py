"""Document-event guards that keep the app's records confidential on Frappe's generic paths.

Registered in ``hooks.doc_events``. Each closes a way around the row scope that Frappe leaves
open for any DocType: comments signed as someone else or reading like an approval, shares and
assignments to users outside the scope (a DocShare overrides every row rule), follows that
mail a record's changes, private files re-attached by URL, child rows moved between parents,
and values Frappe would silently cast (``"mil soles"`` → 0) or the database would refuse (500).
"""

from __future__ import annotations

import math
import re

import frappe
from frappe import _

from redes_smevir.services import scoping
from redes_smevir.services.scoping import SCOPED_DOCTYPES, Scope

_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
# Largest magnitude the columns hold: Currency/Float are decimal(21,9), Int is int(11).
MAX_DECIMAL = 10**12
MAX_INT = 2**31 - 1
MAX_TEXT = 20000
NUMERIC_TYPES = {"Currency", "Float", "Percent", "Int", "Check", "Rating", "Duration"}
TEXT_TYPES = {"Data", "Select", "Link", "Small Text", "Text", "Long Text", "Text Editor", "Code", "Phone"}


# --- Comment ---------------------------------------------------------------------------------------


def comment_before_insert(doc, method=None) -> None:
	"""Comments on app records: signed by the session user; a 'Workflow' entry states the real state."""
	if doc.reference_doctype not in SCOPED_DOCTYPES or not scoping.is_scoped():
		return
	user = frappe.session.user
	if doc.comment_email and doc.comment_email != user:
		doc.comment_email = user
		doc.comment_by = frappe.utils.get_fullname(user)
	if doc.comment_type == "Workflow" and doc.reference_doctype == "Ficha":
		state = frappe.db.get_value("Ficha", doc.reference_name, "workflow_state")
		if (doc.content or "").strip() not in (state, _(state or "")):
			frappe.throw(
				_("El historial de la ficha solo registra los cambios de estado reales."),
				frappe.PermissionError,
			)


# --- DocShare and ToDo (assignments share the document) --------------------------------------------


def docshare_validate(doc, method=None) -> None:
	"""A share overrides every row rule in Frappe: only to users who already see the record."""
	if doc.share_doctype not in SCOPED_DOCTYPES:
		return
	if doc.everyone:
		frappe.throw(
			_("Los registros de SMEVIR no se comparten con todos los usuarios."), frappe.PermissionError
		)
	if doc.user and Scope.of(doc.user).allows_stored(doc.share_doctype, doc.share_name) is False:
		frappe.throw(
			_("No se puede compartir {0} con {1}: está fuera de su alcance (red o conglomerado).").format(
				_(doc.share_doctype), doc.user
			),
			frappe.PermissionError,
		)


def todo_validate(doc, method=None) -> None:
	if doc.reference_type not in SCOPED_DOCTYPES or not doc.allocated_to or not doc.reference_name:
		return
	if Scope.of(doc.allocated_to).allows_stored(doc.reference_type, doc.reference_name) is False:
		frappe.throw(
			_("No se puede asignar a {0}: el registro está fuera de su alcance (red o conglomerado).").format(
				doc.allocated_to
			),
			frappe.PermissionError,
		)


def document_follow_validate(doc, method=None) -> None:
	"""Frappe mails the changes of followed documents without checking permission: follow only what you read."""
	if doc.ref_doctype not in SCOPED_DOCTYPES:
		return
	if doc.user != frappe.session.user and scoping.is_scoped():
		frappe.throw(_("Solo puede seguir documentos para usted mismo."), frappe.PermissionError)
	if not frappe.has_permission(doc.ref_doctype, "read", doc.ref_docname, user=doc.user):
		frappe.throw(scoping.not_found_message(doc.ref_doctype), frappe.DoesNotExistError)


# --- File ------------------------------------------------------------------------------------------


def file_before_insert(doc, method=None) -> None:
	"""A new File row pointing at someone else's private file would make it downloadable."""
	url = doc.file_url or ""
	if not url.startswith("/private/files/") or not scoping.is_scoped() or doc.flags.get("smevir_trusted"):
		return
	existing = frappe.get_all("File", filters={"file_url": url}, pluck="name")
	if existing and not any(frappe.has_permission("File", "read", name) for name in existing):
		frappe.throw(_("Archivo: no tiene acceso al archivo indicado."), frappe.PermissionError)


# --- child rows ------------------------------------------------------------------------------------


def check_child_rows(doc, method=None) -> None:
	"""A child row sent with the name of another record's row would be moved to this record."""
	if doc.is_new():
		return
	for df in doc.meta.get_table_fields():
		names = [row.name for row in doc.get(df.fieldname) or [] if row.name and not row.get("__islocal")]
		if not names:
			continue
		owners = frappe.get_all(
			df.options,
			filters={"name": ("in", names)},
			fields=["name", "parent", "parenttype", "parentfield"],
		)
		for row in owners:
			if (row.parent, row.parenttype, row.parentfield) != (doc.name, doc.doctype, df.fieldname):
				frappe.throw(
					_("Fila {0} de {1}: no pertenece a este registro.").format(
						row.name, _(df.label or df.fieldname)
					),
					frappe.PermissionError,
				)


# --- values ----------------------------------------------------------------------------------------


def _label(df) -> str:
	return _(df.label or df.fieldname)


def _check_value(df, value) -> None:
	if value is None or value == "":
		return
	if df.fieldtype in NUMERIC_TYPES:
		if isinstance(value, int | float):  # bool included
			number = float(value)
		elif isinstance(value, str) and _NUMBER.match(value):
			number = float(value)
		else:
			frappe.throw(
				_("{0}: debe ser un número; se recibió «{1}».").format(
					_label(df), frappe.utils.cstr(value)[:40]
				),
				title=_("Valor no válido"),
			)
		if not math.isfinite(number):
			frappe.throw(_("{0}: el número no es válido.").format(_label(df)), title=_("Valor no válido"))
		limit = MAX_INT if df.fieldtype in ("Int", "Check", "Rating", "Duration") else MAX_DECIMAL
		if abs(number) >= limit:
			frappe.throw(
				_("{0}: el número es demasiado grande (máximo {1}).").format(_label(df), f"{limit:,}"),
				title=_("Valor no válido"),
			)
		if df.fieldtype == "Check" and number not in (0, 1):
			frappe.throw(_("{0}: debe ser Sí (1) o No (0).").format(_label(df)), title=_("Valor no válido"))
		if df.fieldtype == "Int" and number != int(number):
			frappe.throw(_("{0}: debe ser un número entero.").format(_label(df)), title=_("Valor no válido"))
	elif df.fieldtype in TEXT_TYPES:
		if (
			isinstance(value, int | float)
			and not isinstance(value, bool)
			and df.fieldtype in ("Data", "Phone")
		):
			return
		if not isinstance(value, str):
			frappe.throw(_("{0}: debe ser un texto.").format(_label(df)), title=_("Valor no válido"))
		if len(value) > MAX_TEXT:
			frappe.throw(
				_("{0}: el texto es demasiado largo (máximo {1} caracteres).").format(
					_label(df), f"{MAX_TEXT:,}"
				),
				title=_("Valor no válido"),
			)


def validate_values(doc, method=None) -> None:
	"""Refuse values of the wrong type or out of range, naming the field (before Frappe casts them)."""
	for d in [doc, *doc.get_all_children()]:
		for df in d.meta.fields:
			if df.fieldtype in NUMERIC_TYPES or df.fieldtype in TEXT_TYPES:
				_check_value(df, d.get(df.fieldname))


def app_doc_before_validate(doc, method=None) -> None:
	"""before_validate of every app DocType."""
	validate_values(doc)
	check_child_rows(doc)


def value_problem(df, value) -> str | None:
	"""The refusal ``validate_values`` gives ``value`` in field ``df``, or None (for whole-file checks)."""
	try:
		_check_value(df, value)
	except frappe.ValidationError as e:
		if getattr(frappe.local, "message_log", None):
			frappe.local.message_log.pop()
		return str(e)
	return None
