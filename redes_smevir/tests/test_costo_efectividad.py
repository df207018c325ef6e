# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""«Costo-Efectividad»: costs per network, per firm and per sol of additional sales.

Members' sales (baseline → period): Red A1 100 + 200 → 150 + 260 (+110), Red A2 300 + 400 →
330 + 480 (+110), Red B1 100 + 100 → 200 + 200 (+200). Costs: Conglomerado A 1,000 (600 of them
for Red A1), Conglomerado B 500. On plain Frappe the costs are ``Costo Programa`` records; where
ERPNext is installed, ``TestCostsFromErpnext`` posts a Journal Entry and reads its GL Entries.
"""

from __future__ import annotations

import unittest

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import nowdate

from redes_smevir.services import costs, workflow_setup
from redes_smevir.tests.factories import (
	CommittedWorldTestCase,
	basic_world,
	closed_baseline_and_final,
	make_ficha,
)
from redes_smevir.tests.utils import rest_get, rest_report, sid_for

SALES = {  # firm index within its network -> (baseline, period)
	"a1": [(100, 150), (200, 260)],
	"a2": [(300, 330), (400, 480)],
	"b1": [(100, 200), (100, 200)],
}


def load_sales(w, lb: str, final: str) -> None:
	for key, firms in (("a1", w.emp_a1), ("a2", w.emp_a2), ("b1", w.emp_b1)):
		for empresa, (before, after) in zip(firms, SALES[key], strict=True):
			make_ficha("Empresa", lb, empresa, "Aprobada", ventas_brutas=before)
			make_ficha("Empresa", final, empresa, "Aprobada", ventas_brutas=after)


def add_cost(conglomerado: str, monto: float, red: str | None = None, fecha: str = "2020-06-30") -> str:
	doc = frappe.get_doc(
		{
			"doctype": costs.COSTO,
			"conglomerado": conglomerado,
			"red": red,
			"fecha": fecha,
			"concepto": "_T costo",
			"monto": monto,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def run(**filters):
	from redes_smevir.redes_smevir.report.costo_efectividad import costo_efectividad

	return costo_efectividad.execute(filters)


class TestCostEffectiveness(CommittedWorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		workflow_setup.ensure_workflow()
		cls.w = w = basic_world()
		cls.lb, cls.final = closed_baseline_and_final("Costos")
		load_sales(w, cls.lb, cls.final)
		cls.costs = [
			add_cost(w.cong_a, 600, w.red_a1),
			add_cost(w.cong_a, 400),
			add_cost(w.cong_b, 500),
			add_cost(w.cong_b, 9999, fecha="2022-01-01"),  # after the period: not counted
		]
		frappe.db.commit()  # nosemgrep: the HTTP requests run on another connection
		cls.sid_ger = sid_for(w.ger_a1)
		cls.sid_coord_a = sid_for(w.coord_a)

	@classmethod
	def cleanup(cls):
		frappe.db.delete(costs.COSTO, {"concepto": "_T costo"})

	def setUp(self):
		if costs.cost_source() != costs.FUENTE_SMEVIR:
			self.skipTest("this site has ERPNext ledger links: costs come from GL Entries")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def rows(self, **filters):
		_cols, data, msg, _chart, summary = run(periodo=self.final, **filters)
		return {(d["conglomerado"], d["red"]): d for d in data}, msg, summary

	def test_cost_per_network_firm_and_sol_of_additional_sales(self):
		rows, msg, _summary = self.rows()
		a = rows[(self.w.cong_a, "")]
		self.assertEqual((a["costo"], a["redes"], a["empresas"], a["ventas_adicionales"]), (1000, 2, 4, 220))
		self.assertEqual((a["costo_por_red"], a["costo_por_empresa"]), (500, 250))
		self.assertAlmostEqual(a["costo_por_sol"], 1000 / 220)
		self.assertAlmostEqual(a["ventas_por_sol"], 220 / 1000)
		a1 = rows[(self.w.cong_a, self.w.red_a1)]
		self.assertEqual((a1["costo"], a1["empresas"], a1["ventas_adicionales"]), (600, 2, 110))
		self.assertEqual(a1["costo_por_empresa"], 300)
		self.assertAlmostEqual(a1["costo_por_sol"], 600 / 110)
		b = rows[(self.w.cong_b, "")]
		self.assertEqual((b["costo"], b["ventas_adicionales"], b["costo_por_empresa"]), (500, 200, 250))
		self.assertAlmostEqual(b["costo_por_sol"], 2.5)
		self.assertIn("costos registrados en SMEVIR", msg)

	def test_date_range_filters_the_costs(self):
		rows, _msg, _summary = self.rows(conglomerado=self.w.cong_b, hasta="2022-12-31")
		self.assertEqual(rows[(self.w.cong_b, "")]["costo"], 500 + 9999)
		with self.assertRaises(frappe.ValidationError):
			self.rows(desde="2021-01-01", hasta="2020-01-01")

	def test_coordinator_sees_only_their_conglomerado(self):
		frappe.set_user(self.w.coord_a)
		rows, _msg, _summary = self.rows()
		self.assertEqual({c for c, _r in rows}, {self.w.cong_a})

	def test_cost_of_a_network_belongs_to_its_conglomerado(self):
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{
					"doctype": costs.COSTO,
					"conglomerado": self.w.cong_b,
					"red": self.w.red_a1,
					"fecha": "2020-06-30",
					"concepto": "_T costo",
					"monto": 1,
				}
			).insert(ignore_permissions=True)
		with self.assertRaises(frappe.ValidationError):
			add_cost(self.w.cong_a, 0)

	def test_gerente_has_no_access_to_costs_over_http(self):
		r = rest_get(f"/api/resource/{costs.COSTO}", self.sid_ger)
		self.assertEqual(r.status_code, 403)
		r = rest_get(f"/api/resource/{costs.COSTO}/{self.costs[0]}", self.sid_ger)
		self.assertEqual(r.status_code, 403)
		r = rest_report("Costo-Efectividad", self.sid_ger, {"periodo": self.final})
		self.assertEqual(r.status_code, 403)

	def test_coordinator_reads_only_their_costs_over_http(self):
		r = rest_get(
			f"/api/resource/{costs.COSTO}",
			self.sid_coord_a,
			{"fields": '["name","conglomerado"]', "limit_page_length": 0},
		)
		self.assertEqual(r.status_code, 200)
		self.assertEqual({d["conglomerado"] for d in r.json["data"]}, {self.w.cong_a})
		r = rest_get(f"/api/resource/{costs.COSTO}/{self.costs[2]}", self.sid_coord_a)
		self.assertEqual(r.status_code, 403)
		r = rest_get(f"/api/resource/{costs.VINCULO}", self.sid_coord_a)
		self.assertEqual(r.status_code, 200)


@unittest.skipUnless("erpnext" in frappe.get_installed_apps(), "ERPNext is not installed on this site")
class TestCostsFromErpnext(FrappeTestCase):
	"""On an ERPNext site: a Journal Entry on a cost center becomes the conglomerado's cost."""

	def setUp(self):
		frappe.set_user("Administrator")
		if not frappe.get_all("Company", limit=1):
			from redes_smevir.services import desk_setup

			desk_setup.complete_setup_wizard()
		self.company = frappe.get_all("Company", pluck="name", limit=1)[0]
		self.w = basic_world()
		self.lb, self.final = closed_baseline_and_final("Costos ERP")
		load_sales(self.w, self.lb, self.final)
		root = frappe.db.get_value("Cost Center", {"company": self.company, "is_group": 1}, "name")
		self.cost_center = (
			frappe.get_doc(
				{
					"doctype": "Cost Center",
					"cost_center_name": "_T SMEVIR Gamarra",
					"parent_cost_center": root,
					"company": self.company,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		# a plain expense account (not a stock or tax one, which ERPNext reserves for its own entries)
		self.expense = next(
			a.name
			for a in frappe.get_all(
				"Account",
				filters={"company": self.company, "root_type": "Expense", "is_group": 0},
				fields=["name", "account_type"],
				order_by="name asc",
			)
			if a.account_type in (None, "", "Expense Account")
		)
		self.cash = frappe.db.get_value(
			"Account", {"company": self.company, "account_type": "Cash", "is_group": 0}, "name"
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def journal_entry(self, amount: float, submit: bool = True):
		je = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"company": self.company,
				"posting_date": nowdate(),
				"accounts": [
					{
						"account": self.expense,
						"debit_in_account_currency": amount,
						"cost_center": self.cost_center,
					},
					{
						"account": self.cash,
						"credit_in_account_currency": amount,
						"cost_center": self.cost_center,
					},
				],
			}
		)
		je.insert(ignore_permissions=True)
		if submit:
			je.submit()
		return je

	def test_costs_come_from_submitted_gl_entries_of_the_linked_cost_center(self):
		self.journal_entry(750)
		self.journal_entry(100).cancel()  # cancelled: its GL Entries do not count
		self.journal_entry(55, submit=False)  # draft: no GL Entry at all
		add_cost(self.w.cong_a, 123456)  # manual costs are not used once the ledger is linked
		frappe.get_doc(
			{
				"doctype": costs.VINCULO,
				"conglomerado": self.w.cong_a,
				"company": self.company,
				"cost_center": self.cost_center,
				"cuentas": self.expense,
			}
		).insert(ignore_permissions=True)
		self.assertEqual(costs.cost_source(), costs.FUENTE_ERPNEXT)
		_cols, data, msg, _chart, _summary = run(
			periodo=self.final, conglomerado=self.w.cong_a, hasta=nowdate()
		)
		row = next(d for d in data if d["red"] == "")
		self.assertEqual(row["costo"], 750)
		self.assertEqual(row["ventas_adicionales"], 220)
		self.assertAlmostEqual(row["costo_por_sol"], 750 / 220)
		self.assertIn("ERPNext", msg)

	def test_link_names_must_exist_in_erpnext(self):
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{
					"doctype": costs.VINCULO,
					"conglomerado": self.w.cong_a,
					"cost_center": "No existe - X",
					"cuentas": self.expense,
				}
			).insert(ignore_permissions=True)
