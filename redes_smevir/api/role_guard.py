"""Role guards for whitelisted endpoints (helpdesk's ``agent_only`` pattern): one check, declared once."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import frappe
from frappe import _


def ficha_reader(fn: Callable) -> Callable:
	"""Refuse, in Spanish, users who may not read any ficha: every SMEVIR figure is built from fichas.

	Place it under ``@frappe.whitelist()``; the signature Frappe sees is the wrapped function's.
	"""

	@wraps(fn)
	def wrapper(*args, **kwargs):
		if not frappe.has_permission("Ficha", "read"):
			frappe.throw(_("No tiene permiso para ver los tableros de SMEVIR."), frappe.PermissionError)
		return fn(*args, **kwargs)

	return wrapper
