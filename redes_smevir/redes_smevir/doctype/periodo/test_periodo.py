# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from redes_smevir.tests.factories import PREFIX, make_periodo


class TestPeriodo(FrappeTestCase):
	def new(self, **values):
		base = {
			"doctype": "Periodo",
			"nombre_periodo": PREFIX + "Periodo prueba",
			"tipo": "Medición Anual",
			"fecha_referencia": "2026-01-01",
			"inicio_registro": "2026-02-01",
			"fin_registro": "2026-03-01",
		}
		return frappe.get_doc({**base, **values})

	def test_inverted_window_is_refused_naming_the_field(self):
		with self.assertRaises(frappe.ValidationError) as ctx:
			self.new(inicio_registro="2026-03-01", fin_registro="2026-02-01").insert()
		message = str(ctx.exception)
		self.assertIn("Fin del registro", message)
		self.assertIn("01-02-2026", message)
		self.assertIn("01-03-2026", message)
		self.assertFalse(frappe.db.exists("Periodo", PREFIX + "Periodo prueba"))

	def test_status_follows_the_window(self):
		self.assertEqual(
			frappe.db.get_value("Periodo", make_periodo("Abierto", abierto=True), "estado"), "Abierto"
		)
		self.assertEqual(
			frappe.db.get_value("Periodo", make_periodo("Cerrado", abierto=False), "estado"), "Cerrado"
		)
		future = self.new(
			nombre_periodo=PREFIX + "Futuro",
			fecha_referencia=nowdate(),
			inicio_registro=add_days(nowdate(), 5),
			fin_registro=add_days(nowdate(), 10),
		).insert()
		self.assertEqual(future.estado, "Programado")

	def test_base_period_must_be_a_baseline(self):
		anual = make_periodo("Anual A", tipo="Medición Anual")
		with self.assertRaises(frappe.ValidationError) as ctx:
			self.new(nombre_periodo=PREFIX + "Con base mala", periodo_base=anual).insert()
		self.assertIn("Línea de Base", str(ctx.exception))
		lb = make_periodo("LB A", tipo="Línea de Base")
		doc = self.new(nombre_periodo=PREFIX + "Con base buena", periodo_base=lb).insert()
		self.assertEqual(doc.periodo_base, lb)
