"""Desk experience: the SMEVIR workspace, its cards and charts, and the Ficha side panel.

The cards and charts must give the numbers the reports give, and a Gerente's cards must count
only their own networks.
"""

from __future__ import annotations

import json

import frappe
from frappe.desk.desktop import get_desktop_page
from frappe.desk.query_report import get_script
from frappe.desk.query_report import run as run_report
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from redes_smevir.api import desk
from redes_smevir.api import fichas as api_fichas
from redes_smevir.domain.ficha_rules import STATES
from redes_smevir.services import dashboard, desk_setup
from redes_smevir.services.roles import GERENTE
from redes_smevir.tests import factories as f


def _summary(result: dict, label: str):
	return next(s["value"] for s in result["report_summary"] if s["label"] == label)


def _number_card(name: str) -> float:
	from frappe.desk.doctype.number_card.number_card import get_result

	card = frappe.get_doc("Number Card", name)
	return get_result(card.as_dict(), card.filters_json)


class TestDeskFigures(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w = f.basic_world()
		cls.lb, cls.final = f.closed_baseline_and_final("Desk", "2010-03-31", "2011-09-30")
		cls.open = f.make_periodo("Desk Abierto", periodo_base=cls.lb)
		sales = {
			w.emp_a1[0]: (100_000, 150_000),
			w.emp_a1[1]: (200_000, 260_000),
			w.emp_a2[0]: (100_000, 90_000),
			w.emp_a2[1]: (50_000, 80_000),
			w.emp_b1[0]: (300_000, 600_000),
			w.emp_b1[1]: (100_000, 100_000),
		}
		for empresa, (base, fin) in sales.items():
			f.make_ficha("Empresa", cls.lb, empresa, "Aprobada", ventas_brutas=base)
			f.make_ficha("Empresa", cls.final, empresa, "Aprobada", ventas_brutas=fin)
		cls.enviada = f.make_ficha("Empresa", cls.open, w.emp_a1[0], "Enviada", ventas_brutas=170_000)
		f.make_ficha("Empresa", cls.open, w.emp_a1[1], "Borrador")
		f.make_ficha("Empresa", cls.open, w.emp_b1[0], "Enviada", ventas_brutas=650_000)
		f.make_ficha("Red", cls.open, w.red_a2, "Aprobada")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_sales_card_and_chart_match_the_sales_report(self):
		for user in (self.w.admin, self.w.coord_a, self.w.ger_a1):
			frappe.set_user(user)
			data = dashboard.sales_baseline_vs_latest(self.final)
			report = run_report("Incremento de Ventas por Red", {"periodo": self.final})
			# the summary shows what the card shows: the same average to 2 decimals
			self.assertEqual(
				round(data["promedio_general"], 2), _summary(report, "Promedio general"), msg=user
			)
			rows = [r for r in report["result"] if isinstance(r, dict) and r.get("en_promedio")]
			for row in data["filas"]:
				mine = [r for r in rows if r["conglomerado"] == row["conglomerado"]]
				self.assertAlmostEqual(row["base"], sum(r["ventas_base"] for r in mine), places=2)
				self.assertAlmostEqual(row["ultima"], sum(r["ventas_periodo"] for r in mine), places=2)
		# Conglomerado A alone: (150+260)/(100+200) = +36.67% and (90+80)/(100+50) = +13.33%.
		frappe.set_user(self.w.coord_a)
		data = dashboard.sales_baseline_vs_latest(self.final)
		self.assertEqual([r["conglomerado"] for r in data["filas"]], [self.w.cong_a])
		self.assertAlmostEqual(
			data["promedio_general"], (100 * 410 / 300 - 100 + 100 * 170 / 150 - 100) / 2, 4
		)

	def test_completeness_and_states_match_the_progress_report(self):
		for user in (self.w.admin, self.w.coord_a, self.w.ger_a1):
			frappe.set_user(user)
			report = run_report("Avance de Fichas", {"periodo": self.open})
			c = dashboard.completeness(self.open)
			self.assertEqual(c["esperadas"], _summary(report, "Fichas esperadas"), user)
			self.assertEqual(c["aprobadas"], _summary(report, "Aprobadas"), user)
			# the card shows 1 decimal, the report's summary 2: the same figure
			self.assertAlmostEqual(c["porcentaje"], _summary(report, "% aprobadas") or 0.0, delta=0.051)
			states = dashboard.fichas_by_state(self.open)
			labels = report["chart"]["data"]["labels"]
			# one stacked dataset per state (its own colour): a label's count is its column's sum
			columns = zip(*(d["values"] for d in report["chart"]["data"]["datasets"]), strict=True)
			values = dict(zip(labels, (sum(c) for c in columns), strict=True))
			for state, n in states.items():
				self.assertEqual(n, values[state], f"{user} {state}")

	def test_phase_and_active_charts_match_the_phase_report(self):
		for user in (self.w.admin, self.w.coord_a, self.w.ger_a1):
			frappe.set_user(user)
			report = run_report("Redes por Fase", {})
			totals = {r["conglomerado"]: r for r in report["result"] if r.get("bold")}
			active = dashboard.active_by_conglomerado()
			self.assertEqual({r["conglomerado"] for r in active}, set(totals), user)
			for row in active:
				self.assertEqual(row["redes"], totals[row["conglomerado"]]["redes"])
				self.assertEqual(row["empresas"], totals[row["conglomerado"]]["empresas"])
			self.assertEqual(sum(dashboard.networks_by_phase().values()), _summary(report, "Redes"))

	def test_gerente_cards_count_only_their_networks(self):
		frappe.set_user(self.w.ger_a1)
		self.assertEqual(_number_card("SMEVIR Redes Activas"), 1)
		self.assertEqual(_number_card("SMEVIR Empresas Activas"), 2)
		self.assertEqual(_number_card("SMEVIR Fichas por Aprobar"), 1)  # emp_b1's is not theirs
		self.assertEqual(
			dashboard.active_by_conglomerado(), [{"conglomerado": self.w.cong_a, "redes": 1, "empresas": 2}]
		)
		c = dashboard.completeness(self.open)
		self.assertEqual(c["esperadas"], 3)  # two member firms + the network's own ficha
		states = dashboard.fichas_by_state(self.open)
		self.assertEqual((states["Enviada"], states["Borrador"], states["Aprobada"]), (1, 1, 0))
		tasks = desk.workspace_tasks()
		self.assertEqual(
			[g["title"] for g in tasks["groups"]], [f"Gerente de red: mis fichas · Periodo {self.open}"]
		)

		frappe.set_user(self.w.coord_a)
		self.assertEqual(_number_card("SMEVIR Redes Activas"), 2)
		self.assertEqual(_number_card("SMEVIR Fichas por Aprobar"), 1)
		pending = next(
			i
			for i in desk.workspace_tasks()["groups"][0]["items"]
			if i["filters"].get("workflow_state") == "Enviada"
		)
		self.assertEqual(pending["count"], 1)

		frappe.set_user(self.w.admin)
		self.assertGreaterEqual(_number_card("SMEVIR Fichas por Aprobar"), 2)

	def test_days_left_card_follows_the_open_window(self):
		frappe.set_user(self.w.ger_a1)
		window = dashboard.period_window(self.open)
		self.assertEqual(window["estado"], "Abierto")
		self.assertEqual(window["dias_restantes"], 20)
		self.assertEqual(dashboard.period_window(self.final)["estado"], "Cerrado")

	def test_ficha_context_shows_previous_values_and_is_permission_checked(self):
		final = frappe.db.get_value("Ficha", {"periodo": self.final, "empresa": self.w.emp_a1[1]}, "name")
		frappe.set_user(self.w.ger_a1)
		ctx = api_fichas.form_context(final)
		self.assertEqual(ctx["previous"]["periodo"], self.lb)
		ventas = next(r for r in ctx["comparison"] if r["fieldname"] == "ventas_brutas")
		self.assertEqual(
			(ventas["anterior"], ventas["actual"], ventas["variacion"]), (200_000, 260_000, 30.0)
		)
		self.assertEqual(ctx["window"]["estado"], "Cerrado")
		frappe.set_user(self.w.ger_b1)
		with self.assertRaises(frappe.PermissionError):
			api_fichas.form_context(final)

	def test_workspace_shows_cards_charts_and_task_block_to_a_gerente(self):
		frappe.set_user(self.w.ger_a1)
		frappe.cache.delete_value("user_perm_can_read", user=self.w.ger_a1)
		page = get_desktop_page(json.dumps({"name": "SMEVIR", "title": "SMEVIR", "public": 1}))
		self.assertGreaterEqual(len(page["number_cards"]["items"]), 6)
		shortcuts = {s["label"] for s in page["shortcuts"]["items"]}
		self.assertIn("Fichas observadas", shortcuts)
		self.assertEqual(
			[b.custom_block_name for b in page["custom_blocks"]["items"]],
			["Tareas SMEVIR", "Tableros SMEVIR"],
		)
		self.assertNotIn("Usuarios", shortcuts)
		reports = {link["link_to"] for card in page["cards"]["items"] for link in card["links"]}
		self.assertIn("Incremento de Ventas por Red", reports)


class TestDeskSetup(FrappeTestCase):
	def test_new_smevir_user_lands_on_the_workspace_in_spanish(self):
		email = f.make_user("t.desk.landing@smevir.test", GERENTE)
		self.assertEqual(frappe.db.get_value("User", email, "default_workspace"), "SMEVIR")
		frappe.db.set_value("User", email, {"language": "en", "default_workspace": None})
		desk_setup.set_user_defaults(email)
		self.assertEqual(
			frappe.db.get_value("User", email, ["language", "default_workspace"]), ("es", "SMEVIR")
		)

	def test_task_block_and_print_formats_exist_after_setup(self):
		# shipped as files: the block as a fixture, the print formats in the DocTypes' JSON
		self.assertTrue(frappe.db.exists("Custom HTML Block", "Tareas SMEVIR"))
		self.assertIn("workspace_tasks", frappe.db.get_value("Custom HTML Block", "Tareas SMEVIR", "script"))
		# the charts block starts with the chart helpers the reports include (one copy, kept equal)
		helpers = open(frappe.get_app_path("redes_smevir", "public", "js", "smevir_charts.js")).read()
		script = frappe.db.get_value("Custom HTML Block", "Tableros SMEVIR", "script")
		self.assertTrue(
			script.startswith(helpers), "fixtures/custom_html_block.json: re-copy smevir_charts.js"
		)
		for name in ("Avance de Fichas", "Marco Lógico", "Redes por Fase", "Incremento de Ventas por Red"):
			self.assertIn("redes_smevir.charts.fix_report_chart", get_script(name)["script"])
		self.assertEqual(frappe.get_meta("Ficha").default_print_format, "Ficha para Firma")
		self.assertEqual(frappe.get_meta("Red").default_print_format, "Resumen de Red")
		self.assertFalse(frappe.get_meta("Ficha").get_field("nivel").in_list_view)

	def test_login_page_speaks_the_site_language_to_an_english_browser(self):
		from frappe.tests.test_api import make_request
		from frappe.utils import get_test_client, get_url

		desk_setup.ensure_desk()
		before = frappe.db.get_default("lang")
		frappe.db.set_default("lang", "es")
		frappe.db.commit()  # nosemgrep: the HTTP request runs on another connection
		client, url = get_test_client(use_cookies=False), f"{get_url()}/login"

		def login_page(**kwargs) -> str:
			# in a thread of its own, like the app's REST tests: the request must not touch our locals
			return make_request(target=client.get, args=(url,), kwargs=kwargs).get_data(as_text=True)

		try:
			html = login_page(headers={"Accept-Language": "en-US,en;q=0.9"})
			self.assertIn('lang="es"', html)
			self.assertIn("SMEVIR", html)
			self.assertNotIn("Forgot Password", html)
			# a language the visitor chose on the page (its cookie) still wins
			self.assertIn('lang="en"', login_page(headers={"Cookie": "preferred_language=en"}))
		finally:
			frappe.db.set_default("lang", before)
			frappe.db.commit()  # nosemgrep


class TestDeskTasks(FrappeTestCase):
	"""What the task panel offers: fichas still to register, returned fichas with their reason."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w = f.basic_world()
		cls.lb = f.make_periodo(
			"Tareas LB", tipo="Línea de Base", abierto=False, fecha_referencia="2010-03-31"
		)
		cls.final = f.make_periodo(
			"Tareas Final", abierto=False, fecha_referencia="2011-09-30", periodo_base=cls.lb
		)
		cls.open = f.make_periodo("Tareas Abierto", periodo_base=cls.lb)
		for empresa in w.emp_a1:
			f.make_ficha("Empresa", cls.lb, empresa, "Aprobada", ventas_brutas=100_000)
			f.make_ficha("Empresa", cls.final, empresa, "Aprobada", ventas_brutas=150_000)
		# One firm of Red A1 already approved in the open period, the other returned with a reason.
		f.make_ficha("Empresa", cls.open, w.emp_a1[0], "Aprobada", ventas_brutas=90_000)
		cls.observada = f.make_ficha("Empresa", cls.open, w.emp_a1[1], "Borrador", ventas_brutas=1)
		frappe.db.set_value(
			"Ficha", cls.observada, {"workflow_state": "Observada", "motivo_observacion": "Revise ventas"}
		)

	def tearDown(self):
		frappe.set_user("Administrator")

	def _item(self, groups, prefix):
		return next(i for g in groups for i in g["items"] if i["label"].startswith(prefix))

	def test_missing_fichas_are_those_the_user_enters(self):
		frappe.set_user(self.w.ger_a1)
		self.assertEqual(dashboard.missing_fichas(self.open), [])  # both firms registered; Red is not theirs
		frappe.set_user(self.w.ger_a2)
		missing = dashboard.missing_fichas(self.open)
		self.assertEqual(
			{(m["nivel"], m["empresa"]) for m in missing}, {("Empresa", e) for e in self.w.emp_a2}
		)
		item = self._item(desk.workspace_tasks()["groups"], "Fichas esperadas")
		# the state chart's «Sin registrar» (2 firms and the network's own ficha), 2 of them theirs
		self.assertEqual((item["count"], len(item["missing"])), (3, 2))
		self.assertIn("2 las registra usted", item["label"])
		frappe.set_user(self.w.coord_a)
		missing = dashboard.missing_fichas(self.open)
		self.assertEqual(
			{(m["nivel"], m["red"]) for m in missing}, {("Red", self.w.red_a1), ("Red", self.w.red_a2)}
		)

	def test_observed_fichas_show_their_reason_on_the_panel(self):
		frappe.set_user(self.w.ger_a1)
		item = self._item(desk.workspace_tasks()["groups"], "Fichas observadas")
		self.assertEqual(item["count"], 1)
		self.assertEqual(
			[(r["name"], r["motivo_observacion"]) for r in item["fichas"]],
			[(self.observada, "Revise ventas")],
		)
		frappe.set_user(self.w.ger_a2)
		self.assertEqual(self._item(desk.workspace_tasks()["groups"], "Fichas observadas")["fichas"], [])

	def test_sales_figures_stay_on_the_closed_period_while_one_is_open(self):
		frappe.set_user(self.w.ger_a1)
		self.assertEqual(dashboard.latest_measured_period(), self.final)
		self.assertEqual(desk.default_sales_period(), self.final)


class TestTasksMatchStateChart(FrappeTestCase):
	"""The task block counts the current period as the «Fichas por estado» chart does, and names it.

	Fichas of a closed period still needing work come as a separate «de periodos anteriores» line.
	"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w = f.basic_world()
		cls.closed = f.make_periodo("Cuenta Cerrado", abierto=False, fecha_referencia="2011-09-30")
		# closes before any other open test period: it is the current one
		cls.open = f.make_periodo("Cuenta Abierto", fin_registro=add_days(nowdate(), 5))
		f.make_ficha("Empresa", cls.closed, w.emp_a1[0], "Observada", ventas_brutas=1)
		f.make_ficha("Empresa", cls.closed, w.emp_a1[1], "Enviada", ventas_brutas=1)
		f.make_ficha("Empresa", cls.closed, w.emp_a2[0], "En Corrección", ventas_brutas=1)
		f.make_ficha("Empresa", cls.open, w.emp_a1[0], "Enviada", ventas_brutas=1)
		f.make_ficha("Empresa", cls.open, w.emp_a1[1], "Observada", ventas_brutas=1)
		f.make_ficha("Empresa", cls.open, w.emp_a2[0], "Borrador", ventas_brutas=1)
		f.make_ficha("Red", cls.open, w.red_a1, "Aprobada")

	def tearDown(self):
		frappe.set_user("Administrator")

	def _chart(self) -> dict:
		data = desk.chart_fichas_by_state()
		states = [dashboard.SIN_REGISTRAR, *STATES]
		return dict(zip(states, data["datasets"][0]["values"], strict=True)), data["periodo"]

	def test_task_counts_are_the_state_charts_for_gerente_and_coordinador(self):
		for user, expected in (
			# Red A1: 2 firms + its Red ficha; the closed period's Observada comes apart
			(self.w.ger_a1, {"Borrador": 0, "Observada": 1, "En Corrección": 0, "Sin registrar": 0}),
			# Conglomerado A: 4 firms, 2 Red fichas, 1 Región ficha; 4 of them registered
			(self.w.coord_a, {"Enviada": 1, "Observada": 1, "Sin registrar": 3}),
		):
			frappe.set_user(user)
			chart, periodo = self._chart()
			self.assertEqual(periodo, self.open)
			tasks = desk.workspace_tasks()
			self.assertEqual(tasks["window"]["periodo"], self.open)
			items = [i for g in tasks["groups"] for i in g["items"] if i.get("state")]
			self.assertEqual({i["state"]: i["count"] for i in items}, expected, user)
			for item in items:
				self.assertEqual(item["count"], chart[item["state"]], (user, item["label"]))
			for group in tasks["groups"]:
				self.assertIn(self.open, group["title"])
		frappe.set_user(self.w.ger_a1)
		observed = next(
			i for g in desk.workspace_tasks()["groups"] for i in g["items"] if i.get("state") == "Observada"
		)
		self.assertEqual([o["count"] for o in observed["others"]], [1])
		self.assertIn("de periodos anteriores", observed["others"][0]["label"])
		frappe.set_user(self.w.coord_a)
		sent = next(
			i for g in desk.workspace_tasks()["groups"] for i in g["items"] if i.get("state") == "Enviada"
		)
		self.assertEqual(sent["others"][0]["count"], 1)
		# the gerente of Red A2 sees the closed period's correction apart, not in the period's count
		frappe.set_user(self.w.ger_a2)
		correction = next(
			i
			for g in desk.workspace_tasks()["groups"]
			for i in g["items"]
			if i.get("state") == "En Corrección"
		)
		self.assertEqual((correction["count"], correction["others"][0]["count"]), (0, 1))


class TestFichaForm(FrappeTestCase):
	"""What the Ficha form offers each role: it never offers what the server would refuse."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w = f.basic_world()
		cls.lb = f.make_periodo("Form LB", tipo="Línea de Base", abierto=False, fecha_referencia="2010-03-31")
		cls.open = f.make_periodo("Form Abierto", periodo_base=cls.lb)
		f.make_ficha("Empresa", cls.lb, w.emp_a1[0], "Aprobada", ventas_brutas=100_000)
		cls.enviada = f.make_ficha("Empresa", cls.open, w.emp_a1[0], "Enviada", ventas_brutas=900_000)
		cls.observada = f.make_ficha("Empresa", cls.open, w.emp_a1[1], "Observada", ventas_brutas=50_000)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_an_observada_ficha_is_editable_by_its_gerente_only(self):
		frappe.set_user(self.w.ger_a1)
		ctx = api_fichas.form_context(self.observada)
		self.assertTrue(ctx["can_edit"])
		self.assertIn("Enviar", [a["action"] for a in ctx["help"]["actions"]])
		frappe.set_user(self.w.coord_a)
		ctx = api_fichas.form_context(self.observada)
		self.assertFalse(ctx["can_edit"])  # the form shows it read-only
		# and the server refuses the Coordinador's edit, as the read-only form says
		doc = frappe.get_doc("Ficha", self.observada)
		doc.ventas_brutas = 1
		with self.assertRaises((frappe.ValidationError, frappe.PermissionError)):
			doc.save()

	def test_hints_speak_to_the_approver_or_to_the_enterer(self):
		frappe.set_user(self.w.coord_a)
		ctx = api_fichas.form_context(self.enviada)
		self.assertTrue(ctx["can_approve"])
		self.assertEqual(ctx["hints_for"], "approver")
		self.assertIn("variacion_ventas", [h["code"] for h in ctx["hints"]])
		frappe.set_user(self.w.ger_a1)
		ctx = api_fichas.form_context(self.enviada)
		self.assertFalse(ctx["can_approve"])
		self.assertEqual(ctx["hints_for"], "enterer")
		self.assertFalse(any("aprobar" in h["message"] for h in ctx["hints"]), ctx["hints"])

	def test_each_state_says_who_acts_next(self):
		frappe.set_user(self.w.ger_a1)
		self.assertEqual(
			api_fichas.form_context(self.enviada)["next_step"], "Ficha enviada a revisión del Coordinador UO."
		)
		self.assertIn("vuelve al Gerente de Red", api_fichas.form_context(self.observada)["next_step"])
		help_ = api_fichas.form_context(self.enviada)["help"]
		self.assertEqual(help_["editors"], [])
		self.assertEqual({a["action"] for a in help_["actions"]}, {"Aprobar", "Observar"})
		self.assertNotIn("Administrator", str(help_))

	def test_a_new_ficha_reads_its_window_and_previous_values(self):
		frappe.set_user(self.w.ger_a1)
		ctx = api_fichas.form_context(periodo=self.open, nivel="Empresa", empresa=self.w.emp_a1[0])
		self.assertEqual(ctx["window"]["estado"], "Abierto")
		self.assertEqual(ctx["previous"]["periodo"], self.lb)
		self.assertTrue(ctx["can_edit"])
		frappe.set_user(self.w.ger_b1)
		with self.assertRaises(frappe.PermissionError):
			api_fichas.form_context(self.enviada)


class TestFormulaHelpInDesk(FrappeTestCase):
	def test_the_formula_guide_opens_inside_desk_and_errors_point_at_their_position(self):
		from redes_smevir.api import reports as api_reports

		html = api_reports.formula_guide()
		self.assertIn("PORCENTAJE", html)
		self.assertIn("<h2", html)  # rendered, not the raw Markdown
		res = api_reports.try_formula("SUMA(ventas_brutas) + ", "Empresa")
		self.assertFalse(res["ok"])
		self.assertIsInstance(res["position"], int)
		self.assertIn(str(res["position"]), res["message"])
