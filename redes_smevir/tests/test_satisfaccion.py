# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Satisfacción fichas (the beneficiaries' survey) and the «Satisfacción» report.

A Satisfacción ficha is a Ficha of level ``Satisfacción``: same workflow (the Gerente enters and
sends it, the Coordinador UO approves it), same scope and guards as an Empresa ficha. The report
aggregates per network and per conglomerado and never shows a firm's answers to other networks.
"""

from __future__ import annotations

import frappe
from frappe.model.workflow import apply_workflow

from redes_smevir.services import progress, workflow_setup
from redes_smevir.tests.factories import (
	CommittedWorldTestCase,
	basic_world,
	make_empresa,
	make_ficha,
	make_periodo,
)
from redes_smevir.tests.utils import rest_get, rest_report, sid_for

SAT = "Satisfacción"


def answers(utilidad: int, satisfaccion: int, expectativas: str = "Sí", **extra) -> dict:
	return {
		"servicio_capacitacion": 1,
		"servicio_asistencia_tecnica": 1,
		"utilidad_servicios": utilidad,
		"satisfaccion_general": satisfaccion,
		"expectativas_cubiertas": expectativas,
		**extra,
	}


class TestSatisfaction(CommittedWorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		workflow_setup.ensure_workflow()
		cls.w = w = basic_world()
		cls.periodo = make_periodo("Satisfaccion", abierto=True)
		cls.a1 = [
			make_ficha(SAT, cls.periodo, w.emp_a1[0], "Aprobada", **answers(5, 4, sugerencias="Más ferias")),
			make_ficha(SAT, cls.periodo, w.emp_a1[1], "Aprobada", **answers(3, 4, "En parte")),
		]
		cls.a2 = [
			make_ficha(
				SAT, cls.periodo, w.emp_a2[0], "Aprobada", **answers(1, 2, "No", incremento_ingresos=1)
			),
			make_ficha(SAT, cls.periodo, w.emp_a2[1], "Aprobada", **answers(2, 2, "No")),
		]
		cls.b1 = make_ficha(SAT, cls.periodo, w.emp_b1[0], "Aprobada", **answers(4, 5))
		frappe.db.commit()  # nosemgrep: the HTTP requests run on another connection
		cls.sid_ger = sid_for(w.ger_a1)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def report(self, user: str, **filters) -> dict:
		from redes_smevir.redes_smevir.report.satisfacción import satisfacción as report

		frappe.set_user(user)
		_cols, data, *_rest = report.execute({"periodo": self.periodo, **filters})
		return {(d["conglomerado"], d["red"]): d for d in data}

	# --- the same workflow as an Empresa ficha -------------------------------------------------------

	def test_gerente_enters_and_sends_coordinator_approves(self):
		firm = make_empresa("Empresa A1-Sat", self.w.red_a1)
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc(
			{"doctype": "Ficha", "nivel": SAT, "periodo": self.periodo, "empresa": firm, **answers(4, 4)}
		).insert()
		self.assertEqual((doc.red, doc.conglomerado), (self.w.red_a1, self.w.cong_a))
		doc = apply_workflow(doc, "Enviar")
		self.assertEqual(doc.workflow_state, "Enviada")
		with self.assertRaises(frappe.ValidationError):
			apply_workflow(frappe.get_doc("Ficha", doc.name), "Aprobar")  # not the gerente's to approve
		frappe.set_user(self.w.coord_a)
		doc = apply_workflow(frappe.get_doc("Ficha", doc.name), "Aprobar")
		self.assertEqual(doc.workflow_state, "Aprobada")

	def test_another_gerente_cannot_answer_for_a_firm_outside_their_network(self):
		frappe.set_user(self.w.ger_a2)
		doc = frappe.get_doc(
			{
				"doctype": "Ficha",
				"nivel": SAT,
				"periodo": self.periodo,
				"empresa": self.w.emp_a1[0],
				**answers(1, 1),
			}
		)
		with self.assertRaises(frappe.PermissionError):
			doc.insert()

	def test_scores_outside_one_to_five_are_refused(self):
		firm = make_empresa("Empresa A1-Sat2", self.w.red_a1)
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc(
			{"doctype": "Ficha", "nivel": SAT, "periodo": self.periodo, "empresa": firm, **answers(9, 4)}
		)
		with self.assertRaises(frappe.ValidationError) as ctx:
			doc.insert()
		self.assertIn("de 1 a 5", str(ctx.exception))

	def test_one_survey_per_firm_and_period(self):
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc(
				{
					"doctype": "Ficha",
					"nivel": SAT,
					"periodo": self.periodo,
					"empresa": self.w.emp_a1[0],
					**answers(2, 2),
				}
			).insert(ignore_permissions=True)

	def test_surveys_are_not_expected_monitoring_fichas(self):
		rows = progress.fichas_progress([self.periodo], red=self.w.red_a1)
		row = next(r for r in rows if r.red == self.w.red_a1)
		self.assertEqual(row.registradas, 0)  # only the two Satisfacción fichas exist for Red A1

	# --- the report --------------------------------------------------------------------------------

	def test_coordinator_sees_each_network_and_the_conglomerado(self):
		rows = self.report(self.w.coord_a)
		a1 = rows[(self.w.cong_a, self.w.red_a1)]
		self.assertEqual(a1["respuestas"], 2)
		self.assertAlmostEqual(a1["utilidad"], 4)
		self.assertAlmostEqual(a1["satisfaccion"], 4)
		self.assertAlmostEqual(a1["expectativas_si"], 50)
		self.assertAlmostEqual(a1["servicio_capacitacion"], 100)
		total = rows[(self.w.cong_a, "Total del conglomerado")]
		self.assertEqual(total["respuestas"], 4)
		self.assertAlmostEqual(total["utilidad"], (5 + 3 + 1 + 2) / 4)
		self.assertAlmostEqual(total["incremento_ingresos"], 25)
		self.assertNotIn(self.w.cong_b, {c for c, _r in rows})

	def test_gerente_never_gets_other_networks_answers(self):
		rows = self.report(self.w.ger_a1)
		self.assertEqual(
			set(rows), {(self.w.cong_a, self.w.red_a1), (self.w.cong_a, "Total del conglomerado")}
		)
		total = rows[(self.w.cong_a, "Total del conglomerado")]
		# Only two answers from Red A2: the cluster total minus their own rows would reveal them.
		self.assertIsNone(total.get("respuestas"))
		self.assertIn("2 respuesta(s) de otras redes", total["nota"])
		with self.assertRaises(frappe.PermissionError):
			self.report(self.w.ger_a1, red=self.w.red_a2)

	def test_gerente_sees_the_cluster_aggregate_once_other_networks_have_enough_answers(self):
		third = make_empresa("Empresa A2-Sat3", self.w.red_a2)
		make_ficha(SAT, self.periodo, third, "Aprobada", **answers(3, 3))
		rows = self.report(self.w.ger_a1)
		total = rows[(self.w.cong_a, "Total del conglomerado")]
		self.assertEqual(total["respuestas"], 5)
		self.assertNotIn((self.w.cong_a, self.w.red_a2), rows)

	def test_gerente_over_http_reads_only_their_surveys(self):
		r = rest_get(
			"/api/resource/Ficha",
			self.sid_ger,
			{"filters": frappe.as_json([["nivel", "=", SAT]]), "fields": '["name","red","sugerencias"]'},
		)
		self.assertEqual(r.status_code, 200)
		self.assertEqual({d["red"] for d in r.json["data"]}, {self.w.red_a1})
		r = rest_get(f"/api/resource/Ficha/{self.a2[0]}", self.sid_ger)
		self.assertEqual(r.status_code, 403)
		r = rest_report("Satisfacción", self.sid_ger, {"periodo": self.periodo})
		self.assertEqual(r.status_code, 200)
		body = frappe.as_json(r.json["message"]["result"])
		self.assertNotIn(self.w.red_a2, body)
		self.assertNotIn("Más ferias", body)  # free texts never leave the ficha
