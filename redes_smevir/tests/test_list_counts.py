"""The Ficha list sidebar's «Asignado a» counts only the fichas the user sees (one scoped query)."""

from __future__ import annotations

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from redes_smevir.api import frappe_overrides
from redes_smevir.tests import factories as f


class TestAssignedToCounts(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = f.basic_world()
		cls.periodo = f.make_periodo("Lista Asignadas")
		cls.mine = f.make_ficha("Empresa", cls.periodo, cls.w.emp_a1[0])
		cls.other = f.make_ficha("Empresa", cls.periodo, cls.w.emp_b1[0])
		for ficha in (cls.mine, cls.other):
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": cls.w.admin,
					"reference_type": "Ficha",
					"reference_name": ficha,
					"description": "Revisar",
					"status": "Open",
				}
			).db_insert()

	def tearDown(self):
		frappe.set_user("Administrator")

	def counts(self, user: str) -> int:
		frappe.set_user(user)
		filters = json.dumps([["Ficha", "periodo", "=", self.periodo]])
		rows = frappe_overrides.get_group_by_count("Ficha", filters, "assigned_to")
		return sum(r["count"] for r in rows if r["name"] == self.w.admin)

	def test_each_role_counts_the_assignments_of_the_fichas_it_sees(self):
		self.assertEqual(self.counts(self.w.ger_a1), 1)  # not B1's ficha
		self.assertEqual(self.counts(self.w.coord_b), 1)
		self.assertEqual(self.counts(self.w.ger_a2), 0)
		self.assertEqual(self.counts(self.w.admin), 2)
