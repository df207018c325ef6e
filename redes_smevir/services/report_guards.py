"""Guards every SMEVIR report path shares: refusals in Spanish, filters inside the user's scope."""

from __future__ import annotations

import functools
from collections.abc import Callable

import frappe
from frappe import _

from redes_smevir.services import frappe_compat


def script_report(execute: Callable) -> Callable:
	"""Decorator for a Script Report's ``execute``: an error raised by the report (a refusal, a
	missing period…) must not leave Frappe's "switch to prepared report" timer running."""

	@functools.wraps(execute)
	def wrapper(*args, **kwargs):
		try:
			return execute(*args, **kwargs)
		except Exception:
			frappe_compat.cancel_prepared_report_timers()
			raise

	return wrapper


def refuse(message: str) -> None:
	"""Raise frappe.PermissionError with ``message`` from a report path (see above)."""
	frappe_compat.cancel_prepared_report_timers()
	frappe.throw(message, frappe.PermissionError)


def check_filter_scope(
	conglomerado: str | None = None, red: str | None = None, user: str | None = None
) -> None:
	"""Refuse (PermissionError, in Spanish) a report filter on a network or conglomerado the user may not see.

	Without this check a filter outside the user's scope only gives an empty report; refusing it
	tells the user why and keeps every report path (desk, API, Excel export) consistent.
	"""
	user = user or frappe.session.user
	if red and frappe.db.exists("Red", red) and not frappe.has_permission("Red", "read", doc=red, user=user):
		refuse(_("No tiene permiso para ver la red {0}.").format(red))
	if (
		conglomerado
		and frappe.db.exists("Conglomerado", conglomerado)
		and not frappe.has_permission("Conglomerado", "read", doc=conglomerado, user=user)
	):
		refuse(_("No tiene permiso para ver el conglomerado {0}.").format(conglomerado))


def visible_networks(
	conglomerado: str | None = None, red: str | None = None, user: str | None = None
) -> list[frappe._dict]:
	filters: dict = {}
	if conglomerado:
		filters["conglomerado"] = conglomerado
	if red:
		filters["name"] = red
	return frappe.get_list(
		"Red",
		fields=["name", "conglomerado", "gerente", "fecha_ingreso", "fecha_retiro", "estado", "fase"],
		filters=filters,
		limit_page_length=0,
		order_by="conglomerado asc, name asc",
		user=user or frappe.session.user,
	)
