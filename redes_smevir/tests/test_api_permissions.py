# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Refusals of every whitelisted endpoint, Script Report and dashboard source (security review).

A Gerente de Red or Coordinador UO asking for a ficha, firm, network or conglomerado outside their
scope is refused with frappe.PermissionError; a user without an SMEVIR role gets no figure; the
endpoints that change data accept POST only. Two checks go through real HTTP requests, which run
on their own database connection: the scenario is committed in setUpClass and removed afterwards.
"""

from __future__ import annotations

import inspect
import threading

import frappe

from redes_smevir.api import desk as api_desk
from redes_smevir.api import excel as api_excel
from redes_smevir.api import fichas as api_fichas
from redes_smevir.api import reports as api_reports
from redes_smevir.services import workflow
from redes_smevir.tests.factories import (
	CommittedWorldTestCase,
	delete_fichas,
	ficha_world,
	make_ficha,
	make_periodo,
	make_user,
)
from redes_smevir.tests.utils import rest_get, rest_report, sid_for

NO_ROLE_USER = "t.sinrol@smevir.test"


def run_report(name: str, filters: dict):
	from frappe.desk.query_report import run

	return run(name, filters=filters)


def prepared_report_watchers() -> list:
	"""Frappe's pending "switch this report to prepared" timers (see services.report_guards.refuse)."""
	from frappe.core.doctype.report.report import enable_prepared_report

	return [
		t
		for t in threading.enumerate()
		if isinstance(t, threading.Timer) and getattr(t, "function", None) is enable_prepared_report
	]


class TestApiPermissions(CommittedWorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.w = w = ficha_world()
		cls.no_role = make_user(NO_ROLE_USER)
		cls.periodo = make_periodo("API Permisos", abierto=True)
		cls.cleanup()
		cls.a1_sent = make_ficha("Empresa", cls.periodo, w.emp_a1[0], "Enviada", ventas_brutas=100)
		cls.a1_approved = make_ficha("Empresa", cls.periodo, w.emp_a1[1], "Aprobada", ventas_brutas=200)
		cls.a2_approved = [
			make_ficha("Empresa", cls.periodo, e, "Aprobada", ventas_brutas=v)
			for e, v in zip(w.emp_a2, (300, 400), strict=True)
		]
		cls.b1_approved = make_ficha("Empresa", cls.periodo, w.emp_b1[0], "Aprobada", ventas_brutas=7777)
		frappe.set_user(w.ger_a1)
		cls.solicitud = api_fichas.request_correction(cls.a1_approved, "Dato mal digitado.")
		frappe.set_user("Administrator")
		frappe.db.commit()  # nosemgrep: the HTTP requests run on another connection
		cls.sid_ger_a1 = sid_for(w.ger_a1)
		cls.sid_no_role = sid_for(cls.no_role)

	@classmethod
	def cleanup(cls):
		delete_fichas(periodo=cls.periodo)

	def tearDown(self):
		frappe.set_user("Administrator")

	def state(self, ficha: str) -> str:
		return frappe.db.get_value("Ficha", ficha, "workflow_state")

	# --- surface: no guest endpoint, POST only where data changes ----------------------------------

	def test_no_guest_endpoint_and_writes_are_post_only(self):
		modules = (api_desk, api_excel, api_fichas, api_reports)
		endpoints = [
			fn
			for m in modules
			for _n, fn in inspect.getmembers(m, inspect.isfunction)
			if fn.__module__ == m.__name__ and fn in frappe.whitelisted
		]
		self.assertGreaterEqual(len(endpoints), 20)
		self.assertEqual([fn.__name__ for fn in endpoints if fn in frappe.guest_methods], [])
		writers = [
			api_fichas.observe,
			api_fichas.request_correction,
			api_fichas.decide_correction,
			api_fichas.apply_action,
			api_excel.validate_upload,
			api_excel.start_upload,
		]
		for fn in writers:
			self.assertEqual(frappe.allowed_http_methods_for_whitelisted_func[fn], ["POST"], fn.__name__)

	# --- fichas: workflow, corrections, side panel ----------------------------------------------------

	def test_apply_action_on_another_network_is_refused_without_revealing_its_state(self):
		frappe.set_user(self.w.ger_a1)
		with self.assertRaises(frappe.PermissionError) as cm:
			workflow.apply_action(self.b1_approved, "Enviar")
		self.assertNotIn("Aprobada", str(cm.exception))
		with self.assertRaises(frappe.PermissionError):
			api_fichas.apply_action(self.b1_approved, "Enviar")
		self.assertEqual(self.state(self.b1_approved), "Aprobada")

	def test_coordinator_of_another_conglomerado_cannot_approve_or_observe(self):
		frappe.set_user(self.w.coord_b)
		with self.assertRaises(frappe.PermissionError):
			api_fichas.apply_action(self.a1_sent, "Aprobar")
		with self.assertRaises(frappe.PermissionError):
			api_fichas.observe(self.a1_sent, "No me corresponde.")
		self.assertEqual(self.state(self.a1_sent), "Enviada")

	def test_corrections_of_another_network_are_refused(self):
		frappe.set_user(self.w.ger_b1)
		before = frappe.db.count("Solicitud Correccion")
		with self.assertRaises(frappe.PermissionError):
			api_fichas.request_correction(self.a2_approved[0], "No es mía.")
		self.assertEqual(frappe.db.count("Solicitud Correccion"), before)
		frappe.set_user(self.w.coord_b)
		with self.assertRaises(frappe.PermissionError):
			api_fichas.decide_correction(self.solicitud, 1)
		self.assertFalse(api_fichas.can_decide_correction(self.solicitud))
		self.assertEqual(frappe.db.get_value("Solicitud Correccion", self.solicitud, "estado"), "Pendiente")
		self.assertEqual(self.state(self.a1_approved), "Aprobada")

	def test_read_endpoints_of_a_ficha_refuse_other_networks(self):
		frappe.set_user(self.w.ger_b1)
		for call in (
			lambda: api_fichas.quality_hints(self.a1_sent),
			lambda: api_fichas.form_context(self.a1_sent),
		):
			with self.assertRaises(frappe.PermissionError):
				call()
		# the own network still works
		frappe.set_user(self.w.ger_a1)
		self.assertIn("can_edit", api_fichas.form_context(self.a1_sent))

	# --- reports: a filter outside the user's scope is refused ------------------------------------

	def test_a_report_error_leaves_no_prepared_report_timer(self):
		frappe.set_user(self.w.ger_a1)
		with self.assertRaises(frappe.ValidationError):
			run_report("Incremento de Ventas por Red", {"periodo": "_T periodo que no existe"})
		self.assertEqual([t for t in prepared_report_watchers() if not t.finished.is_set()], [])

	def test_reports_refuse_a_network_or_conglomerado_outside_the_scope(self):
		frappe.set_user(self.w.ger_a1)
		for report, filters in (
			("Avance de Fichas", {"periodo": self.periodo, "red": self.w.red_b1}),
			("Avance de Fichas", {"periodo": self.periodo, "conglomerado": self.w.cong_b}),
			("Incremento de Ventas por Red", {"periodo": self.periodo, "red": self.w.red_b1}),
			("Redes por Fase", {"red": self.w.red_b1}),
			("Marco Lógico", {"periodo": self.periodo, "red": self.w.red_b1}),
			("Posición Competitiva", {"periodo": self.periodo, "empresa": self.w.emp_b1[0]}),
		):
			with self.assertRaises(frappe.PermissionError, msg=f"{report} {filters}"):
				run_report(report, filters)
		with self.assertRaises(frappe.PermissionError):
			api_reports.download_marco_logico({"red": self.w.red_b1})
		# a refusal must not leave Frappe's timer that turns the report into a prepared report
		self.assertEqual([t for t in prepared_report_watchers() if not t.finished.is_set()], [])
		self.assertEqual(frappe.db.get_value("Report", "Avance de Fichas", "prepared_report"), 0)
		frappe.set_user(self.w.coord_a)
		with self.assertRaises(frappe.PermissionError):
			run_report("Avance de Fichas", {"periodo": self.periodo, "conglomerado": self.w.cong_b})
		# inside the scope the same reports answer with the user's networks only
		frappe.set_user(self.w.ger_a1)
		rows = run_report("Avance de Fichas", {"periodo": self.periodo, "conglomerado": self.w.cong_a})
		self.assertEqual({r["red"] for r in rows["result"]}, {self.w.red_a1})

	def test_competitive_position_shows_only_aggregates_of_groups_of_three(self):
		frappe.set_user(self.w.ger_a1)
		out = run_report("Posición Competitiva", {"periodo": self.periodo, "empresa": self.w.emp_a1[0]})
		sales = [r for r in out["result"] if r["valor"] == 100]
		self.assertTrue(sales)
		by_group = {r["grupo"].split(":")[0]: r for r in sales}
		# the network has 2 firms with values: no statistics at all
		red_row = by_group["Red"]
		self.assertEqual(red_row["n"], 2)
		self.assertIsNone(red_row["mediana"])
		self.assertIsNone(red_row["q1"])
		self.assertIn("menos de 3", red_row["nota"])
		# the conglomerado (4 firms) has statistics; no other network's firm value appears anywhere
		self.assertEqual(by_group["Conglomerado"]["n"], 4)
		values = {v for r in out["result"] for k, v in r.items() if k not in ("variable", "grupo", "nota")}
		self.assertNotIn(7777, values)

	def test_competitive_position_hides_a_moved_firms_ficha_of_its_former_network(self):
		firm = self.w.emp_b1[1]
		make_ficha("Empresa", self.periodo, firm, "Aprobada", ventas_brutas=5555)
		frappe.db.set_value("Empresa", firm, "red", self.w.red_a1)  # the firm now belongs to Red A1
		try:
			frappe.set_user(self.w.ger_a1)
			out = run_report("Posición Competitiva", {"periodo": self.periodo, "empresa": firm})
			self.assertEqual({r["valor"] for r in out["result"]}, {None})
		finally:
			frappe.set_user("Administrator")
			frappe.db.set_value("Empresa", firm, "red", self.w.red_b1)

	def test_formula_preview_counts_only_the_fichas_in_scope(self):
		frappe.set_user(self.w.ger_a1)
		res = api_reports.try_formula("CONTAR(ventas_brutas > 0)", "Empresa", self.periodo)
		self.assertTrue(res["ok"])
		self.assertEqual(res["value"], 1)  # only the approved ficha of Red A1, not A2 nor B1
		frappe.set_user(self.no_role)
		with self.assertRaises(frappe.PermissionError):
			api_reports.try_formula("CONTAR(ventas_brutas > 0)", "Empresa", self.periodo)

	# --- desk: cards, charts, task panel ---------------------------------------------------------------

	def test_dashboard_endpoints_refuse_a_user_without_smevir_role(self):
		frappe.set_user(self.no_role)
		for fn in (
			api_desk.card_completeness,
			api_desk.card_days_left,
			api_desk.card_sales_increase,
			api_desk.default_sales_period,
			api_desk.chart_fichas_by_state,
			api_desk.chart_networks_by_phase,
			api_desk.chart_active_by_conglomerado,
			api_desk.chart_sales_baseline_vs_latest,
			api_desk.workspace_tasks,
		):
			with self.assertRaises(frappe.PermissionError, msg=fn.__name__) as cm:
				fn()
			self.assertIn("No tiene permiso", str(cm.exception), fn.__name__)
		with self.assertRaises(frappe.PermissionError):
			api_fichas.form_context(periodo=self.periodo, empresa=self.w.emp_a1[0])

	# --- Excel upload ----------------------------------------------------------------------------------

	def _private_file(self, user: str) -> str:
		frappe.set_user(user)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"plantilla-{frappe.generate_hash(length=6)}.xlsx",
				"content": b"PK\x03\x04 plantilla de prueba",
				"is_private": 1,
			}
		).insert()
		return file.file_url

	def test_upload_of_another_user_cannot_be_validated_or_started(self):
		url = self._private_file(self.w.ger_a1)
		carga = frappe.get_doc({"doctype": "Carga de Fichas", "archivo": url}).insert()
		frappe.set_user(self.w.ger_b1)
		with self.assertRaises(frappe.PermissionError):
			api_excel.validate_upload(carga.name)
		with self.assertRaises(frappe.PermissionError):
			api_excel.start_upload(carga.name)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("Carga de Fichas", carga.name).cargar()
		self.assertEqual(frappe.db.get_value("Carga de Fichas", carga.name, "estado"), "Pendiente")

	def test_upload_cannot_point_at_another_users_private_file(self):
		url = self._private_file(self.w.ger_a1)
		frappe.set_user(self.w.ger_b1)
		with self.assertRaises(frappe.PermissionError) as cm:
			frappe.get_doc({"doctype": "Carga de Fichas", "archivo": url}).insert()
		self.assertIn("no tiene acceso al archivo", str(cm.exception))
		# the owner of the file may use it
		frappe.set_user(self.w.ger_a1)
		frappe.get_doc({"doctype": "Carga de Fichas", "archivo": url}).insert()

	# --- over real HTTP ------------------------------------------------------------------------------

	def test_http_report_of_another_network_is_forbidden(self):
		response = rest_report(
			"Avance de Fichas", self.sid_ger_a1, {"periodo": self.periodo, "red": self.w.red_b1}
		)
		self.assertEqual(response.status_code, 403, response.get_data(as_text=True))
		self.assertNotIn(self.w.red_b1, (response.json or {}).get("message", "") or "")
		response = rest_report(
			"Avance de Fichas", self.sid_ger_a1, {"periodo": self.periodo, "red": self.w.red_a1}
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))

	def test_http_card_and_get_on_a_post_endpoint_are_forbidden(self):
		response = rest_get("api/method/redes_smevir.api.desk.card_days_left", self.sid_no_role)
		self.assertEqual(response.status_code, 403, response.get_data(as_text=True))
		self.assertIn("No tiene permiso", response.get_data(as_text=True))
		# a GET never changes a ficha, even for the user who may act on it
		response = rest_get(
			"api/method/redes_smevir.api.fichas.apply_action",
			self.sid_ger_a1,
			{"ficha": self.a1_approved, "action": "Solicitar corrección"},
		)
		self.assertEqual(response.status_code, 403, response.get_data(as_text=True))
		frappe.db.rollback()
		self.assertEqual(self.state(self.a1_approved), "Aprobada")
