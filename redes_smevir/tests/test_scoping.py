"""Row-level scoping on every path a user can take: list, form, get_list, REST, report view, link search."""

import frappe
from frappe.desk.reportview import get as reportview_get
from frappe.desk.search import search_link

from redes_smevir.services import scoping
from redes_smevir.tests.factories import PREFIX, CommittedWorldTestCase, basic_world
from redes_smevir.tests.utils import rest_get, sid_for


def _names(rows):
	return {r["name"] if isinstance(r, dict) else r[0] for r in rows}


class TestScoping(CommittedWorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = basic_world()
		# REST calls run on their own connection: the scenario must be committed.
		frappe.db.commit()  # nosemgrep

	def tearDown(self):
		frappe.set_user("Administrator")

	def my_firms(self, user):
		frappe.set_user(user)
		return set(frappe.get_list("Empresa", filters={"razon_social": ("like", f"{PREFIX}%")}, pluck="name"))

	def test_gerente_sees_only_own_network_firms_in_get_list(self):
		self.assertEqual(self.my_firms(self.w.ger_a1), set(self.w.emp_a1))
		self.assertEqual(self.my_firms(self.w.ger_b1), set(self.w.emp_b1))

	def test_coordinador_sees_whole_conglomerado(self):
		self.assertEqual(self.my_firms(self.w.coord_a), set(self.w.emp_a1 + self.w.emp_a2))
		frappe.set_user(self.w.coord_a)
		redes = set(frappe.get_list("Red", filters={"name": ("like", f"{PREFIX}%")}, pluck="name"))
		self.assertEqual(redes, {self.w.red_a1, self.w.red_a2})
		congl = set(frappe.get_list("Conglomerado", filters={"name": ("like", f"{PREFIX}%")}, pluck="name"))
		self.assertEqual(congl, {self.w.cong_a})

	def test_admin_sees_everything(self):
		self.assertEqual(self.my_firms(self.w.admin), set(self.w.emp_a1 + self.w.emp_a2 + self.w.emp_b1))

	def test_list_view_and_report_view_are_scoped(self):
		frappe.set_user(self.w.ger_a1)
		frappe.local.form_dict = frappe._dict(
			doctype="Empresa",
			fields=["`tabEmpresa`.`name`"],
			filters=[["Empresa", "razon_social", "like", f"{PREFIX}%"]],
			view="Report",
		)
		result = reportview_get()
		names = {row[0] for row in result["values"]} if result else set()
		self.assertEqual(names, set(self.w.emp_a1))

	def test_form_of_another_network_is_refused(self):
		frappe.set_user(self.w.ger_a1)
		other = frappe.get_doc("Empresa", self.w.emp_b1[0])
		self.assertFalse(frappe.has_permission("Empresa", "read", other))
		self.assertTrue(frappe.has_permission("Empresa", "read", frappe.get_doc("Empresa", self.w.emp_a1[0])))
		from frappe.desk.form.load import getdoc

		with self.assertRaises(frappe.PermissionError):
			getdoc("Empresa", self.w.emp_b1[0])

	def test_link_search_is_scoped(self):
		frappe.set_user(self.w.ger_a1)
		results = search_link("Empresa", PREFIX.strip(), page_length=50)
		self.assertEqual({r["value"] for r in results}, set(self.w.emp_a1))
		results = search_link("Red", PREFIX.strip(), page_length=50)
		self.assertEqual({r["value"] for r in results}, {self.w.red_a1})

	def test_rest_resource_list_and_document(self):
		sid = sid_for(self.w.ger_a1)
		response = rest_get(
			"api/resource/Empresa",
			sid,
			{"filters": frappe.as_json([["razon_social", "like", f"{PREFIX}%"]]), "limit_page_length": 100},
		)
		self.assertEqual(response.status_code, 200)
		self.assertEqual({r["name"] for r in response.json["data"]}, set(self.w.emp_a1))
		response = rest_get(f"api/resource/Empresa/{self.w.emp_b1[0]}", sid)
		self.assertEqual(response.status_code, 403)
		response = rest_get(f"api/resource/Empresa/{self.w.emp_a1[0]}", sid)
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["data"]["red"], self.w.red_a1)

	def test_changing_gerente_moves_access_at_once(self):
		red = frappe.get_doc("Red", self.w.red_a2)
		red.gerente = self.w.ger_a1
		red.save()
		self.assertEqual(self.my_firms(self.w.ger_a1), set(self.w.emp_a1 + self.w.emp_a2))
		self.assertEqual(self.my_firms(self.w.ger_a2), set())
		frappe.set_user("Administrator")
		red.reload()
		red.gerente = self.w.ger_a2
		red.save()
		self.assertEqual(self.my_firms(self.w.ger_a1), set(self.w.emp_a1))

	def test_gerente_cannot_register_firm_in_another_network(self):
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc({"doctype": "Empresa", "razon_social": PREFIX + "Intrusa", "red": self.w.red_b1})
		with self.assertRaises(frappe.PermissionError) as ctx:
			doc.insert()
		self.assertIn("no está a su cargo", str(ctx.exception))

	def test_gerente_cannot_edit_firm_of_another_network(self):
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc("Empresa", self.w.emp_a1[0])
		doc.red = self.w.red_b1
		with self.assertRaises(frappe.PermissionError):
			doc.save()

	def test_workflow_action_inbox_is_scoped(self):
		from redes_smevir.tests.factories import make_ficha, make_periodo

		periodo = make_periodo("Periodo bandeja")
		mine = make_ficha("Empresa", periodo, self.w.emp_a1[0], "Observada")
		other = make_ficha("Empresa", periodo, self.w.emp_b1[0], "Observada")
		for name in (mine, other):
			action = frappe.get_doc(
				{
					"doctype": "Workflow Action",
					"reference_doctype": "Ficha",
					"reference_name": name,
					"workflow_state": "Observada",
					"status": "Open",
					"permitted_roles": [{"role": "Gerente de Red"}],
				}
			)
			action.insert(ignore_permissions=True)
		frappe.set_user(self.w.ger_a1)
		visible = set(
			frappe.get_list(
				"Workflow Action", filters={"reference_name": ("in", [mine, other])}, pluck="reference_name"
			)
		)
		self.assertEqual(visible, {mine})

	def test_user_without_smevir_scope_roles_sees_nothing_scoped(self):
		self.assertEqual(scoping.visible_redes("Administrator"), None)
		self.assertEqual(scoping.visible_redes(self.w.ger_a1), [self.w.red_a1])
		self.assertEqual(scoping.visible_conglomerados(self.w.ger_a1), [self.w.cong_a])
