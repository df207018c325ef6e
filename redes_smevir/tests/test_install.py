"""Install/migrate idempotence and the names other code relies on (SPEC §5)."""

import frappe
from frappe.tests.utils import FrappeTestCase

from redes_smevir.services import setup
from redes_smevir.services.roles import ROLES

COUNTED = (
	"Role",
	"Region Geografica",
	"Provincia",
	"Distrito",
	"Cadena Productiva",
	"Rubro",
	"Workflow",
	"Workflow State",
)


class TestInstall(FrappeTestCase):
	def counts(self):
		return {dt: frappe.db.count(dt) for dt in COUNTED}

	def test_setup_twice_changes_nothing(self):
		setup.setup_all()
		first = self.counts()
		setup.setup_all()
		self.assertEqual(self.counts(), first)

	def test_names_of_spec_section_5_exist(self):
		for role in ("Gerente de Red", "Coordinador UO", "Administrador SMEVIR"):
			self.assertTrue(frappe.db.exists("Role", role), role)
		self.assertEqual(set(ROLES), {"Gerente de Red", "Coordinador UO", "Administrador SMEVIR"})
		for doctype in ("Conglomerado", "Red", "Empresa", "Periodo", "Ficha"):
			self.assertTrue(frappe.db.exists("DocType", doctype), doctype)
		periodo = frappe.get_meta("Periodo")
		self.assertEqual(
			periodo.get_field("tipo").options.split("\n"),
			["Línea de Base", "Medición Anual", "Medición Final"],
		)
		for field in ("inicio_registro", "fin_registro"):
			self.assertEqual(periodo.get_field(field).fieldtype, "Date")
		ficha = frappe.get_meta("Ficha")
		# SPEC §5's three levels, and the evaluation's satisfaction survey
		self.assertEqual(
			ficha.get_field("nivel").options.split("\n"), ["Empresa", "Red", "Región", "Satisfacción"]
		)
		self.assertEqual(ficha.get_field("ventas_brutas").fieldtype, "Currency")
		self.assertEqual(ficha.get_field("agrego_valor").fieldtype, "Check")
		self.assertEqual(ficha.get_field("innovo_procesos").fieldtype, "Check")
		red = frappe.get_meta("Red")
		self.assertEqual(red.get_field("gerente").options, "User")
		self.assertEqual(frappe.get_meta("Empresa").get_field("red").options, "Red")

	def test_phase_options_follow_the_methodology(self):
		from redes_smevir.domain.methodology import FASES

		for doctype, fieldname in (("Red", "fase"), ("Red Fase", "fase"), ("Ficha", "fase_alcanzada")):
			options = [o for o in frappe.get_meta(doctype).get_field(fieldname).options.split("\n") if o]
			self.assertEqual(tuple(options), FASES, doctype)

	def test_geography_for_the_seed_networks(self):
		self.assertTrue(frappe.db.exists("Distrito", {"nombre_distrito": "La Victoria", "provincia": "Lima"}))
		self.assertEqual(frappe.db.get_value("Provincia", "Cusco", "region"), "Cusco")
		self.assertEqual(frappe.db.get_value("Rubro", "Hospedaje", "cadena"), "Turismo")

	def test_only_the_administrator_deletes_fichas(self):
		perms = frappe.get_all("DocPerm", filters={"parent": "Ficha", "delete": 1}, pluck="role")
		self.assertEqual(set(perms), {"Administrador SMEVIR"})
