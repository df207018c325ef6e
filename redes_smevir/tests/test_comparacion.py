# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Comparison group and the «Impacto» report: who registers comparison firms, that they never enter
the monitoring, the difference in differences with its interval, and confidentiality over HTTP.

Conglomerado A: five member firms (Red A1 and A2) and five comparison firms; Conglomerado B: two
members and one comparison firm. Members' sales change by 50, 60, 30, 80 and 60 (mean 56), the
comparison firms' by 10, 20, 0, 20 and 30 (mean 16): the effect is 56 − 16 = 40 per firm.
"""

from __future__ import annotations

import frappe

from redes_smevir.domain import evaluation as ev
from redes_smevir.services import comparison, workflow_setup
from redes_smevir.tests.factories import (
	PREFIX,
	CommittedWorldTestCase,
	basic_world,
	closed_baseline_and_final,
	make_empresa,
	make_ficha,
)
from redes_smevir.tests.utils import rest_get, rest_report, sid_for

MEMBERS = [(100, 150), (200, 260), (300, 330), (400, 480), (500, 560)]
COMPARISON = [(100, 110), (200, 220), (300, 300), (400, 420), (500, 530)]


def make_comparison_firm(razon_social: str, conglomerado: str) -> str:
	return make_empresa(razon_social, None, grupo_comparacion=1, conglomerado=conglomerado)


def comparison_ficha(empresa: str, periodo: str, ventas: float) -> str:
	doc = frappe.get_doc(
		{
			"doctype": comparison.FICHA_COMPARACION,
			"empresa": empresa,
			"periodo": periodo,
			"ventas_brutas": ventas,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


class TestComparisonGroup(CommittedWorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		workflow_setup.ensure_workflow()
		cls.w = w = basic_world()
		cls.lb, cls.final = closed_baseline_and_final("Impacto")
		members_a = [*w.emp_a1, *w.emp_a2, make_empresa("Empresa A1-3", w.red_a1)]
		for empresa, (before, after) in zip(members_a, MEMBERS, strict=True):
			make_ficha("Empresa", cls.lb, empresa, "Aprobada", ventas_brutas=before)
			make_ficha("Empresa", cls.final, empresa, "Aprobada", ventas_brutas=after)
		for empresa in w.emp_b1:
			make_ficha("Empresa", cls.lb, empresa, "Aprobada", ventas_brutas=100)
			make_ficha("Empresa", cls.final, empresa, "Aprobada", ventas_brutas=200)
		cls.comp_a = [make_comparison_firm(f"Comparación A-{i}", w.cong_a) for i in range(5)]
		cls.fichas_a = []
		for empresa, (before, after) in zip(cls.comp_a, COMPARISON, strict=True):
			cls.fichas_a.append(comparison_ficha(empresa, cls.lb, before))
			comparison_ficha(empresa, cls.final, after)
		cls.comp_b = make_comparison_firm("Comparación B-1", w.cong_b)
		cls.ficha_b = comparison_ficha(cls.comp_b, cls.lb, 100)
		comparison_ficha(cls.comp_b, cls.final, 120)
		frappe.db.commit()  # nosemgrep: the HTTP requests run on another connection
		cls.sid_ger = sid_for(w.ger_a1)
		cls.sid_coord_a = sid_for(w.coord_a)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def report(self, **filters):
		from redes_smevir.redes_smevir.report.impacto import impacto

		_cols, data, msg, _chart, summary = impacto.execute({"periodo": self.final, **filters})
		return {d["conglomerado"]: d for d in data}, msg, summary

	# --- the estimate ------------------------------------------------------------------------------

	def test_difference_in_differences_per_conglomerado_with_interval(self):
		rows, msg, _summary = self.report(conglomerado=self.w.cong_a)
		row = rows[self.w.cong_a]
		expected = ev.difference_in_differences(MEMBERS, COMPARISON)
		self.assertEqual((row["n_miembros"], row["n_comparacion"]), (5, 5))
		self.assertEqual(row["cambio_miembros"], 56)
		self.assertEqual(row["cambio_comparacion"], 16)
		self.assertEqual(row["estimado"], 40)
		self.assertAlmostEqual(row["estimado_pct"], 40 / 300 * 100)
		self.assertEqual(
			(row["ic_inferior"], row["ic_superior"]), (expected.ic_inferior, expected.ic_superior)
		)
		self.assertIn("por encima de cero", row["nota"])
		self.assertIn("bootstrap", msg)

	def test_says_plainly_when_the_comparison_group_is_too_small(self):
		frappe.db.delete(comparison.FICHA_COMPARACION, {"name": ("in", self.fichas_a[:2])})
		rows, _msg, summary = self.report(conglomerado=self.w.cong_a)
		row = rows[self.w.cong_a]
		self.assertIsNone(row["estimado"])
		self.assertIsNone(row["ic_inferior"])
		self.assertIn("El grupo de comparación es demasiado pequeño: 3 empresa(s)", row["nota"])
		self.assertIn("al menos 5", row["nota"])
		self.assertIn("Sin estimación", [s["value"] for s in summary])

	def test_no_comparison_group_at_all(self):
		frappe.db.delete(comparison.FICHA_COMPARACION, {"empresa": ("in", self.comp_a)})
		rows, _msg, _summary = self.report(conglomerado=self.w.cong_a)
		self.assertIn("No hay grupo de comparación", rows[self.w.cong_a]["nota"])

	def test_coordinator_sees_only_their_conglomerado(self):
		frappe.set_user(self.w.coord_b)
		rows, _msg, _summary = self.report()
		self.assertEqual(set(rows), {self.w.cong_b})
		self.assertEqual((rows[self.w.cong_b]["n_miembros"], rows[self.w.cong_b]["n_comparacion"]), (2, 1))
		with self.assertRaises(frappe.PermissionError):
			self.report(conglomerado=self.w.cong_a)

	# --- comparison firms stay outside the monitoring ----------------------------------------------

	def test_only_the_administrator_registers_comparison_firms(self):
		frappe.set_user(self.w.coord_a)
		doc = frappe.get_doc(
			{
				"doctype": "Empresa",
				"razon_social": PREFIX + "Comparación por coordinador",
				"grupo_comparacion": 1,
				"conglomerado": self.w.cong_a,
			}
		)
		with self.assertRaises(frappe.PermissionError):
			doc.insert()
		self.assertFalse(
			frappe.db.exists("Empresa", {"razon_social": PREFIX + "Comparación por coordinador"})
		)

	def test_a_comparison_firm_cannot_join_a_network_or_get_a_monitoring_ficha(self):
		doc = frappe.get_doc("Empresa", self.comp_a[0])
		doc.red = self.w.red_a1
		with self.assertRaises(frappe.ValidationError) as ctx:
			doc.save(ignore_permissions=True)
		self.assertIn("no puede ser miembro de una red", str(ctx.exception))
		red = frappe.get_doc("Red", self.w.red_a1)
		red.append("miembros", {"empresa": self.comp_a[0], "fecha_ingreso": "2020-01-01"})
		with self.assertRaises(frappe.ValidationError):
			red.save(ignore_permissions=True)
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_ficha("Empresa", self.final, self.comp_a[0], "Aprobada", ventas_brutas=1)
		self.assertIn("es del grupo de comparación", str(ctx.exception))

	def test_comparison_fichas_never_count_in_the_monitoring(self):
		from redes_smevir.services import marco_logico

		ml = marco_logico.marco_logico(periodos=[self.final], conglomerado=self.w.cong_a, codigos=["C1-07"])
		self.assertEqual(ml.fichas, 5)  # the five members' fichas only, none of the comparison firms
		c107 = next(r for r in ml.rows if r.conglomerado == self.w.cong_a)
		self.assertEqual(c107.fichas, 5)
		self.assertFalse(frappe.db.exists("Ficha", {"empresa": ("in", self.comp_a)}))

	def test_one_comparison_ficha_per_firm_and_period(self):
		with self.assertRaises(frappe.DuplicateEntryError):
			comparison_ficha(self.comp_a[0], self.lb, 1)

	# --- over HTTP ---------------------------------------------------------------------------------

	def test_gerente_sees_no_comparison_data_over_http(self):
		r = rest_get("/api/resource/Ficha Comparacion", self.sid_ger, {"fields": '["name","ventas_brutas"]'})
		self.assertIn(r.status_code, (200, 403))
		if r.status_code == 200:
			self.assertEqual(r.json["data"], [])
		r = rest_get(f"/api/resource/Ficha Comparacion/{self.fichas_a[0]}", self.sid_ger)
		self.assertEqual(r.status_code, 403)
		r = rest_get("/api/method/frappe.client.get_count", self.sid_ger, {"doctype": "Ficha Comparacion"})
		self.assertIn(r.status_code, (200, 403))
		if r.status_code == 200:
			self.assertEqual(r.json["message"], 0)
		r = rest_get(f"/api/resource/Empresa/{self.comp_a[0]}", self.sid_ger)
		self.assertEqual(r.status_code, 403)
		r = rest_report("Impacto", self.sid_ger, {"periodo": self.final})
		self.assertEqual(r.status_code, 403)

	def test_coordinator_reads_their_conglomerados_comparison_fichas_only(self):
		r = rest_get(
			"/api/resource/Ficha Comparacion",
			self.sid_coord_a,
			{"fields": '["name","conglomerado"]', "limit_page_length": 0},
		)
		self.assertEqual(r.status_code, 200)
		self.assertEqual({d["conglomerado"] for d in r.json["data"]}, {self.w.cong_a})
		self.assertEqual(len(r.json["data"]), 10)
		r = rest_get(f"/api/resource/Ficha Comparacion/{self.ficha_b}", self.sid_coord_a)
		self.assertEqual(r.status_code, 403)
		r = rest_get(
			"/api/method/frappe.client.get_count", self.sid_coord_a, {"doctype": "Ficha Comparacion"}
		)
		self.assertEqual(r.json["message"], 10)
		r = rest_report("Impacto", self.sid_coord_a, {"periodo": self.final})
		self.assertEqual(r.status_code, 200)
		self.assertNotIn(self.w.cong_b, frappe.as_json(r.json["message"]["result"]))
