# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Entering fichas: windows, one ficha per subject and period, read-only approved fichas, who may
create which level, subject links from the membership history, variables read from the meta,
quality hints, reminders and the daily period-state job. Each refusal is checked in the form path
(``doc.save()`` as the user) and the REST path (``frappe.client.insert`` / ``frappe.client.save``).
"""

from unittest.mock import patch

import frappe
import frappe.client
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, nowdate

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import (
	excel_fichas,
	ficha_fields,
	fichas,
	membership,
	notifications,
	periods,
	quality_hints,
	workflow,
)
from redes_smevir.tests.factories import (
	delete_fichas,
	ficha_world,
	make_empresa,
	make_ficha,
	make_periodo,
	make_red,
)


class TestFichaEntry(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = ficha_world()
		cls.abierto = make_periodo("Entrada Abierto", abierto=True)
		cls.cerrado = make_periodo("Entrada Cerrado", abierto=False)
		cls.futuro = make_periodo(
			"Entrada Futuro",
			inicio_registro=add_days(nowdate(), 5),
			fin_registro=add_days(nowdate(), 30),
			fecha_referencia=add_days(nowdate(), -1),
		)

	def setUp(self):
		frappe.set_user("Administrator")
		delete_fichas(periodo=("in", [self.abierto, self.cerrado, self.futuro]))

	def tearDown(self):
		frappe.set_user("Administrator")

	def new(self, periodo, empresa=None, **values):
		return {
			"doctype": "Ficha",
			"nivel": "Empresa",
			"periodo": periodo,
			"empresa": empresa or self.w.emp_a1[0],
			**values,
		}

	# --- entry window --------------------------------------------------------------------------

	def test_entry_outside_window_is_refused_in_form_and_rest(self):
		frappe.set_user(self.w.ger_a1)
		for periodo, words in ((self.cerrado, "ya cerró"), (self.futuro, "aún no se abre")):
			inicio, fin = frappe.db.get_value("Periodo", periodo, ["inicio_registro", "fin_registro"])
			window = f"del {getdate(inicio):%d-%m-%Y} al {getdate(fin):%d-%m-%Y}"
			with self.assertRaises(fichas.EntryWindowError) as cm:
				frappe.get_doc(self.new(periodo)).insert()
			self.assertIn(window, str(cm.exception))
			self.assertIn(words, str(cm.exception))
			with self.assertRaises(fichas.EntryWindowError):
				frappe.client.insert(self.new(periodo))
			self.assertFalse(frappe.db.exists("Ficha", {"periodo": periodo}))

	def test_editing_and_sending_after_close_refused_but_authorised_correction_allowed(self):
		name = make_ficha("Empresa", self.cerrado, self.w.emp_a1[0], "Borrador", ventas_brutas=100)
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc("Ficha", name)
		doc.ventas_brutas = 200
		with self.assertRaises(fichas.EntryWindowError) as cm:
			doc.save()
		self.assertIn("modificar", str(cm.exception))
		with self.assertRaises(fichas.EntryWindowError) as cm:
			workflow.apply_action(name, rules.ENVIAR)
		self.assertIn("enviar", str(cm.exception))
		self.assertEqual(frappe.db.get_value("Ficha", name, "workflow_state"), "Borrador")

		name = make_ficha("Empresa", self.cerrado, self.w.emp_a1[1], "En Corrección", ventas_brutas=100)
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc("Ficha", name)
		doc.ventas_brutas = 250
		doc.save()
		workflow.apply_action(name, rules.ENVIAR)
		self.assertEqual(
			frappe.db.get_value("Ficha", name, ["workflow_state", "ventas_brutas"]), ("Enviada", 250)
		)

	def test_administrator_extends_a_window(self):
		frappe.set_user(self.w.admin)
		periodo = frappe.get_doc("Periodo", self.cerrado)
		self.assertEqual(periodo.estado, "Cerrado")
		periodo.fin_registro = add_days(nowdate(), 3)
		periodo.save()
		self.assertEqual(frappe.db.get_value("Periodo", self.cerrado, "estado"), "Abierto")
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc(self.new(self.cerrado)).insert()
		self.assertEqual(doc.workflow_state, "Borrador")
		frappe.set_user("Administrator")
		make_periodo("Entrada Cerrado", abierto=False)  # back as it was for the other tests

	def test_entry_window_rule_examples(self):
		doc = frappe._dict(periodo=self.cerrado, workflow_state="Borrador")
		self.assertIn("ya cerró", fichas.entry_refusal(doc, "create"))
		self.assertIsNone(fichas.entry_refusal(frappe._dict(periodo=self.abierto), "create"))
		self.assertIsNone(
			fichas.entry_refusal(frappe._dict(periodo=self.cerrado, workflow_state="En Corrección"), "edit")
		)
		self.assertIsNotNone(
			fichas.entry_refusal(frappe._dict(periodo=self.cerrado, workflow_state="En Corrección"), "create")
		)
		with self.assertRaises(fichas.EntryWindowError):
			fichas.check_entry_allowed(doc, "send")

	def test_every_path_follows_the_single_window_rule(self):
		"""Swap the one rule (``domain.ficha_rules.entry_problem``) and every path changes its answer.

		Inverted rule: the open period refuses and the closed one accepts, in the form, REST, the
		Excel upload's row check and the workflow's Enviar. A path with a window check of its own
		would keep the real answer and fail here.
		"""
		real = rules.entry_problem
		asked: set[str] = set()

		def inverted(action, state, window, today):
			asked.add(action)
			if real(action, state, window, today) is None:
				return rules.Problem(
					"window_closed", {"action": action, "start": window.start, "end": window.end}
				)
			return None

		with patch.object(rules, "entry_problem", inverted):
			frappe.set_user(self.w.ger_a1)
			with self.assertRaises(fichas.EntryWindowError):  # form
				frappe.get_doc(self.new(self.abierto)).insert()
			with self.assertRaises(fichas.EntryWindowError):  # REST
				frappe.client.insert(self.new(self.abierto))
			refusal = excel_fichas.entry_problem(frappe._dict(self.new(self.abierto)), rules.CREATE)  # Excel
			self.assertIn("ya cerró", refusal)
			self.assertFalse(frappe.db.exists("Ficha", {"periodo": self.abierto}))

			created = frappe.get_doc(self.new(self.cerrado)).insert()  # closed, yet accepted
			self.assertIsNone(excel_fichas.entry_problem(frappe._dict(self.new(self.cerrado)), rules.CREATE))
			workflow.apply_action(created.name, rules.ENVIAR)  # workflow
			self.assertEqual(frappe.db.get_value("Ficha", created.name, "workflow_state"), rules.ENVIADA)

			frappe.set_user("Administrator")
			draft = make_ficha("Empresa", self.abierto, self.w.emp_a1[1], "Borrador", ventas_brutas=1)
			frappe.set_user(self.w.ger_a1)
			with self.assertRaises(fichas.EntryWindowError):
				workflow.apply_action(draft, rules.ENVIAR)
		self.assertEqual(asked, {rules.CREATE, rules.SEND})

	# --- one ficha per subject and period --------------------------------------------------------

	def test_duplicate_ficha_is_refused_with_a_link(self):
		frappe.set_user(self.w.ger_a1)
		first = frappe.get_doc(self.new(self.abierto)).insert()
		with self.assertRaises(frappe.DuplicateEntryError) as cm:
			frappe.get_doc(self.new(self.abierto)).insert()
		self.assertIn(first.name, str(cm.exception))
		self.assertIn("/app/ficha/", str(cm.exception))
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.client.insert(self.new(self.abierto))
		self.assertEqual(frappe.db.count("Ficha", {"periodo": self.abierto, "empresa": self.w.emp_a1[0]}), 1)
		# the same firm in another period, or another firm, is fine
		frappe.get_doc(self.new(self.abierto, empresa=self.w.emp_a1[1])).insert()

	# --- approved fichas are read-only -----------------------------------------------------------

	def test_approved_ficha_is_read_only_for_everyone(self):
		name = make_ficha("Empresa", self.abierto, self.w.emp_a1[0], "Aprobada", ventas_brutas=100)
		for user in (self.w.ger_a1, self.w.coord_a, self.w.admin):
			frappe.set_user(user)
			doc = frappe.get_doc("Ficha", name)
			doc.ventas_brutas = 999
			with self.assertRaises(frappe.PermissionError) as cm:
				doc.save()
			self.assertIn("Aprobada", str(cm.exception))
			values = frappe.get_doc("Ficha", name).as_dict()
			values["ventas_brutas"] = 999
			with self.assertRaises(frappe.PermissionError):
				frappe.client.save(values)
			with self.assertRaises(frappe.PermissionError):
				frappe.client.set_value("Ficha", name, "ventas_brutas", 999)
		self.assertEqual(frappe.db.get_value("Ficha", name, "ventas_brutas"), 100)

	def test_sent_ficha_cannot_be_edited_by_the_approver(self):
		name = make_ficha("Empresa", self.abierto, self.w.emp_a1[0], "Enviada", ventas_brutas=100)
		frappe.set_user(self.w.coord_a)
		doc = frappe.get_doc("Ficha", name)
		doc.ventas_brutas = 5
		with self.assertRaises(frappe.PermissionError):
			doc.save()

	def test_only_admin_deletes(self):
		name = make_ficha("Empresa", self.abierto, self.w.emp_a1[0], "Borrador")
		for user in (self.w.ger_a1, self.w.coord_a):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError):
				frappe.client.delete("Ficha", name)
		frappe.set_user(self.w.admin)
		frappe.client.delete("Ficha", name)
		self.assertFalse(frappe.db.exists("Ficha", name))

	# --- who creates which level ---------------------------------------------------------------

	def test_levels_each_role_may_create(self):
		red = {"doctype": "Ficha", "nivel": "Red", "periodo": self.abierto, "red": self.w.red_a1}
		region = {
			"doctype": "Ficha",
			"nivel": "Región",
			"periodo": self.abierto,
			"conglomerado": self.w.cong_a,
		}
		frappe.set_user(self.w.ger_a1)
		for values in (red, region):
			with self.assertRaises(frappe.PermissionError) as cm:
				frappe.get_doc(values).insert()
			self.assertIn("Su rol no permite registrar fichas de nivel", str(cm.exception))
			with self.assertRaises(frappe.PermissionError):
				frappe.client.insert(values)
		frappe.set_user(self.w.coord_a)
		with self.assertRaises(frappe.PermissionError) as cm:
			frappe.get_doc(region).insert()
		self.assertIn("Región", str(cm.exception))
		with self.assertRaises(frappe.PermissionError):  # Empresa fichas are entered by the Gerente
			frappe.get_doc(self.new(self.abierto)).insert()
		frappe.get_doc(red).insert()
		frappe.set_user(self.w.admin)
		frappe.get_doc(region).insert()

	def test_gerente_cannot_enter_fichas_of_other_networks(self):
		frappe.set_user(self.w.ger_a1)
		with self.assertRaises(frappe.PermissionError) as cm:
			frappe.get_doc(self.new(self.abierto, empresa=self.w.emp_a2[0])).insert()
		self.assertIn("no pertenece a ninguna de las redes a su cargo", str(cm.exception))
		# the refusal does not say which (competing) network the firm belongs to
		self.assertNotIn(self.w.red_a2, str(cm.exception))
		frappe.set_user(self.w.coord_a)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{"doctype": "Ficha", "nivel": "Red", "periodo": self.abierto, "red": self.w.red_b1}
			).insert()

	# --- subject links and title ---------------------------------------------------------------

	def test_empresa_ficha_takes_network_from_membership_on_reference_date(self):
		# The firm moved from red A1 to red B1 after the period's reference date.
		firm = make_empresa("Empresa Movida", self.w.red_a1, fecha_ingreso_red="2010-01-01")
		emp = frappe.get_doc("Empresa", firm)
		emp.red = self.w.red_b1
		emp.fecha_ingreso_red = nowdate()
		emp.save()
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc(self.new(self.abierto, empresa=firm, red=self.w.red_b1)).insert()
		self.assertEqual(doc.red, self.w.red_a1)
		self.assertEqual(doc.conglomerado, self.w.cong_a)
		self.assertEqual(doc.titulo, f"Empresa · {emp.razon_social} · {self.abierto}")
		frappe.set_user(self.w.ger_b1)  # today's gerente does not see the 2010-membership ficha
		self.assertFalse(frappe.has_permission("Ficha", "read", doc.name))

	def test_firm_without_membership_rows_uses_current_network(self):
		firm = make_empresa("Empresa Sin Historial", self.w.red_a1)
		frappe.db.delete("Red Miembro", {"empresa": firm})
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc(self.new(self.abierto, empresa=firm)).insert()
		self.assertEqual((doc.red, doc.conglomerado), (self.w.red_a1, self.w.cong_a))

	def test_red_and_region_links(self):
		frappe.set_user(self.w.coord_a)
		doc = frappe.get_doc(
			{
				"doctype": "Ficha",
				"nivel": "Red",
				"periodo": self.abierto,
				"red": self.w.red_a1,
				"empresa": self.w.emp_a1[0],
			}
		).insert()
		self.assertEqual((doc.empresa, doc.conglomerado), (None, self.w.cong_a))
		self.assertEqual(doc.titulo, f"Red · {self.w.red_a1} · {self.abierto}")

	# --- variables from the meta ---------------------------------------------------------------

	def test_variables_for_level(self):
		empresa = [df.fieldname for df in ficha_fields.variables_for_level("Empresa")]
		self.assertIn("ventas_brutas", empresa)
		self.assertIn("agrego_valor", empresa)
		self.assertNotIn("plan_mejora_red", empresa)
		self.assertNotIn("column_break_emp", empresa)
		red = [df.fieldname for df in ficha_fields.variables_for_level("Red")]
		self.assertIn("plan_mejora_red", red)
		self.assertNotIn("politica_publica_en_proceso", red)
		self.assertIn(
			"sistema_monitoreo_funcionando",
			[df.fieldname for df in ficha_fields.variables_for_level("Región")],
		)

	# --- quality hints ----------------------------------------------------------------------------

	def test_quality_hints(self):
		frappe.db.set_single_value("Configuracion SMEVIR", "umbral_variacion_ventas", 50)
		firm = self.w.emp_a1[0]
		previo = make_periodo("Entrada Previo", abierto=False, fecha_referencia="2011-12-31")
		name = make_ficha("Empresa", self.abierto, firm, "Enviada", ventas_brutas=300000)
		frappe.set_user(self.w.coord_a)
		codes = {h["code"] for h in quality_hints.quality_hints(name)}
		self.assertIn("sin_linea_base", codes)
		self.assertNotIn("variacion_ventas", codes)

		frappe.set_user("Administrator")
		lb = make_periodo("Entrada LB", tipo="Línea de Base", abierto=False, fecha_referencia="2010-06-30")
		make_ficha("Empresa", lb, firm, "Aprobada", ventas_brutas=90000)
		make_ficha("Empresa", previo, firm, "Aprobada", ventas_brutas=100000)
		frappe.set_user(self.w.coord_a)
		hints = quality_hints.quality_hints(name)
		codes = {h["code"] for h in hints}
		self.assertNotIn("sin_linea_base", codes)
		self.assertIn("variacion_ventas", codes)
		message = next(h["message"] for h in hints if h["code"] == "variacion_ventas")
		self.assertIn("+200.0%", message)
		self.assertIn(previo, message)
		# within the threshold: no warning
		frappe.set_user("Administrator")
		frappe.db.set_value("Ficha", name, "ventas_brutas", 120000)
		self.assertNotIn("variacion_ventas", {h["code"] for h in quality_hints.quality_hints(name)})

	# --- scheduled jobs ----------------------------------------------------------------------------

	def test_period_state_job_closes_windows(self):
		frappe.db.set_value("Periodo", self.cerrado, "estado", "Abierto")
		frappe.db.set_value("Periodo", self.abierto, "estado", "Programado")
		periods.update_period_states()
		self.assertEqual(frappe.db.get_value("Periodo", self.cerrado, "estado"), "Cerrado")
		self.assertEqual(frappe.db.get_value("Periodo", self.abierto, "estado"), "Abierto")

	def test_reminders_before_window_closes(self):
		frappe.db.set_single_value("Configuracion SMEVIR", "dias_recordatorio", 2)
		periodo = make_periodo("Entrada Recordatorio", abierto=True, fin_registro=add_days(nowdate(), 2))
		fecha = frappe.db.get_value("Periodo", periodo, "fecha_referencia")
		for e in membership.members_on(self.w.red_a1, fecha):
			make_ficha("Empresa", periodo, e, "Enviada")  # ger_a1 is done
		owed = membership.members_on(self.w.red_a2, fecha)
		for e in owed[1:]:
			make_ficha("Empresa", periodo, e, "Aprobada")  # ger_a2 still owes one
		frappe.db.delete("Notification Log", {"document_name": periodo})
		notifications.send_window_reminders()
		got = set(frappe.get_all("Notification Log", filters={"document_name": periodo}, pluck="for_user"))
		self.assertIn(self.w.ger_a2, got)
		self.assertNotIn(self.w.ger_a1, got)
		self.assertIn(self.w.coord_a, got)  # Red fichas of A1/A2 not sent
		subject = frappe.get_all(
			"Notification Log", filters={"document_name": periodo, "for_user": self.w.ger_a2}, pluck="subject"
		)[0]
		self.assertIn(f"{getdate(add_days(nowdate(), 2)):%d-%m-%Y}", subject)
		self.assertIn("1 ficha(s)", subject)
		# not on other days
		frappe.db.set_single_value("Configuracion SMEVIR", "dias_recordatorio", 5)
		frappe.db.delete("Notification Log", {"document_name": periodo})
		notifications.send_window_reminders()
		self.assertFalse(frappe.db.exists("Notification Log", {"document_name": periodo}))


class TestCustomVariable(FrappeTestCase):
	"""A variable added through Customize Form behaves like the built-in ones."""

	def setUp(self):
		self.w = ficha_world()
		self.periodo = make_periodo("Variable Custom", abierto=True)

	def tearDown(self):
		frappe.set_user("Administrator")
		for name in frappe.get_all("Ficha", filters={"periodo": self.periodo}, pluck="name"):
			frappe.delete_doc("Ficha", name, ignore_permissions=True, force=True)
		if frappe.db.exists("Custom Field", "Ficha-exporta_directamente"):
			frappe.delete_doc("Custom Field", "Ficha-exporta_directamente", ignore_permissions=True)
		frappe.clear_cache(doctype="Ficha")
		frappe.db.commit()  # nosemgrep: the custom field's DDL already committed; keep the site clean

	def test_custom_field_in_section_is_a_variable_and_is_protected(self):
		frappe.get_doc(
			{
				"doctype": "Custom Field",
				"dt": "Ficha",
				"fieldname": "exporta_directamente",
				"label": "Exporta directamente",
				"fieldtype": "Check",
				"insert_after": "nuevos_mercados",
				"depends_on": "eval:doc.nivel=='Empresa'",
			}
		).insert(ignore_permissions=True)
		frappe.clear_cache(doctype="Ficha")
		names = [df.fieldname for df in ficha_fields.variables_for_level("Empresa")]
		self.assertIn("exporta_directamente", names)
		self.assertNotIn(
			"exporta_directamente", [df.fieldname for df in ficha_fields.variables_for_level("Red")]
		)

		name = make_ficha("Empresa", self.periodo, self.w.emp_a1[0], "Aprobada")
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc("Ficha", name)
		doc.exporta_directamente = 1
		with self.assertRaises(frappe.PermissionError):
			doc.save()
