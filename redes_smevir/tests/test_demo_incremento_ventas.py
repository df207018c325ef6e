"""The demo reproduces the seed's published sales increases in the Incremento de Ventas por Red report."""

from __future__ import annotations

import csv
import os

import frappe
from frappe.tests.utils import FrappeTestCase

from redes_smevir.services import demo

FINAL = demo.FINAL


def published() -> dict[str, float]:
	with open(os.path.join(demo.DEMO_DIR, "incremento_ventas_publicado.csv"), encoding="utf-8") as f:
		return {
			r["red"]: float(r["incremento_anual_ventas_brutas_pct"])
			for r in csv.DictReader(f)
			if r["en_promedio"] == "1"
		}


class TestDemoSalesIncrease(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		demo.load(verbose=False)  # idempotent; commits (one-off loader)

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def run_report(self, **filters):
		from redes_smevir.redes_smevir.report.incremento_de_ventas_por_red import (
			incremento_de_ventas_por_red as r,
		)

		return r.execute({"periodo": FINAL, **filters})

	def test_published_increases_and_averages(self):
		_cols, data, _msg, _chart, summary = self.run_report()
		by_red = {d["red"]: d for d in data}
		for red, pct in published().items():
			with self.subTest(red=red):
				self.assertEqual(round(by_red[red]["incremento"], 2), pct)
				self.assertTrue(by_red[red]["en_promedio"])
		averages = {d["red"]: d["incremento"] for d in data if d.get("bold")}
		self.assertEqual(round(averages["Promedio Gamarra (10 redes)"], 2), 42.84)
		self.assertEqual(round(averages["Promedio Cusco (7 redes)"], 2), 83.93)
		self.assertEqual(round(averages["Promedio general (17 redes)"], 2), 59.76)
		# Other tests may leave their own networks on the site: look only at the seed's networks.
		seed = set(demo.networks())
		excluded = {d["red"] for d in data if not d.get("bold") and d["red"] in seed and not d["en_promedio"]}
		self.assertEqual(excluded, {"RABLEM", "MAPI REPS", "Hostales Cusco"})
		self.assertTrue(any(s["label"] == "Redes excluidas" and s["value"] >= 3 for s in summary))

	def test_left_out_networks_listed_with_reason(self):
		_cols, data, _msg, _chart, _summary = self.run_report()
		by_red = {d["red"]: d for d in data}
		self.assertEqual(by_red["RABLEM"]["motivo"], "se incorporó después de la línea de base")
		self.assertEqual(by_red["MAPI REPS"]["motivo"], "se incorporó después de la línea de base")
		self.assertEqual(by_red["Hostales Cusco"]["motivo"], "se incorporó después de la línea de base")
		for red in ("RABLEM", "MAPI REPS", "Hostales Cusco"):
			self.assertFalse(by_red[red]["en_promedio"])

	def test_marco_logico_sales_indicator_matches(self):
		from redes_smevir.services import marco_logico

		ml = marco_logico.marco_logico(periodos=[FINAL], codigos=["PROP-01"])
		values = {r.conglomerado: r.valor for r in ml.rows if r.conglomerado in (None, "Gamarra", "Cusco")}
		self.assertEqual(round(values["Gamarra"], 2), 42.84)
		self.assertEqual(round(values["Cusco"], 2), 83.93)
		self.assertEqual(round(values[None], 2), 59.76)

	def test_gerente_sees_only_their_network(self):
		frappe.set_user("gerente.patotas@smevir.demo")
		_cols, data, _msg, _chart, _summary = self.run_report()
		networks = {d["red"] for d in data if not d.get("bold")}
		self.assertEqual(networks, {"PATOTAS"})
