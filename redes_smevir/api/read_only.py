"""Frappe's read endpoints behind the SMEVIR workspace that Frappe v15 does not mark ``@frappe.read_only()``.

With ``read_from_replica`` in the site config, a function marked read-only runs its queries on the
replica (``frappe.connect_replica``). Frappe v15.55 marks its report runner, list, count and
sidebar endpoints, but not the number cards' result: these wrappers (``override_whitelisted_methods``)
add the mark and change nothing else. The app's own read endpoints are marked where they are
defined (``api/desk.py``, ``api/fichas.py``, ``api/excel.py``, ``api/reports.py``).
"""

from __future__ import annotations

import frappe

_NUMBER_CARD = "frappe.desk.doctype.number_card.number_card"


@frappe.whitelist()
@frappe.read_only()
def number_card_result(doc, filters, to_date=None):
	return frappe.get_attr(f"{_NUMBER_CARD}.get_result")(doc, filters, to_date)


@frappe.whitelist()
@frappe.read_only()
def number_card_percentage_difference(doc, filters, result):
	return frappe.get_attr(f"{_NUMBER_CARD}.get_percentage_difference")(doc, filters, result)
