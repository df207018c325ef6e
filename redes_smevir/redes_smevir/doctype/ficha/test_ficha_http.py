# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""The refusals over real HTTP requests (/api/resource, /api/method) as the logged-in user.

The HTTP requests run on their own database connection, so this class commits its scenario and
removes its fichas afterwards.
"""

import json

import frappe

from redes_smevir.tests.factories import (
	CommittedWorldTestCase,
	delete_fichas,
	ficha_world,
	make_ficha,
	make_periodo,
)
from redes_smevir.tests.utils import rest_post, rest_put, sid_for


def text(response) -> str:
	"""The response body with its JSON (and the nested server messages) decoded."""
	try:
		body = response.json or {}
	except Exception:
		return response.get_data(as_text=True)
	parts = [str(body.get("exception", ""))]
	for m in json.loads(body.get("_server_messages") or "[]"):
		parts.append(json.loads(m).get("message", ""))
	return " ".join(parts) + response.get_data(as_text=True)


class TestFichaHttp(CommittedWorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = ficha_world()
		cls.abierto = make_periodo("HTTP Abierto", abierto=True)
		cls.cerrado = make_periodo("HTTP Cerrado", abierto=False)
		cls.cleanup()
		frappe.db.commit()  # nosemgrep
		cls.sid_ger = sid_for(cls.w.ger_a1)
		cls.sid_coord = sid_for(cls.w.coord_a)

	@classmethod
	def cleanup(cls):
		delete_fichas(periodo=("in", [cls.abierto, cls.cerrado]))

	def body(self, periodo, empresa=None):
		return {"nivel": "Empresa", "periodo": periodo, "empresa": empresa or self.w.emp_a1[0]}

	def count(self, **filters):
		frappe.db.rollback()  # see what the HTTP connection committed
		return frappe.db.count("Ficha", filters)

	def test_window_duplicate_and_approved_edit_over_http(self):
		# outside the window
		r = rest_post("/api/resource/Ficha", self.sid_ger, self.body(self.cerrado))
		self.assertNotEqual(r.status_code, 200)
		self.assertIn("ya cerró", text(r))
		self.assertEqual(self.count(periodo=self.cerrado), 0)

		# first one goes in, the duplicate is refused with a link to it
		r = rest_post("/api/resource/Ficha", self.sid_ger, self.body(self.abierto))
		self.assertEqual(r.status_code, 200, text(r))
		first = r.json["data"]["name"]
		r = rest_post("/api/resource/Ficha", self.sid_ger, self.body(self.abierto))
		self.assertEqual(r.status_code, 409)
		self.assertIn(first, text(r))
		self.assertEqual(self.count(periodo=self.abierto, empresa=self.w.emp_a1[0]), 1)

		# an approved ficha cannot be edited
		approved = make_ficha("Empresa", self.abierto, self.w.emp_a1[1], "Aprobada", ventas_brutas=100)
		frappe.db.commit()  # nosemgrep
		r = rest_put(f"/api/resource/Ficha/{approved}", self.sid_ger, {"ventas_brutas": 999})
		self.assertEqual(r.status_code, 403)
		self.assertIn("solo lectura", text(r))
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Ficha", approved, "ventas_brutas"), 100)

	def test_forbidden_transition_over_http(self):
		name = make_ficha("Empresa", self.abierto, self.w.emp_a2[0], "Enviada")
		frappe.db.commit()  # nosemgrep
		# the gerente tries to approve through Frappe's workflow endpoint and through ours
		doc = frappe.get_doc("Ficha", name).as_dict()
		r = rest_post(
			"/api/method/frappe.model.workflow.apply_workflow",
			self.sid_ger,
			{"doc": frappe.as_json(doc), "action": "Aprobar"},
		)
		self.assertNotEqual(r.status_code, 200)
		r = rest_post(
			"/api/method/redes_smevir.api.fichas.apply_action",
			self.sid_coord,
			{"ficha": name, "action": "Aprobar"},
		)
		self.assertEqual(r.status_code, 200, text(r))
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Ficha", name, "workflow_state"), "Aprobada")
