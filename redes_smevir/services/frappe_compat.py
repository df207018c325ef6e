"""Workarounds that reach into Frappe internals, each in one named function with the version it targets.

Nothing else in the app touches these Frappe privates. Each function says which Frappe version
it was written against, why no public mechanism serves, and what to check after an upgrade.
"""

from __future__ import annotations

import threading

import frappe


def cancel_prepared_report_timers() -> None:
	"""Stop Frappe's 15-second "switch to prepared report" timers of this site's running reports.

	Report.execute_script_report starts that timer before calling ``execute`` and cancels it only when
	``execute`` returns: a refusal raised from a report would otherwise turn the report into a prepared
	report for everybody 15 seconds later (any user could do that on purpose).
	"""
	from frappe.core.doctype.report.report import enable_prepared_report

	site = getattr(frappe.local, "site", None)
	for t in threading.enumerate():
		if (
			isinstance(t, threading.Timer)
			and getattr(t, "function", None) is enable_prepared_report
			and (getattr(t, "kwargs", None) or {}).get("site") == site
		):
			t.cancel()
