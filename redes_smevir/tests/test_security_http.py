# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Confidentiality over HTTP, the way an attacker works: logged in as a Gerente or Coordinador,
against Frappe's generic endpoints (REST, ``frappe.client.*``, ``frappe.desk.*``, run_doc_method,
search, counts, child tables, files, comments), not only the app's own.

Gerente A1 manages Red A1 (Conglomerado A); the competitor Gerente A2 manages Red A2 in the same
conglomerado; Red B1 is in Conglomerado B. Every test asserts what the attacker would see or
change and fails when its guard is removed (docs/seguridad.md lists the guards).
"""

from __future__ import annotations

import json
from unittest.mock import patch

import frappe

from redes_smevir.services import fichas
from redes_smevir.tests.factories import (
	CommittedWorldTestCase,
	delete_fichas,
	ficha_world,
	make_ficha,
	make_periodo,
)
from redes_smevir.tests.utils import rest_get, rest_post, rest_put, sid_for

SECRET_SALES = 987654


def message_of(response) -> str:
	body = response.json or {}
	parts = [str(body.get("exception") or ""), str(body.get("exc_type") or "")]
	for m in json.loads(body.get("_server_messages") or "[]"):
		try:
			parts.append(json.loads(m).get("message", ""))
		except (TypeError, ValueError):
			parts.append(str(m))
	return " ".join(parts)


class TestSecurityHttp(CommittedWorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.w = w = ficha_world()
		cls.periodo = make_periodo("Seguridad HTTP", abierto=True)
		cls.cleanup()
		cls.a1 = make_ficha("Empresa", cls.periodo, w.emp_a1[0], "Borrador", ventas_brutas=100)
		cls.a2 = make_ficha("Empresa", cls.periodo, w.emp_a2[0], "Aprobada", ventas_brutas=SECRET_SALES)
		cls.b1 = make_ficha("Empresa", cls.periodo, w.emp_b1[0], "Aprobada", ventas_brutas=SECRET_SALES)
		# a private upload of the competitor, attached to their ficha
		cls.private_file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "ventas_a2.txt",
				"content": b"ventas secretas",
				"is_private": 1,
				"attached_to_doctype": "Ficha",
				"attached_to_name": cls.a2,
			}
		)
		cls.private_file.flags.ignore_permissions = True
		cls.private_file.insert()
		frappe.db.set_value("File", cls.private_file.name, "owner", w.ger_a2)
		cls.carga_a2 = frappe.get_doc(
			{"doctype": "Carga de Fichas", "periodo": cls.periodo, "nivel": "Empresa", "red": w.red_a2}
		)
		cls.carga_a2.flags.ignore_permissions = True
		cls.carga_a2.insert()
		frappe.db.set_value("Carga de Fichas", cls.carga_a2.name, "owner", w.ger_a2)
		frappe.db.commit()  # nosemgrep: the HTTP requests run on another connection
		cls.sid = sid_for(w.ger_a1)
		cls.sid_coord_a = sid_for(w.coord_a)

	@classmethod
	def cleanup(cls):
		for name in frappe.get_all("Ficha", filters={"periodo": cls.periodo}, pluck="name"):
			frappe.db.delete("Comment", {"reference_doctype": "Ficha", "reference_name": name})
			frappe.db.delete("File", {"attached_to_doctype": "Ficha", "attached_to_name": name})
		delete_fichas(periodo=cls.periodo)
		for name in frappe.get_all("Carga de Fichas", filters={"periodo": cls.periodo}, pluck="name"):
			frappe.delete_doc("Carga de Fichas", name, ignore_permissions=True, force=True)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def get(self, endpoint: str, sid: str | None = None, **params):
		params = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in params.items()}
		return rest_get(f"/api/method/{endpoint}", sid or self.sid, params)

	def post(self, endpoint: str, sid: str | None = None, **data):
		return rest_post(f"/api/method/{endpoint}", sid or self.sid, data)

	# --- 1. counts as an oracle -----------------------------------------------------------------

	def test_get_count_counts_only_own_rows_and_cannot_bisect_a_hidden_value(self):
		own = frappe.db.count("Ficha", {"red": self.w.red_a1})
		r = self.get("frappe.client.get_count", doctype="Ficha")
		self.assertEqual(r.status_code, 200)
		self.assertEqual(r.json["message"], own)
		for op in (">", "<="):
			r = self.get(
				"frappe.client.get_count",
				doctype="Ficha",
				filters={"name": self.a2, "ventas_brutas": [op, SECRET_SALES - 1]},
			)
			self.assertEqual(r.json["message"], 0, op)

	def test_workflow_state_and_group_by_counts_are_scoped(self):
		r = self.get(
			"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count",
			doctype="Ficha",
			workflow_state_field="workflow_state",
			states=[],
		)
		counts = {row["workflow_state"]: row["count"] for row in r.json["message"]}
		self.assertNotIn("Aprobada", counts)  # the only approved fichas are A2's and B1's
		r = self.get(
			"frappe.desk.listview.get_group_by_count",
			doctype="Ficha",
			current_filters=[["Ficha", "periodo", "=", self.periodo]],
			field="owner",
		)
		self.assertEqual(sum(row["count"] for row in r.json["message"]), 1)

	def test_form_dashboard_counts_are_scoped(self):
		r = self.get(
			"frappe.desk.notifications.get_open_count",
			doctype="Periodo",
			name=self.periodo,
			items=["Ficha"],
		)
		# Periodo has no dashboard: Frappe would count every ficha of the period (and 500 here)
		self.assertEqual(r.status_code, 200, message_of(r))
		self.assertEqual(r.json["message"]["count"]["external_links_found"], [])
		r = self.get("frappe.desk.notifications.get_open_count", doctype="Red", name=self.w.red_a1)
		self.assertEqual(r.status_code, 200, message_of(r))
		counts = {d["doctype"]: d["count"] for d in r.json["message"]["count"]["external_links_found"]}
		self.assertEqual(counts.get("Ficha"), frappe.db.count("Ficha", {"red": self.w.red_a1}))

	# --- 2. link search and titles ------------------------------------------------------------------

	def test_link_search_ignoring_user_permissions_stays_in_scope(self):
		competitor = frappe.db.get_value("Empresa", self.w.emp_a2[0], "razon_social")
		for method in ("frappe.desk.search.search_link", "frappe.desk.search.search_widget"):
			r = self.get(
				method,
				doctype="Empresa",
				txt="Empresa",
				ignore_user_permissions=1,
				filter_fields=["ruc", "red"],
				page_length=50,
			)
			self.assertEqual(r.status_code, 200, message_of(r))
			self.assertNotIn(competitor, json.dumps(r.json), method)
			self.assertNotIn(self.w.emp_b1[0], json.dumps(r.json), method)
		r = self.get("frappe.desk.search.search_widget", doctype="Ficha", txt="", ignore_user_permissions=1)
		self.assertNotIn(self.a2, json.dumps(r.json))

	def test_link_title_and_validation_do_not_reveal_hidden_records(self):
		r = self.get("frappe.desk.search.get_link_title", doctype="Ficha", docname=self.a2)
		self.assertEqual(r.json.get("message"), self.a2)
		r = self.get(
			"frappe.client.validate_link", doctype="Empresa", docname=self.w.emp_a2[0], fields=["ruc"]
		)
		self.assertEqual(r.status_code, 200)
		self.assertFalse((r.json.get("message") or {}).get("name"))
		r = self.get("frappe.client.validate_link", doctype="Empresa", docname=self.w.emp_a1[0])
		self.assertEqual(r.json["message"]["name"], self.w.emp_a1[0])

	# --- 3. child tables --------------------------------------------------------------------------------

	def test_child_tables_show_only_rows_of_visible_parents(self):
		r = rest_get(
			"/api/resource/Red Miembro",
			self.sid,
			{"parent": "Red", "fields": json.dumps(["parent", "empresa"]), "limit_page_length": 0},
		)
		self.assertEqual(r.status_code, 200, message_of(r))
		self.assertEqual({row["parent"] for row in r.json["data"]}, {self.w.red_a1})
		for child, parent in (("Red Fase", "Red"), ("Conglomerado Coordinador", "Conglomerado")):
			r = self.get(
				"frappe.client.get_list", doctype=child, parent=parent, fields=["parent"], limit_page_length=0
			)
			self.assertEqual(r.status_code, 200, message_of(r))
			parents = {row["parent"] for row in r.json["message"]}
			self.assertNotIn(self.w.red_a2, parents, child)
			self.assertNotIn(self.w.cong_b, parents, child)
		r = self.get(
			"frappe.client.get_value",
			doctype="Red Miembro",
			parent="Red",
			fieldname="empresa",
			filters={"parent": self.w.red_a2},
		)
		self.assertFalse(r.json.get("message"))
		r = self.get(
			"frappe.client.get_count", doctype="Conglomerado Coordinador", filters={"parent": self.w.cong_b}
		)
		self.assertEqual(r.json["message"], 0)

	# --- 4. writes that pull a record into one's scope ------------------------------------------------------

	def test_put_cannot_move_a_hidden_firm_or_network_into_ones_scope(self):
		r = rest_put(f"/api/resource/Empresa/{self.w.emp_a2[0]}", self.sid, {"red": self.w.red_a1})
		self.assertEqual(r.status_code, 403, message_of(r))
		self.assertNotIn(str(SECRET_SALES), json.dumps(r.json))
		self.assertEqual(frappe.db.get_value("Empresa", self.w.emp_a2[0], "red"), self.w.red_a2)
		r = rest_put(f"/api/resource/Red/{self.w.red_b1}", self.sid_coord_a, {"conglomerado": self.w.cong_a})
		self.assertEqual(r.status_code, 403, message_of(r))
		self.assertEqual(frappe.db.get_value("Red", self.w.red_b1, "conglomerado"), self.w.cong_b)
		r = self.post(
			"frappe.client.set_value", doctype="Ficha", name=self.a2, fieldname="red", value=self.w.red_a1
		)
		self.assertEqual(r.status_code, 403, message_of(r))

	def test_child_row_of_another_record_cannot_be_taken(self):
		foreign = frappe.get_all("Red Miembro", filters={"parent": self.w.red_a2}, pluck="name")[0]
		doc = frappe.get_doc("Red", self.w.red_a1).as_dict(convert_dates_to_str=True)
		doc["miembros"].append({"name": foreign, "empresa": self.w.emp_a2[0], "doctype": "Red Miembro"})
		r = rest_put(f"/api/resource/Red/{self.w.red_a1}", self.sid_coord_a, {"miembros": doc["miembros"]})
		self.assertEqual(r.status_code, 403, message_of(r))
		self.assertEqual(frappe.db.get_value("Red Miembro", foreign, "parent"), self.w.red_a2)

	# --- 5. client-forged documents -----------------------------------------------------------------------

	def test_run_doc_method_judges_the_stored_record(self):
		forged = frappe.get_doc("Carga de Fichas", self.carga_a2.name).as_dict(convert_dates_to_str=True)
		forged.update(owner=self.w.ger_a1, red=self.w.red_a1, __islocal=1)
		r = self.post("run_doc_method", docs=json.dumps(forged, default=str), method="validar")
		self.assertIn(r.status_code, (403, 404), message_of(r))
		r = self.post(
			"frappe.handler.run_doc_method", dt="Carga de Fichas", dn=self.carga_a2.name, method="validar"
		)
		self.assertIn(r.status_code, (403, 404), message_of(r))
		forged = frappe.get_doc("Ficha", self.a2).as_dict(convert_dates_to_str=True)
		forged.update(red=self.w.red_a1, owner=self.w.ger_a1)
		r = self.post(
			"runserverobj",
			docs=json.dumps(forged, default=str),
			method="add_comment",
			args=json.dumps({"comment_type": "Comment", "text": "x"}),
		)
		self.assertIn(r.status_code, (403, 404), message_of(r))
		self.assertFalse(frappe.db.exists("Comment", {"reference_name": self.a2, "comment_type": "Comment"}))

	# --- 6. timeline spoofing -------------------------------------------------------------------------------

	def test_comments_are_signed_by_the_session_user_and_cannot_fake_an_approval(self):
		r = self.post(
			"frappe.desk.form.utils.add_comment",
			reference_doctype="Ficha",
			reference_name=self.a1,
			content="Aprobado por el coordinador",
			comment_email=self.w.coord_a,
			comment_by="Coordinador A",
		)
		self.assertEqual(r.status_code, 200, message_of(r))
		self.assertEqual(r.json["message"]["comment_email"], self.w.ger_a1)
		r = self.post(
			"run_doc_method",
			dt="Ficha",
			dn=self.a1,
			method="add_comment",
			args=json.dumps({"comment_type": "Workflow", "text": "Aprobada"}),
		)
		self.assertEqual(r.status_code, 403, message_of(r))
		r = rest_post(
			f"/api/resource/Ficha/{self.a1}",
			self.sid,
			{"run_method": "add_comment", "comment_type": "Workflow", "text": "Aprobada"},
		)
		self.assertEqual(r.status_code, 403, message_of(r))
		self.assertFalse(frappe.db.exists("Comment", {"reference_name": self.a1, "comment_type": "Workflow"}))

	def test_like_on_a_hidden_ficha_is_refused(self):
		r = self.post("frappe.desk.like.toggle_like", doctype="Ficha", name=self.a2, add="Yes")
		self.assertEqual(r.status_code, 404, message_of(r))
		self.assertFalse(frappe.db.get_value("Ficha", self.a2, "_liked_by"))

	# --- 7. one ficha per subject and period, in the database ---------------------------------------------------

	def test_unique_key_holds_when_two_saves_race(self):
		# the second of two simultaneous saves passes validate before the first commits
		frappe.set_user(self.w.ger_a1)
		values = {
			"doctype": "Ficha",
			"nivel": "Empresa",
			"periodo": self.periodo,
			"empresa": self.w.emp_a1[0],
		}
		with patch.object(fichas, "find_duplicate", return_value=None):
			with self.assertRaises(frappe.DuplicateEntryError) as cm:
				frappe.get_doc(values).insert()
		self.assertIn("Ya existe una ficha", str(cm.exception))
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.count("Ficha", {"periodo": self.periodo, "empresa": self.w.emp_a1[0]}), 1)

	# --- 8 and 10. bad input: a clear Spanish 4xx, nothing changed -------------------------------------------------

	def test_text_or_huge_numbers_in_numeric_fields_are_refused_naming_the_field(self):
		for value in ("mil soles", "1e30", "1" * 40, "NaN", "Infinity"):
			r = rest_put(f"/api/resource/Ficha/{self.a1}", self.sid, {"ventas_brutas": value})
			self.assertEqual(r.status_code, 417, value)
			self.assertIn("Ventas brutas", message_of(r), value)
		r = rest_put(f"/api/resource/Ficha/{self.a1}", self.sid, {"trabajadores": "diez"})
		self.assertEqual(r.status_code, 417)
		self.assertEqual(frappe.db.get_value("Ficha", self.a1, "ventas_brutas"), 100)
		r = rest_put(f"/api/resource/Ficha/{self.a1}", self.sid, {"ventas_brutas": 1500.5})
		self.assertEqual(r.status_code, 200, message_of(r))

	def test_wrong_types_and_oversized_text_are_refused(self):
		r = rest_put(f"/api/resource/Ficha/{self.a1}", self.sid, {"como_agrego_valor": {"a": 1}})
		self.assertEqual(r.status_code, 417, message_of(r))
		r = rest_put(f"/api/resource/Ficha/{self.a1}", self.sid, {"como_agrego_valor": "x" * 100_000})
		self.assertEqual(r.status_code, 417, message_of(r))

	def test_malformed_list_parameters_give_a_4xx(self):
		for params in (
			{"filters": '[["name", "="'},
			{"fields": '["name"'},
			{"limit_start": "-1"},
			{"limit_page_length": "muchos"},
		):
			r = rest_get("/api/resource/Ficha", self.sid, params)
			self.assertIn(r.status_code, (400, 417), params)
			r = self.get("frappe.client.get_list", doctype="Ficha", **params)
			self.assertIn(r.status_code, (400, 417), params)
		r = rest_get("/api/resource/Ficha", self.sid, {"fields": json.dumps(["sleep(3)"])})
		self.assertTrue(400 <= r.status_code < 500, message_of(r))
		# a date in «start» is a calendar's, not an offset: Desk's upcoming events keep working
		r = self.get("frappe.desk.doctype.event.event.get_events", start="2026-12-01", end="2026-12-02")
		self.assertEqual(r.status_code, 200, message_of(r))

	def test_deeply_nested_formula_is_a_clear_error(self):
		r = self.get(
			"redes_smevir.api.reports.try_formula",
			sid=self.sid_coord_a,
			formula="(" * 2000 + "1" + ")" * 2000,
			nivel="Empresa",
		)
		self.assertEqual(r.status_code, 200, message_of(r))
		self.assertFalse(r.json["message"]["ok"])
		self.assertIn("anidada", r.json["message"]["message"])

	# --- 9. existence and metadata oracles -----------------------------------------------------------------------

	def test_get_with_filters_answers_the_same_for_hidden_and_missing(self):
		hidden = self.get(
			"frappe.client.get", doctype="Ficha", filters={"name": self.a2, "ventas_brutas": SECRET_SALES}
		)
		missing = self.get("frappe.client.get", doctype="Ficha", filters={"name": "FICHA-NO-EXISTE"})
		self.assertEqual(hidden.status_code, 404)
		self.assertEqual(missing.status_code, 404)
		self.assertEqual(message_of(hidden), message_of(missing))
		self.assertNotIn(self.a2, message_of(hidden))

	def test_files_of_other_networks_are_not_listed_nor_copied(self):
		r = rest_get(
			"/api/resource/File",
			self.sid,
			{"fields": json.dumps(["name", "file_url", "attached_to_name"]), "limit_page_length": 0},
		)
		self.assertEqual(r.status_code, 200, message_of(r))
		self.assertNotIn(self.private_file.file_url, json.dumps(r.json))
		r = self.post(
			"frappe.client.insert",
			doc=json.dumps({"doctype": "File", "file_url": self.private_file.file_url, "is_private": 1}),
		)
		self.assertEqual(r.status_code, 403, message_of(r))
		r = rest_get(self.private_file.file_url, self.sid)
		self.assertIn(r.status_code, (403, 404))

	def test_shares_and_assignments_cannot_open_a_hidden_ficha(self):
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.PermissionError):
			frappe.share.add("Ficha", self.a2, self.w.ger_a1, read=1)
		with self.assertRaises(frappe.PermissionError):
			frappe.share.add("Ficha", self.a1, everyone=1, read=1)
		from frappe.desk.form import assign_to

		with self.assertRaises(frappe.PermissionError):
			assign_to.add({"doctype": "Ficha", "name": self.a2, "assign_to": [self.w.ger_a1]})
		self.assertFalse(frappe.db.exists("DocShare", {"share_name": self.a2, "user": self.w.ger_a1}))
