"""Every read endpoint of the workspace runs on the read replica when the site has one.

Frappe switches to the replica inside functions marked ``@frappe.read_only()`` when
``read_from_replica`` is set (``frappe.connect_replica``); the writes stay on the primary. The real
replica is exercised by ``benchmark/replica.py``; this test keeps every card, chart, task block and
evaluation endpoint marked, so that none silently reads from the primary.
"""

from __future__ import annotations

import inspect
from unittest import mock

import frappe
from frappe.tests.utils import FrappeTestCase

from redes_smevir.api import desk, evaluation


def _read_endpoints() -> list:
	return [
		fn
		for module in (desk, evaluation)
		for _name, fn in inspect.getmembers(module, inspect.isfunction)
		if fn in frappe.whitelisted and fn.__module__ == module.__name__
	]


class TestReadEndpointsUseTheReplica(FrappeTestCase):
	def test_every_card_chart_task_and_evaluation_endpoint_is_read_only(self):
		endpoints = _read_endpoints()
		names = {fn.__name__ for fn in endpoints}
		self.assertTrue({"card_indicators_at_risk", "indicators_at_risk", "workspace_tasks"} <= names, names)
		for fn in endpoints:
			with self.subTest(endpoint=fn.__name__):
				with (
					mock.patch.dict(frappe.conf, {"read_from_replica": 1}),
					mock.patch("frappe.connect_replica", return_value=False) as connect,
				):
					fn()
				self.assertTrue(connect.called, f"{fn.__module__}.{fn.__name__} reads from the primary")
