"""The demo's «Medición Final 2011» shows, in the Marco Lógico, every result the seed publishes.

Each figure below is copied from the seed (final evaluation report), not from the demo: the table
«INDICADORES AL FINAL DEL PROYECTO» (Componente 1, column Resultado), the sales-increase tables,
the conclusions on added value and innovation, and the Components 2–4 results.
"""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from redes_smevir.services import demo

# (indicator, conglomerado or None = total) -> (seed's figure, where the seed says it)
SEED = {
	("C1-11", "Gamarra"): (11, "Redes ... de Gamarra llevan a cabo negocios sostenibles ...: 8 → 11"),
	("C1-11", "Cusco"): (9, "Redes ... de turismo en Cusco llevan a cabo negocios sostenibles ...: 8 → 9"),
	("C1-07", "Gamarra"): (40, "Empresas articuladas en 8 redes ... de Gamarra ejecutan sus planes: 24 → 40"),
	("C1-07", "Cusco"): (40, "Empresas articuladas en 8 Redes ... de Cusco ejecutan sus planes: 32 → 40"),
	("C1-09", None): (
		20,
		"Redes ... capacitación ... y participan en eventos de promoción comercial: 16 → 20",
	),
	("C1-04", None): (20, "Redes empresariales cuentan con planes de mejora por Red: 16 → 20"),
	("C1-05", None): (20, "Redes empresariales han ejecutado sus proyectos piloto: 16 → 20"),
	("C1-12", None): (4, "Organismos públicos aliados ... han aplicado la metodología: 02 → 04"),
	("PROP-01", "Gamarra"): (42.84, "PROMEDIO X RED (Gamarra) 42.84%"),
	("PROP-01", "Cusco"): (83.93, "PROMEDIO X RED (Cusco) 83.93%"),
	("PROP-01", None): (59.76, "Promedio General 59.76%"),
	("PROP-02", None): (100, "La totalidad de empresas ... han agregado valor"),
	("PROP-03", None): (100, "El 100% de las empresas ... han realizado innovaciones"),
	("C2-01", "Gamarra"): (1, "Red de Empresarios de Gamarra: propuestas de mejora del entorno en marcha"),
	("C2-01", "Cusco"): (1, "Red de Redes de Cusco / plataforma de acción: política de mejora en marcha"),
	("C3-01", "Gamarra"): (1, "Guía para eventos comerciales y video de Gamarra: estrategia documentada"),
	("C3-01", "Cusco"): (1, "Video de Cusco y manuales APOMIPE: estrategia documentada y difundida"),
	("C4-01", None): (1, "Se cuenta con un Sistema de Monitoreo validado que funciona vía web"),
}


class TestDemoSeedResults(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		demo.load(verbose=False)  # idempotent; commits (one-off loader)

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def marco_logico_rows(self) -> dict:
		from redes_smevir.redes_smevir.report.marco_lógico import marco_lógico as report

		_cols, data, *_rest = report.execute({"periodo": demo.FINAL})
		return {(d["codigo"], None if d.get("es_total") else d["conglomerado"]): d for d in data}

	def test_every_published_result_in_the_marco_logico(self):
		rows = self.marco_logico_rows()
		# Other test classes may leave conglomerados of their own: totals only on a demo-only view.
		only_demo = set(frappe.get_all("Conglomerado", pluck="name")) == set(demo.CONGLOMERADOS)
		for (codigo, congl), (figure, said) in SEED.items():
			if congl is None and not only_demo:
				continue
			with self.subTest(codigo=codigo, conglomerado=congl or "Total", seed=said):
				row = rows[(codigo, congl)]
				self.assertEqual(row["periodo"], demo.FINAL)
				self.assertAlmostEqual(row["valor"], figure, places=2)

	def test_per_conglomerado_results_add_up_to_the_seed_totals(self):
		# Networks trained, with an improvement plan, with a pilot: 11 in Gamarra and 9 in Cusco.
		rows = self.marco_logico_rows()
		for codigo in ("C1-04", "C1-05", "C1-09", "C1-11"):
			with self.subTest(codigo=codigo):
				self.assertEqual(rows[(codigo, "Gamarra")]["valor"], 11)
				self.assertEqual(rows[(codigo, "Cusco")]["valor"], 9)
		self.assertEqual(rows[("C1-12", "Gamarra")]["valor"] + rows[("C1-12", "Cusco")]["valor"], 4)

	def test_coordinator_sees_the_results_of_their_conglomerado_only(self):
		frappe.set_user("coordinador.cusco@smevir.demo")
		rows = self.marco_logico_rows()
		self.assertEqual(rows[("C1-07", "Cusco")]["valor"], 40)
		self.assertEqual(rows[("C1-11", "Cusco")]["valor"], 9)
		self.assertNotIn(("C1-07", "Gamarra"), rows)
