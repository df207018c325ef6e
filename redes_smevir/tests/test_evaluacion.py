"""Uncertainty beside the averages and projection to the metas, in the reports (integration).

The numbers are checked against the pure statistics of ``domain/evaluation`` over the seed's
published values (those are unit-tested against hand and numpy computations in ``tests/``).
"""

from __future__ import annotations

import random
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, getdate, nowdate

from redes_smevir.domain import evaluation as ev
from redes_smevir.services import demo, evaluation
from redes_smevir.tests import factories as f
from redes_smevir.tests.test_demo_incremento_ventas import published


def run(report: str, **filters):
	module = frappe.get_module(f"redes_smevir.redes_smevir.report.{report}.{report}")
	return module.execute(filters)


class TestRememberedInterval(FrappeTestCase):
	def test_a_remembered_interval_is_the_computed_one_and_follows_the_values(self):
		offset = random.random()  # a set of values no earlier run has remembered
		values = [offset + (i % 17) * 1.5 + i / 100 for i in range(80)]
		changed = [*values[:-1], 999.0]
		real = ev.bootstrap_mean_ci
		calls = []

		def counting(*args, **kwargs):
			calls.append(1)
			return real(*args, **kwargs)

		args = (ev.LEVEL, ev.RESAMPLES, ev.SEED)
		with patch.object(ev, "bootstrap_mean_ci", counting):
			first = evaluation.remembered_interval(values, *args)
			again = evaluation.remembered_interval(list(reversed(values)), *args)  # order does not matter
			other = evaluation.remembered_interval(changed, *args)
		self.assertEqual(first, real(values, *args))
		self.assertEqual(again, first)
		self.assertEqual(len(calls), 2)  # the same values again: not computed a second time
		self.assertEqual(other, real(changed, *args))  # new values: a new interval, never a stale one
		self.assertNotEqual(other, first)
		summary = evaluation.describe(values, None)
		self.assertEqual((summary.ic_inferior, summary.ic_superior), first)


class TestUncertaintyOnTheDemo(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		demo.load(verbose=False)  # idempotent; commits (one-off loader)
		pub = published()
		cls.gamarra = [v for r, v in pub.items() if demo.networks()[r]["conglomerado"] == "Gamarra"]
		cls.cusco = [v for r, v in pub.items() if demo.networks()[r]["conglomerado"] == "Cusco"]

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_sales_report_shows_median_iqr_interval_and_share_reaching_the_meta(self):
		_cols, data, _msg, _chart, summary = run("incremento_de_ventas_por_red", periodo=demo.FINAL)
		rows = {d["red"]: d for d in data if d.get("bold")}
		for label, values in (
			("Promedio Gamarra (10 redes)", self.gamarra),
			("Promedio Cusco (7 redes)", self.cusco),
			("Promedio general (17 redes)", self.gamarra + self.cusco),
		):
			with self.subTest(label=label):
				row = rows[label]
				expected = ev.describe(values, meta=10)
				self.assertAlmostEqual(row["mediana"], expected.mediana, places=2)
				self.assertAlmostEqual(row["q1"], expected.q1, places=2)
				self.assertAlmostEqual(row["q3"], expected.q3, places=2)
				self.assertAlmostEqual(row["ic_inferior"], expected.ic_inferior, places=2)
				self.assertAlmostEqual(row["ic_superior"], expected.ic_superior, places=2)
				self.assertAlmostEqual(row["pct_alcanza_meta"], expected.pct_alcanza_meta, places=2)
				self.assertTrue(row["ic_inferior"] < row["incremento"] < row["ic_superior"])
		general = rows["Promedio general (17 redes)"]
		self.assertAlmostEqual(general["mediana"], 59.70, places=2)  # the 9th of the 17 networks
		self.assertAlmostEqual(general["pct_alcanza_meta"], 100 * 16 / 17, places=2)  # ESSENCE MOD below 10 %
		labels = {s["label"] for s in summary}
		self.assertIn("IC 95 % del promedio general (17 redes)", labels)
		self.assertIn("Redes que alcanzan la meta de 10 %", labels)
		# Same data, same interval: the bootstrap is seeded
		_c, again, *_r = run("incremento_de_ventas_por_red", periodo=demo.FINAL)
		self.assertEqual(
			[d.get("ic_inferior") for d in again if d.get("bold")],
			[d.get("ic_inferior") for d in data if d.get("bold")],
		)

	def test_marco_logico_shows_the_same_spread_for_the_sales_indicator(self):
		_cols, data, *_rest = run("marco_lógico", periodo=demo.FINAL)
		rows = {(d["codigo"], d["conglomerado"]): d for d in data}
		expected = ev.describe(self.cusco, meta=10)
		row = rows[("PROP-01", "Cusco")]
		self.assertEqual(row["unidades"], 7)
		self.assertAlmostEqual(row["mediana"], expected.mediana, places=2)
		self.assertAlmostEqual(row["ic_inferior"], expected.ic_inferior, places=2)
		self.assertAlmostEqual(row["pct_alcanza_meta"], 100, places=2)
		# Counts are a census: no spread shown
		self.assertIsNone(rows[("C1-07", "Cusco")].get("ic_95"))

	def test_gerente_spread_uses_only_their_network(self):
		frappe.set_user("gerente.patotas@smevir.demo")
		_cols, data, *_rest = run("incremento_de_ventas_por_red", periodo=demo.FINAL)
		general = next(d for d in data if d.get("bold") and d["red"].startswith("Promedio general"))
		self.assertEqual(general["redes_en_promedio"], 1)
		self.assertAlmostEqual(general["mediana"], 18.99, places=2)
		self.assertEqual(general["ic_95"], "(menos de 3 redes)")

	def test_final_measurement_horizons_have_passed(self):
		_cols, data, *_rest = run("marco_lógico", periodo=demo.FINAL)
		row = next(d for d in data if d["codigo"] == "C1-11" and d["conglomerado"] == "Gamarra")
		self.assertEqual(row["proyeccion"], "Meta alcanzada")  # 11 networks at 19 months, meta 8 at 18
		self.assertIn("18 m: 8", row["metas_horizonte"])


class TestProjection(FrappeTestCase):
	"""A conglomerado six months into its programme, with a meta of 4 networks at 12 months."""

	def setUp(self):
		frappe.set_user("Administrator")
		self.coord = f.make_user("t.coord.proy@smevir.test", "Coordinador UO")
		self.ger = f.make_user("t.ger.proy@smevir.test", "Gerente de Red")
		self.congl = f.make_conglomerado("Proyeccion", self.coord)
		start = add_months(getdate(nowdate()), -6)
		frappe.db.set_value("Conglomerado", self.congl, "fecha_inicio", start)
		self.redes = [f.make_red(f"Proy {i}", self.congl, self.ger if i == 0 else None) for i in range(3)]
		self.lb = f.make_periodo("Proy LB", "Línea de Base", abierto=False, fecha_referencia=str(start))
		self.p6 = f.make_periodo("Proy 6m", fecha_referencia=nowdate(), periodo_base=self.lb)
		frappe.get_doc(
			{
				"doctype": "Indicador",
				"codigo": "_T-PROY",
				"nombre_indicador": "_T Redes con plan de mejora",
				"nivel_marco": "Componente 1",
				"nivel_ficha": "Red",
				"unidad": "Número",
				"formula": "CONTAR(plan_mejora_red = 1)",
				"regla_base": "Cero",
				"activo": 1,
				"metas": [{"valor_meta": 4, "horizonte_tipo": "Meses desde el inicio", "meses": 12}],
			}
		).insert(ignore_permissions=True)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def approve(self, with_plan: int) -> None:
		for i, red in enumerate(self.redes):
			f.make_ficha("Red", self.p6, red, "Aprobada", plan_mejora_red=int(i < with_plan))

	def row(self, user: str | None = None):
		frappe.set_user(user or "Administrator")
		_cols, data, _msg, _chart, summary = run("marco_lógico", periodo=self.p6, conglomerado=self.congl)
		return next(d for d in data if d["codigo"] == "_T-PROY"), summary

	def test_at_risk_when_the_trend_misses_the_meta(self):
		self.approve(with_plan=1)  # 0 at the start, 1 at 6 months: 2 expected at 12 < 4
		row, summary = self.row()
		self.assertEqual(row["proyeccion"], "En riesgo")
		self.assertAlmostEqual(row["valor_proyectado"], 2, places=2)
		self.assertEqual(row["metas_horizonte"], "12 m: 4")
		self.assertGreaterEqual(next(s["value"] for s in summary if s["label"] == "Indicadores en riesgo"), 1)

	def test_on_track_when_the_trend_reaches_the_meta(self):
		self.approve(with_plan=3)  # 3 at 6 months: 6 expected at 12 >= 4
		row, _summary = self.row()
		self.assertEqual(row["proyeccion"], "En camino")
		self.assertAlmostEqual(row["valor_proyectado"], 6, places=2)

	def test_workspace_card_counts_the_coordinators_indicators_at_risk(self):
		from redes_smevir.api import evaluation as api

		self.approve(with_plan=1)
		frappe.set_user(self.coord)
		card = api.card_indicators_at_risk()
		self.assertGreaterEqual(card["value"], 1)
		self.assertEqual(card["route_options"], {"periodo": self.p6})
		listed = api.indicators_at_risk()["indicadores"]
		self.assertIn("_T-PROY", [i["codigo"] for i in listed])
		# The gerente sees only their network: 1 of 1 with a plan, 2 expected at 12 months < 4
		frappe.set_user(self.ger)
		self.assertIn("_T-PROY", [i["codigo"] for i in api.indicators_at_risk()["indicadores"]])

	def test_card_refuses_users_without_smevir_roles(self):
		from redes_smevir.api import evaluation as api

		frappe.set_user(f.make_user("t.nadie.proy@smevir.test"))
		with self.assertRaises(frappe.PermissionError):
			api.card_indicators_at_risk()
