"""Helpers for integration tests that go through HTTP (Frappe's WSGI test client)."""

from __future__ import annotations

import frappe
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client, get_url

_CLIENT = get_test_client()


def sid_for(user: str) -> str:
	"""Log ``user`` in (as the login form would) and return the session id for REST calls."""
	from frappe.auth import CookieManager, LoginManager
	from frappe.utils import set_request

	set_request(path="/")
	frappe.local.cookie_manager = CookieManager()
	frappe.local.login_manager = LoginManager()
	frappe.local.login_manager.login_as(user)
	sid = frappe.session.sid
	frappe.db.commit()  # nosemgrep: the HTTP request runs on another connection
	frappe.set_user("Administrator")
	return sid


def rest_get(path: str, sid: str, params: dict | None = None):
	"""GET ``/api/...`` on the test site as the session's user; returns the werkzeug response."""
	return make_request(
		target=_CLIENT.get,
		args=(f"{get_url()}/{path.lstrip('/')}",),
		kwargs={"query_string": {**(params or {}), "sid": sid}},
	)


def rest_report(report_name: str, sid: str, filters: dict):
	"""Run a query report over HTTP as Desk does (``frappe.desk.query_report.run``)."""
	return rest_get(
		"/api/method/frappe.desk.query_report.run",
		sid,
		{"report_name": report_name, "filters": frappe.as_json(filters)},
	)


def rest_post(path: str, sid: str, data: dict | None = None):
	return make_request(
		target=_CLIENT.post,
		args=(f"{get_url()}/{path.lstrip('/')}",),
		kwargs={"json": {**(data or {}), "sid": sid}},
	)


def rest_put(path: str, sid: str, data: dict | None = None):
	return make_request(
		target=_CLIENT.put,
		args=(f"{get_url()}/{path.lstrip('/')}",),
		kwargs={"json": {**(data or {}), "sid": sid}},
	)
