# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe

from redes_smevir.services import membership
from redes_smevir.tests.factories import (
	PREFIX,
	CommittedWorldTestCase,
	basic_world,
	make_empresa,
	make_red,
	next_ruc,
)
from redes_smevir.tests.utils import rest_post, sid_for


class TestEmpresa(CommittedWorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = basic_world()
		frappe.db.commit()  # nosemgrep: REST calls below run on their own connection

	def tearDown(self):
		frappe.set_user("Administrator")

	def new_firm(self, **values):
		return frappe.get_doc({"doctype": "Empresa", "razon_social": PREFIX + "Nueva", **values})

	def test_invalid_ruc_is_refused_naming_the_field(self):
		for bad, fragment in (
			("2010004721", "11 dígitos"),
			("30100047218", "10, 15, 17 o 20"),
			("20100047217", "dígito verificador"),
		):
			with self.assertRaises(frappe.ValidationError) as ctx:
				self.new_firm(ruc=bad).insert()
			self.assertIn("RUC", str(ctx.exception))
			self.assertIn(fragment, str(ctx.exception))
		self.assertFalse(frappe.db.exists("Empresa", {"razon_social": PREFIX + "Nueva"}))

	def test_ruc_is_normalised(self):
		ruc = next_ruc()
		doc = self.new_firm(ruc=f"{ruc[:2]}-{ruc[2:10]}-{ruc[10]}").insert()
		self.assertEqual(doc.ruc, ruc)

	def test_duplicate_ruc_is_refused_with_link_to_the_other_firm(self):
		existing = frappe.get_doc("Empresa", self.w.emp_a1[0])
		with self.assertRaises(frappe.DuplicateEntryError) as ctx:
			self.new_firm(ruc=existing.ruc).insert()
		self.assertIn("RUC", str(ctx.exception))
		self.assertIn(existing.name, str(ctx.exception))

	def test_invalid_ruc_over_rest_gets_spanish_message_and_writes_nothing(self):
		sid = sid_for(self.w.ger_a1)
		before = frappe.db.count("Empresa")
		response = rest_post(
			"api/resource/Empresa",
			sid,
			{"razon_social": PREFIX + "REST", "ruc": "20100047217", "red": self.w.red_a1},
		)
		self.assertEqual(response.status_code, 417)
		self.assertIn("dígito verificador", response.json["exception"])
		self.assertEqual(frappe.db.count("Empresa"), before)

	def test_small_firm_rule_warns_but_saves(self):
		doc = self.new_firm(ruc=next_ruc(), trabajadores=60, ventas_anuales_usd=900_000).insert()
		self.assertEqual(doc.es_pequena_empresa, 0)
		messages = " ".join(str(m) for m in frappe.message_log)
		self.assertIn("pequeña empresa", messages)
		doc2 = self.new_firm(
			razon_social=PREFIX + "Chica", ruc=next_ruc(), trabajadores=8, ventas_anuales_usd=100_000
		)
		doc2.insert()
		self.assertEqual(doc2.es_pequena_empresa, 1)

	def test_membership_history_follows_network_changes(self):
		red_x = make_red("Red Historia X", self.w.cong_a)
		red_y = make_red("Red Historia Y", self.w.cong_a)
		name = make_empresa("Empresa viajera", red_x, fecha_ingreso_red="2010-01-15")
		doc = frappe.get_doc("Empresa", name)
		doc.red = red_y
		doc.fecha_ingreso_red = "2010-10-01"
		doc.save()
		self.assertEqual(membership.network_of(name, "2010-05-01"), red_x)
		self.assertEqual(membership.network_of(name, "2010-10-01"), red_y)
		self.assertEqual(membership.network_of(name, "2009-12-31"), None)
		self.assertIn(name, membership.members_on(red_x, "2010-09-30"))
		self.assertNotIn(name, membership.members_on(red_x, "2010-10-01"))
		self.assertIn(name, membership.members_on(red_y, "2011-01-01"))
		rows = frappe.get_all(
			"Red Miembro",
			filters={"empresa": name},
			fields=["parent", "fecha_ingreso", "fecha_salida"],
			order_by="fecha_ingreso",
		)
		self.assertEqual([r.parent for r in rows], [red_x, red_y])
		self.assertEqual(str(rows[0].fecha_salida), "2010-10-01")
		self.assertIsNone(rows[1].fecha_salida)

	def test_overlapping_membership_rows_are_refused(self):
		red = frappe.get_doc("Red", self.w.red_a1)
		red.append("miembros", {"empresa": self.w.emp_a1[0], "fecha_ingreso": "2012-01-01"})
		with self.assertRaises(frappe.ValidationError) as ctx:
			red.save()
		self.assertIn("superpuestos", str(ctx.exception))
