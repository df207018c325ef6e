"""Indicators and reports on a small hand-made dataset (expected values worked out below).

World (all fichas approved unless said otherwise; LB = baseline 31-03-2010, FIN = final 30-09-2011):

	conglomerado A: red A1 (e11, e12), red A2 (e21, e22 – no baseline ficha), red A3 (joined
	                01-10-2010, after the baseline; its firm e31 was in A1 at the baseline)
	conglomerado B: red B1 (b11, b12)

	          LB ventas  FIN ventas  agrego innov diag plan ejecuta capac asist
	e11 (A1)     100        150        1     c     1    1     1      1     1
	e12 (A1)     200        250        1     1     1    0     1      1     0
	e21 (A2)     100        120        0     0     1    1     0      1     1
	e22 (A2)      -         999        1     0     0    0     0      0     0
	e31 (A3)     100        500        0     0     0    0     0      0     0
	b11 (B1)      50        100        1     1     1    1     1      1     1
	b12 (B1)      50         50        0     0     1    1     1      1     1
	(c = innovación comercial only; at LB only e11 had agrego_valor = 1)
"""

from __future__ import annotations

import json
import os
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from redes_smevir.domain import formula as fl
from redes_smevir.services import (
	competitive_position,
	ficha_rows,
	fichas,
	indicator_defs,
	indicator_schema,
	indicator_seed,
	marco_logico,
	sales_view,
)
from redes_smevir.services import progress as progress_service
from redes_smevir.services.roles import ADMINISTRADOR, GERENTE
from redes_smevir.tests.factories import make_conglomerado, make_empresa, make_periodo, make_red, make_user

with open(
	os.path.join(os.path.dirname(os.path.dirname(__file__)), "setup_data", "indicadores.json"),
	encoding="utf-8",
) as _seed:
	SEED_CODES = {i["codigo"] for i in json.load(_seed)["indicadores"]}

EMPRESA_FIELDS = (
	"ventas_brutas",
	"agrego_valor",
	"innovo_procesos",
	"diagnostico_individual",
	"plan_mejora_individual",
	"ejecuta_plan_negocios",
	"capacitacion_recibida",
	"asistencia_tecnica_recibida",
)
FIN_DATA = {
	"e11": (150, 1, 0, 1, 1, 1, 1, 1),
	"e12": (250, 1, 1, 1, 0, 1, 1, 0),
	"e21": (120, 0, 0, 1, 1, 0, 1, 1),
	"e22": (999, 1, 0, 0, 0, 0, 0, 0),
	"e31": (500, 0, 0, 0, 0, 0, 0, 0),
	"b11": (100, 1, 1, 1, 1, 1, 1, 1),
	"b12": (50, 0, 0, 1, 1, 1, 1, 1),
}
RED_FIELDS = (
	"fase_alcanzada",
	"plan_mejora_red",
	"proyecto_piloto",
	"plan_negocios_ejecucion",
	"articulada_nuevos_mercados",
	"clientes_nichos_rentables",
	"negocio_sostenible_exportacion",
	"negocio_sostenible_interno",
	"red_capacitada",
	"participa_eventos_comerciales",
)
F1, F2, F3, F4 = (
	"1. Análisis de territorio y cadena",
	"2. Promoción y selección (pre-red)",
	"3. Generación de confianza y plan de mejora",
	"4. Proyecto piloto",
)
RED_DATA = {
	"A1": (F4, 1, 1, 1, 1, 1, 1, 1, 1, 1),
	"A2": (F1, 1, 0, 0, 0, 0, 1, 0, 1, 0),
	"A3": (F2, 0, 0, 0, 0, 0, 0, 0, 0, 0),
	"B1": (F3, 0, 1, 1, 1, 1, 0, 1, 1, 1),
}
REGION_FIELDS = (
	"politica_publica_en_proceso",
	"estrategia_validada",
	"estrategia_documentada",
	"estrategia_difundida",
	"entidades_publicas_metodologia",
	"sistema_monitoreo_funcionando",
)
REGION_DATA = {"A": (1, 1, 1, 0, 3, 1), "B": (0, 1, 1, 1, 1, 0)}

# Expected values per indicator: (conglomerado A, conglomerado B, total).
EXPECTED = {
	# A1 (400/300-1) = 33.33 %, A2 only e21 (120/100) = 20 %, A3 joined late: out. B1 150/100 = 50 %.
	"PROP-01": ((100 / 3 + 20) / 2, 50.0, (100 / 3 + 20 + 50) / 3),
	"PROP-02": (60.0, 50.0, 400 / 7),  # A 3 of 5, B 1 of 2, total 4 of 7
	"PROP-03": (40.0, 50.0, 300 / 7),  # e11 (comercial), e12, b11
	"C1-01": (3, 2, 5),
	"C1-02": (2, 2, 4),
	"C1-03": (2, 1, 3),  # networks past phase 1: A1, A3, B1
	"C1-04": (2, 0, 2),
	"C1-05": (1, 1, 2),
	"C1-06": (1, 1, 2),
	"C1-07": (2, 2, 4),
	"C1-08": (1, 1, 2),
	"C1-09": (1, 1, 2),
	"C1-10": (1, 1, 2),
	"C1-11": (1, 0, 1),
	"C1-12": (3, 1, 4),
	"C2-01": (1, 0, 1),
	"C3-01": (0, 1, 1),
	"C4-01": (1, 0, 1),
	"ACT-01": (2, 2, 4),
}


def build_world() -> frappe._dict:
	w = frappe._dict()
	w.admin = make_user("ind.admin@smevir.test", ADMINISTRADOR)
	w.ger_a1 = make_user("ind.ger.a1@smevir.test", GERENTE)
	w.ger_b1 = make_user("ind.ger.b1@smevir.test", GERENTE)
	w.A = make_conglomerado("IND A")
	w.B = make_conglomerado("IND B")
	w.redes = {
		"A1": make_red("IND A1", w.A, w.ger_a1),
		"A2": make_red("IND A2", w.A),
		"A3": make_red("IND A3", w.A, fecha_ingreso="2010-10-01"),
		"B1": make_red("IND B1", w.B, w.ger_b1),
	}
	w.lb = make_periodo("IND LB", tipo="Línea de Base", abierto=False, fecha_referencia="2010-03-31")
	w.fin = make_periodo(
		"IND FIN", tipo="Medición Final", abierto=False, fecha_referencia="2011-09-30", periodo_base=w.lb
	)
	red_of = {"e11": "A1", "e12": "A1", "e21": "A2", "e22": "A2", "e31": "A1", "b11": "B1", "b12": "B1"}
	w.emp = {k: make_empresa(f"IND {k}", w.redes[r]) for k, r in red_of.items()}
	if frappe.db.exists("Ficha", {"periodo": w.fin}):
		return w
	lb_sales = {"e11": 100, "e12": 200, "e21": 100, "e31": 100, "b11": 50, "b12": 50}
	for k, v in lb_sales.items():
		fichas.insert_historical(
			{
				"nivel": "Empresa",
				"periodo": w.lb,
				"empresa": w.emp[k],
				"ventas_brutas": v,
				"agrego_valor": int(k == "e11"),
			}
		)
	# e31 moves from A1 to the late network A3.
	e31 = frappe.get_doc("Empresa", w.emp["e31"])
	e31.red, e31.fecha_ingreso_red = w.redes["A3"], "2010-10-01"
	e31.save(ignore_permissions=True)
	for k, values in FIN_DATA.items():
		row = dict(zip(EMPRESA_FIELDS, values, strict=True))
		if k == "e11":
			row["innovacion_comercial"] = 1
		fichas.insert_historical({"nivel": "Empresa", "periodo": w.fin, "empresa": w.emp[k], **row})
	for r, values in RED_DATA.items():
		fichas.insert_historical(
			{
				"nivel": "Red",
				"periodo": w.fin,
				"red": w.redes[r],
				**dict(zip(RED_FIELDS, values, strict=True)),
			}
		)
	for c, values in REGION_DATA.items():
		fichas.insert_historical(
			{
				"nivel": "Región",
				"periodo": w.fin,
				"conglomerado": w[c],
				**dict(zip(REGION_FIELDS, values, strict=True)),
			}
		)
	# A sent (not approved) ficha: counts only in the preview.
	w.emp["e23"] = make_empresa("IND e23", w.redes["A2"])
	fichas.insert_historical(
		{"nivel": "Empresa", "periodo": w.fin, "empresa": w.emp["e23"], "agrego_valor": 1}, state="Enviada"
	)
	return w


def values_by(ml: marco_logico.MarcoLogico, periodo: str) -> dict:
	return {(r.indicador.codigo, r.conglomerado): r for r in ml.rows if r.periodo == periodo}


class TestDefaultIndicators(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		indicator_seed.ensure_default_indicators()
		cls.w = build_world()

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def marco(self, **kw):
		return marco_logico.marco_logico(periodos=[self.w.fin], **kw)

	def test_every_default_indicator_on_the_hand_made_data(self):
		got = values_by(self.marco(), self.w.fin)
		self.assertEqual(set(EXPECTED), {code for code, _c in got}, "every default indicator is reported")
		for code, (a, b, total) in EXPECTED.items():
			for congl, expected in ((self.w.A, a), (self.w.B, b), (None, total)):
				with self.subTest(code=code, conglomerado=congl):
					self.assertAlmostEqual(got[(code, congl)].valor, expected, places=6)

	def test_sales_increase_excludes_late_network_with_reason(self):
		row = values_by(self.marco(), self.w.fin)[("PROP-01", self.w.A)]
		self.assertIn(self.w.redes["A3"], row.nota)
		self.assertIn("se incorporó después de la línea de base", row.nota)

	def test_baseline_meta_achievement_and_light(self):
		got = values_by(self.marco(), self.w.fin)
		prop2 = got[("PROP-02", self.w.A)]
		self.assertAlmostEqual(prop2.base, 25.0)  # at LB 1 of the 4 firms of A had added value
		self.assertEqual(prop2.meta, 100)  # "al término del proyecto" on a Medición Final
		self.assertAlmostEqual(prop2.logro, 60.0)
		self.assertEqual(prop2.semaforo, "Rojo")
		c101 = got[("C1-01", None)]
		self.assertEqual((c101.base, c101.meta), (0.0, 81))  # rule "Cero"; 6-month meta after 20 months
		prop1 = got[("PROP-01", None)]
		self.assertIsNone(prop1.base)  # "Sin línea de base"
		self.assertEqual(prop1.semaforo, "Verde")  # 34.4 % against a 10 % meta

	def test_only_approved_by_default_sent_in_preview(self):
		approved = values_by(self.marco(), self.w.fin)[("PROP-02", self.w.A)]
		preview = values_by(self.marco(incluir_enviadas=True), self.w.fin)[("PROP-02", self.w.A)]
		self.assertAlmostEqual(approved.valor, 60.0)
		self.assertAlmostEqual(preview.valor, 400 / 6)  # e23 (sent, added value) joins the population
		from redes_smevir.redes_smevir.report.marco_lógico import marco_lógico as report

		_cols, _data, message, _chart, summary = report.execute(
			{"periodo": [self.w.fin], "incluir_enviadas": 1}
		)
		self.assertIn("Vista previa", message)
		self.assertIn("vista previa", str(summary))
		_cols, _data, message, _chart, _summary = report.execute({"periodo": [self.w.fin]})
		self.assertIsNone(message)

	def test_gerente_sees_only_their_network(self):
		frappe.set_user(self.w.ger_a1)
		ml = self.marco()
		self.assertEqual(ml.conglomerados, [self.w.A])
		got = values_by(ml, self.w.fin)
		self.assertEqual(got[("C1-01", self.w.A)].valor, 2)  # e11 and e12 only
		self.assertNotIn(("C1-01", None), got)
		self.assertNotIn(("C1-01", self.w.B), got)
		view = sales_view.sales_increase(self.w.fin)
		self.assertEqual([n.red for n in view.result.redes], [self.w.redes["A1"]])
		progress = progress_service.fichas_progress([self.w.fin])
		self.assertEqual({p.red for p in progress}, {self.w.redes["A1"]})
		phases = progress_service.networks_by_phase()
		self.assertEqual(sum(v[0] for v in phases.values()), 1)
		info, _rows = competitive_position.competitive_position(self.w.emp["e11"], self.w.fin)
		self.assertEqual(info["red"], self.w.redes["A1"])
		with self.assertRaises(frappe.PermissionError):
			competitive_position.competitive_position(self.w.emp["b11"], self.w.fin)

	def test_sales_report_rows_and_averages(self):
		view = sales_view.sales_increase(self.w.fin)
		by = {n.red: n for n in view.result.redes}
		self.assertAlmostEqual(by[self.w.redes["A1"]].incremento, 100 / 3)
		self.assertEqual(by[self.w.redes["A2"]].empresas, 1)
		self.assertEqual(by[self.w.redes["A3"]].motivo, "se incorporó después de la línea de base")
		self.assertAlmostEqual(by[self.w.redes["A3"]].incremento, 400.0)  # shown, but not averaged
		self.assertAlmostEqual(view.result.promedio_conglomerado[self.w.A], (100 / 3 + 20) / 2)

	def test_avance_de_fichas_counts_states_and_overdue(self):
		progress = {p.red: p for p in progress_service.fichas_progress([self.w.fin]) if p.red}
		a2 = progress[self.w.redes["A2"]]
		# Members of A2 on 30-09-2011: e21, e22, e23; plus its Red ficha.
		self.assertEqual(a2.esperadas, 4)
		self.assertEqual((a2.estados["Aprobada"], a2.estados["Enviada"]), (3, 1))
		self.assertEqual(a2.atrasadas, 1)  # the window is closed and e23 is not approved
		by_gerente = progress_service.fichas_progress([self.w.fin], agrupar_por="Gerente")
		self.assertIn(self.w.ger_a1, {p.gerente for p in by_gerente})

	def test_competitive_position_aggregates(self):
		_info, rows = competitive_position.competitive_position(self.w.emp["e11"], self.w.fin)
		sales = {r.grupo: r for r in rows if r.variable == "ventas_brutas"}
		congl = sales["Conglomerado"]
		# Conglomerado A FIN sales: 120, 150, 250, 500, 999 -> median 250, e11 at 30th percentile.
		self.assertEqual(congl.position.n, 5)
		self.assertAlmostEqual(congl.position.median, 250)
		self.assertAlmostEqual(congl.position.percentile, 30)
		# Its network has only 2 approved firms: too small to summarise.
		self.assertIsNone(sales["Red"].position.median)

	def test_excel_download(self):
		from io import BytesIO

		from openpyxl import load_workbook

		from redes_smevir.api import reports as api

		api.download_marco_logico(frappe.as_json({"periodo": [self.w.fin]}))
		self.assertEqual(frappe.response["type"], "binary")
		wb = load_workbook(BytesIO(frappe.response["filecontent"]))
		self.assertEqual(wb.sheetnames[0], "Resumen")
		self.assertIn(self.w.A, wb.sheetnames)
		cells = [c.value for row in wb["Resumen"].iter_rows() for c in row]
		self.assertIn("PROP-01", cells)


class TestSqlPushdown(FrappeTestCase):
	"""The grouped-SQL path and the row-by-row Python path give the same Marco Lógico."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		indicator_seed.ensure_default_indicators()
		cls.w = build_world()

	def tearDown(self):
		frappe.set_user("Administrator")

	def assertSameMarco(self, **kw):
		sql = marco_logico.marco_logico(periodos=[self.w.lb, self.w.fin], **kw)
		python = marco_logico.marco_logico(periodos=[self.w.lb, self.w.fin], pushdown=False, **kw)
		self.assertEqual((sql.fichas, sql.conglomerados), (python.fichas, python.conglomerados))
		self.assertEqual(len(sql.rows), len(python.rows))
		for a, b in zip(sql.rows, python.rows, strict=True):
			with self.subTest(codigo=a.indicador.codigo, periodo=a.periodo, conglomerado=a.conglomerado):
				self.assertEqual(
					(a.indicador.codigo, a.periodo, a.conglomerado),
					(b.indicador.codigo, b.periodo, b.conglomerado),
				)
				for f in ("base", "valor", "logro"):
					x, y = getattr(a, f), getattr(b, f)
					if x is None or y is None:
						self.assertEqual(x, y, f)
					else:
						self.assertAlmostEqual(x, y, places=9, msg=f)
				self.assertEqual(
					(a.meta, a.semaforo, a.fichas, a.nota), (b.meta, b.semaforo, b.fichas, b.nota)
				)
				# the networks behind an average (the Marco Lógico's spread columns)
				self.assertEqual(a.valores_grupos is None, b.valores_grupos is None)
				for x, y in zip(a.valores_grupos or [], b.valores_grupos or [], strict=True):
					self.assertAlmostEqual(x, y, places=9, msg="valores_grupos")
		return sql

	def test_every_default_indicator_is_pushed_down(self):
		from redes_smevir.domain.formula import pushdown as fp

		seed = {i.codigo for i in indicator_defs.load_indicators() if i.codigo in SEED_CODES}
		self.assertEqual(seed, SEED_CODES)
		meta = frappe.get_meta("Ficha")
		columns = {df.fieldname for df in meta.fields} | set(ficha_rows.KEY_COLUMNS)
		for d in indicator_defs.load_indicators(sorted(SEED_CODES)):
			with self.subTest(codigo=d.codigo):
				self.assertIsNone(d.error)
				try:
					plan = fp.plan(
						d.formula, columns & set(d.formula.schema), columns, {"red_desde_base": "red"}
					)
				except fp.NotPushable as e:
					self.fail(f"{d.codigo} is evaluated row by row ({e})")
				self.assertTrue(plan.leaves)
		# The engine itself: with every seed formula in SQL, no ficha row is read in Python.
		with patch.object(marco_logico, "fetch_fichas", side_effect=AssertionError("Python path used")):
			ml = marco_logico.marco_logico(periodos=[self.w.lb, self.w.fin], codigos=sorted(SEED_CODES))
		self.assertEqual({r.indicador.codigo for r in ml.rows}, SEED_CODES)

	def test_same_values_as_python_path(self):
		got = values_by(self.assertSameMarco(), self.w.fin)
		self.assertAlmostEqual(got[("PROP-01", None)].valor, (100 / 3 + 20 + 50) / 3)
		self.assertIn(self.w.redes["A3"], got[("PROP-01", self.w.A)].nota)

	def test_same_values_in_preview_and_filtered(self):
		self.assertSameMarco(incluir_enviadas=True)
		self.assertSameMarco(conglomerado=self.w.B)
		self.assertSameMarco(red=self.w.redes["A1"])

	def test_same_values_for_a_gerente(self):
		from redes_smevir.services import indicators_sql

		indicators_sql.check_scope_expressible(self.w.ger_a1)  # the SQL path does run for them
		frappe.set_user(self.w.ger_a1)
		got = values_by(self.assertSameMarco(), self.w.fin)
		self.assertEqual(got[("C1-01", self.w.A)].valor, 2)  # e11 and e12 only
		self.assertNotIn(("C1-01", self.w.B), got)

	def test_formulas_outside_the_pushdown_still_agree(self):
		"""Formulas left in Python (row division, CONTAR_DISTINTOS) and more pushed-down constructs."""
		for code, formula in (
			("_T-PUSH-1", "PROMEDIO(ventas_brutas / 2) + CONTAR_DISTINTOS(red)"),
			("_T-PUSH-2", "PORCENTAJE_GRUPOS(red, FILTRAR(agrego_valor = 1, SUMA(ventas_brutas)) > 100)"),
			("_T-PUSH-3", "SI(CONTAR() > 0, MAX(ventas_brutas) - MIN(ventas_brutas), 0)"),
		):
			frappe.get_doc(
				{
					"doctype": "Indicador",
					"codigo": code,
					"nombre_indicador": code,
					"nivel_marco": "Actividad",
					"nivel_ficha": "Empresa",
					"unidad": "Número",
					"regla_base": "Valor de la Línea de Base",
					"formula": formula,
				}
			).insert()
		got = values_by(self.assertSameMarco(), self.w.fin)
		self.assertAlmostEqual(got[("_T-PUSH-3", self.w.B)].valor, 50.0)
		push2 = got[("_T-PUSH-2", self.w.A)]
		# A1 (150 + 250) and A2 (999) exceed 100; A3 has no firm that added value: left out.
		self.assertAlmostEqual(push2.valor, 100.0)
		self.assertIn(self.w.redes["A3"], push2.nota)


class TestIndicadorDocType(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		indicator_seed.ensure_default_indicators()

	def new(self, **kw):
		values = {
			"doctype": "Indicador",
			"codigo": "_T-IND-1",
			"nombre_indicador": "Prueba",
			"nivel_marco": "Propósito",
			"nivel_ficha": "Empresa",
			"unidad": "Número",
			"regla_base": "Cero",
			"formula": "SUMA(ventas_brutas)",
		}
		values.update(kw)
		return frappe.get_doc(values)

	def test_invalid_formula_is_refused_with_spanish_message(self):
		doc = self.new(formula="SUMA(ventas)")
		with self.assertRaises(frappe.ValidationError) as ctx:
			doc.insert()
		self.assertIn("Campo desconocido «ventas»", str(ctx.exception))
		self.assertIn("ventas_brutas", str(ctx.exception))  # lists the available fields
		# A Red-level indicator cannot read an Empresa-level field.
		with self.assertRaises(frappe.ValidationError):
			self.new(nivel_ficha="Red", formula="SUMA(ventas_brutas)").insert()
		self.new(nivel_ficha="Red", formula="CONTAR(plan_mejora_red = 1)").insert()

	def test_duplicate_meta_refused(self):
		doc = self.new()
		doc.append("metas", {"horizonte_tipo": "Meses desde el inicio", "meses": 6, "valor_meta": 1})
		doc.append("metas", {"horizonte_tipo": "Meses desde el inicio", "meses": 6, "valor_meta": 2})
		with self.assertRaises(frappe.ValidationError):
			doc.insert()

	def test_setup_is_idempotent_and_keeps_admin_edits(self):
		frappe.db.set_value(
			"Indicador", "PROP-02", "formula", "PORCENTAJE(agrego_valor = 1 O innovo_procesos = 1)"
		)
		frappe.delete_doc("Indicador", "C4-01", force=True)
		created = indicator_seed.ensure_default_indicators()
		self.assertEqual(created, 1)  # only the missing code
		self.assertIn("innovo_procesos", frappe.db.get_value("Indicador", "PROP-02", "formula"))
		self.assertEqual(indicator_seed.ensure_default_indicators(), 0)
		self.assertEqual(len(frappe.get_doc("Indicador", "C1-07").metas), 3)

	def test_every_seed_indicator_is_valid(self):
		for d in indicator_defs.load_indicators():
			self.assertIsNone(d.error, d.codigo)


class TestCustomFieldInFormula(FrappeTestCase):
	"""A custom field an administrator adds to the Empresa section is usable in formulas."""

	FIELD = "ind_test_exportaciones"

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from frappe.custom.doctype.custom_field.custom_field import create_custom_field

		create_custom_field(
			"Ficha",
			{
				"fieldname": cls.FIELD,
				"label": "Exportaciones (prueba)",
				"fieldtype": "Currency",
				"insert_after": "nuevos_mercados",
			},
		)
		frappe.clear_cache(doctype="Ficha")

	@classmethod
	def tearDownClass(cls):
		name = frappe.db.get_value("Custom Field", {"dt": "Ficha", "fieldname": cls.FIELD})
		if name:
			frappe.delete_doc("Custom Field", name, force=True)
		frappe.clear_cache(doctype="Ficha")
		super().tearDownClass()

	def test_custom_field_in_schema(self):
		self.assertEqual(indicator_schema.schema_for_level("Empresa").get(self.FIELD), fl.NUMBER)
		self.assertNotIn(self.FIELD, indicator_schema.schema_for_level("Red"))
		indicator_schema.compile_formula(f"SUMA({self.FIELD}) / SUMA(ventas_brutas)", "Empresa")
