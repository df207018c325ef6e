"""Request checks that run for every request once the user is known (``auth_hooks``).

- Bad list parameters (malformed JSON in ``filters``/``fields``, negative or non-numeric limits)
  get a clear 417 instead of Frappe's 500.
- Routes that cannot be overridden with ``override_whitelisted_methods`` and that judge a
  document by what the client sent (``/api/v2/method/run_doc_method``, ``upload_file`` of v2) or
  let the client write arbitrary timeline entries (``add_comment`` as a document method) are
  sent to their scope-aware equivalents or refused for the app's records.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import frappe
from frappe import _

from redes_smevir.services import scoping

JSON_PARAMS = ("filters", "or_filters", "fields", "group_by_fields", "docs", "args")
INT_PARAMS = ("limit_start", "limit_page_length", "limit", "start", "page_length")
MAX_LIMIT = 10**7
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_AGGREGATE = re.compile(
	r"^\s*(count|sum|avg|min|max)\(\s*(distinct\s+)?[`\w.* -]+\s*\)(\s+as\s+[`\w]+)?\s*$", re.IGNORECASE
)


class BadRequestParameter(frappe.ValidationError):
	http_status_code = 400


def check_request() -> None:
	request = getattr(frappe.local, "request", None)
	if not request or not request.path.startswith("/api/"):
		return
	form = frappe.local.form_dict or {}
	_check_parameters(form)
	if not scoping.is_scoped():
		return
	_check_fields(form)
	_check_routes(request.path, form)


def _check_parameters(form) -> None:
	for key in JSON_PARAMS:
		value = form.get(key)
		if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
			try:
				json.loads(value)
			except ValueError:
				frappe.throw(
					_("Parámetro «{0}»: no es un JSON válido.").format(key),
					BadRequestParameter,
					title=_("Solicitud no válida"),
				)
	_check_int_parameters(form)


def _check_fields(form) -> None:
	"""Frappe answers 500 to some function calls in ``fields`` (``sleep(3)``); keep to plain columns."""
	fields = form.get("fields")
	if isinstance(fields, str) and fields.strip()[:1] == "[":
		fields = json.loads(fields)
	if isinstance(fields, list):
		for field in fields:
			if not isinstance(field, str) or ("(" in field and not _AGGREGATE.match(field)):
				frappe.throw(
					_("Parámetro «fields»: solo se aceptan nombres de campo y count/sum/avg/min/max."),
					BadRequestParameter,
					title=_("Solicitud no válida"),
				)


def _check_int_parameters(form) -> None:
	for key in INT_PARAMS:
		value = form.get(key)
		if value in (None, ""):
			continue
		if key == "start" and _DATE.match(str(value)):
			continue  # calendar endpoints (Desk's upcoming events) take «start» as a date, not an offset
		try:
			number = int(str(value))
		except ValueError:
			frappe.throw(
				_("Parámetro «{0}»: debe ser un número entero.").format(key),
				BadRequestParameter,
				title=_("Solicitud no válida"),
			)
		if number < 0 or number > MAX_LIMIT:
			frappe.throw(
				_("Parámetro «{0}»: debe estar entre 0 y {1}.").format(key, MAX_LIMIT),
				BadRequestParameter,
				title=_("Solicitud no válida"),
			)


def _check_routes(path: str, form) -> None:
	from redes_smevir.api.frappe_overrides import CONFIDENTIAL

	if path.startswith("/api/v2/method/run_doc_method") or path.startswith("/api/v2/method/upload_file"):
		frappe.throw(
			_("Use /api/method/{0}.").format(path.rsplit("/", 1)[-1]),
			frappe.PermissionError,
			title=_("No permitido"),
		)
	method = form.get("run_method") or (path.rsplit("/method/", 1)[-1] if "/document/" in path else None)
	if method == "add_comment":
		parts = path.split("/")
		marker = next((i for i, p in enumerate(parts) if p in ("resource", "document")), None)
		doctype = unquote(parts[marker + 1]) if marker is not None and len(parts) > marker + 1 else None
		if doctype in CONFIDENTIAL:
			frappe.throw(
				_("Use el cuadro de comentarios del formulario para comentar."),
				frappe.PermissionError,
				title=_("No permitido"),
			)
