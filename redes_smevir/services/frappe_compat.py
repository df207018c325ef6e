"""Workarounds that reach into Frappe internals, each in one named function with the version it targets.

Nothing else in the app touches these internals. Each function says which Frappe version it was
written against (v15.55.1), why no public mechanism serves, and what to check after an upgrade;
``redes_smevir/tests`` exercise both (a refused report stays a live report; a large upload
writes in linear time).
"""

from __future__ import annotations

import threading

import frappe
from frappe.core.doctype.report.report import enable_prepared_report


def cancel_prepared_report_timers() -> None:
	"""Stop Frappe's 15-second "switch to prepared report" timers of this site's running reports.

	Targets Frappe v15.55.1 ``Report.execute_script_report``: it starts a ``threading.Timer``
	(``enable_prepared_report``) before calling the report's ``execute`` and cancels it only when
	``execute`` returns. A refusal raised from a report would otherwise turn the report into a
	prepared report for everybody 15 seconds later (any user could do that on purpose). Frappe
	offers no hook or flag to skip or cancel the timer; the timer is found by its function and
	site. After an upgrade: check that ``execute_script_report`` still starts this timer (or that
	it cancels it in a ``finally``, which makes this function unnecessary).
	"""
	site = getattr(frappe.local, "site", None)
	for t in threading.enumerate():
		if (
			isinstance(t, threading.Timer)
			and getattr(t, "function", None) is enable_prepared_report
			and (getattr(t, "kwargs", None) or {}).get("site") == site
		):
			t.cancel()


def drop_pending_realtime() -> None:
	"""Forget the «doc_update»/«list_update» events queued until commit in this transaction.

	Targets Frappe v15.55.1 ``frappe.realtime.publish_realtime(after_commit=True)``: every saved
	document queues its events in ``frappe.local._realtime_log``, and each new event is first
	searched for in that list (``params not in log``), so saving thousands of fichas in one
	transaction is quadratic. The public ``frappe.realtime.clear_realtime_log`` deletes the list
	while its flush stays registered in ``db.after_commit``; the next event registers a second
	flush, which fails on commit. Emptying the list in place keeps Frappe's bookkeeping intact.
	The caller sends one «list_update» at the end, and nobody has these new fichas open. After
	an upgrade: check the attribute name and that ``publish_realtime`` still searches the list.
	"""
	log = getattr(frappe.local, "_realtime_log", None)
	if log:
		log.clear()
