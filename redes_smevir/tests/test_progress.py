"""One progress engine: the report, the cards, the charts, the task block, the reminders and the
Excel template agree on which fichas are expected and how far they are.

The world has the cases where the three former definitions disagreed: a firm that left its network
before the reference date, a network withdrawn without a withdrawal date, and a network that joined
the programme after the reference date (with a member). None of them is expected anywhere.
"""

from __future__ import annotations

from unittest import mock

import frappe
from frappe.desk.query_report import run as run_report
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, nowdate

from redes_smevir.api import desk
from redes_smevir.services import dashboard, excel_fichas, notifications, progress
from redes_smevir.services.roles import ADMINISTRADOR, COORDINADOR, GERENTE
from redes_smevir.tests import factories as f


def _summary(result: dict, label: str):
	return next(s["value"] for s in result["report_summary"] if s["label"] == label)


class TestOneProgressEngine(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.admin = f.make_user("t.prog.admin@smevir.test", ADMINISTRADOR)
		cls.coord = f.make_user("t.prog.coord@smevir.test", COORDINADOR)
		cls.ger1 = f.make_user("t.prog.ger1@smevir.test", GERENTE)
		cls.ger2 = f.make_user("t.prog.ger2@smevir.test", GERENTE)
		cls.cong = f.make_conglomerado("Conglomerado Progreso", cls.coord)
		# The window closes today: the current period of the workspace.
		cls.periodo = f.make_periodo("Progreso Abierto", fin_registro=nowdate())
		ref = getdate(frappe.db.get_value("Periodo", cls.periodo, "fecha_referencia"))
		cls.red1 = f.make_red("Red Progreso 1", cls.cong, cls.ger1)
		cls.red2 = f.make_red("Red Progreso 2", cls.cong, cls.ger2)
		cls.retirada = f.make_red("Red Progreso Retirada", cls.cong, cls.ger2)
		cls.tardia = f.make_red(
			"Red Progreso Tardía", cls.cong, cls.ger1, fecha_ingreso=str(add_days(ref, 5))
		)
		cls.p1 = [f.make_empresa(f"Progreso 1-{i}", cls.red1) for i in (1, 2, 3)]
		cls.p2 = [f.make_empresa(f"Progreso 2-{i}", cls.red2) for i in (1, 2)]
		cls.p_retirada = f.make_empresa("Progreso R-1", cls.retirada)
		cls.p_tardia = f.make_empresa("Progreso T-1", cls.tardia)
		frappe.db.set_value("Red", cls.retirada, "estado", "Retirada")
		# p1[2] left its network before the reference date
		frappe.db.set_value(
			"Red Miembro",
			{"parent": cls.red1, "empresa": cls.p1[2]},
			"fecha_salida",
			add_days(ref, -30),
		)
		f.make_ficha("Empresa", cls.periodo, cls.p1[0], "Enviada")
		f.make_ficha("Empresa", cls.periodo, cls.p1[1], "Borrador")
		f.make_ficha("Empresa", cls.periodo, cls.p2[0], "Aprobada")
		f.make_ficha("Red", cls.periodo, cls.red1, "Aprobada")

	def tearDown(self):
		frappe.set_user("Administrator")

	def _current(self):
		return mock.patch.object(dashboard, "current_period", return_value=frappe._dict(name=self.periodo))

	def _report(self, **filters) -> dict:
		return run_report("Avance de Fichas", {"periodo": self.periodo, **filters})

	def test_expected_subjects_by_role(self):
		# ger1: two current members of red1 and red1's own ficha (the late network is not expected)
		# ger2: two members of red2 and its ficha (the withdrawn network is not expected)
		# the coordinator: both networks and the conglomerado's Región ficha
		for user, esperadas, aprobadas, sin_registrar in (
			(self.ger1, 3, 1, 0),
			(self.ger2, 3, 1, 2),
			(self.coord, 7, 2, 3),
		):
			frappe.set_user(user)
			report = self._report()
			self.assertEqual(_summary(report, "Fichas esperadas"), esperadas, user)
			self.assertEqual(_summary(report, "Aprobadas"), aprobadas, user)
			self.assertEqual(_summary(report, "Sin registrar"), sin_registrar, user)
			redes = {r["red"] for r in report["result"] if isinstance(r, dict) and r.get("red")}
			self.assertNotIn(self.retirada, redes)
			self.assertNotIn(self.tardia, redes)

	def test_report_card_chart_tasks_reminders_and_template_agree(self):
		pending = notifications.pending_by_user(self.periodo)
		for user, missing_empresas in (
			(self.admin, None),
			(self.coord, None),
			(self.ger1, 0),
			(self.ger2, 1),
		):
			frappe.set_user(user)
			report = self._report()
			esperadas = _summary(report, "Fichas esperadas")
			labels = report["chart"]["data"]["labels"]
			# one stacked dataset per state (its own colour): a label's count is its column's sum
			columns = zip(*(d["values"] for d in report["chart"]["data"]["datasets"]), strict=True)
			values = dict(zip(labels, (sum(c) for c in columns), strict=True))
			with self._current():
				card = desk.card_completeness()
				chart = desk.chart_fichas_by_state()
				tasks = desk.workspace_tasks()
			approved = _summary(report, "Aprobadas")
			self.assertAlmostEqual(card["value"], round(100.0 * approved / esperadas, 1), places=1, msg=user)
			got = dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True))
			self.assertEqual(got, values, user)
			self.assertEqual(sum(got.values()), esperadas, user)
			if missing_empresas is not None:
				# the gerente's task «expected but not registered»: the chart's «Sin registrar», and the
				# Empresa fichas they owe listed to register
				item = next(
					i
					for g in tasks["groups"]
					for i in g["items"]
					if i["label"].startswith("Fichas esperadas")
				)
				self.assertEqual(item["count"], got["Sin registrar"], user)
				self.assertEqual(len(item["missing"]), missing_empresas, user)
		# reminders: one per expected subject not sent, to who enters it
		self.assertEqual(pending.get(self.ger1), [self.p1[1]])
		self.assertEqual(pending.get(self.ger2), [self.p2[1]])
		self.assertEqual(pending.get(self.coord), [self.red2])
		self.assertIn(self.cong, pending.get(self.admin, []))
		mine = {s for subjects in pending.values() for s in subjects} & {
			*self.p1,
			*self.p2,
			self.p_retirada,
			self.p_tardia,
			self.red1,
			self.red2,
			self.retirada,
			self.tardia,
			self.cong,
		}
		frappe.set_user(self.coord)
		report = self._report()
		columns = zip(*(d["values"] for d in report["chart"]["data"]["datasets"]), strict=True)
		states = dict(zip(report["chart"]["data"]["labels"], (sum(c) for c in columns), strict=True))
		self.assertEqual(
			len(mine), _summary(report, "Fichas esperadas") - states["Enviada"] - states["Aprobada"]
		)
		# the Excel template holds the same subjects
		frappe.set_user(self.ger1)
		rows = excel_fichas.subjects(self.periodo, "Empresa", red=self.red1)
		self.assertEqual([r["empresa"] for r in rows], self.p1[:2])
		frappe.set_user(self.coord)
		rows = excel_fichas.subjects(self.periodo, "Empresa", conglomerado=self.cong)
		self.assertEqual({r["empresa"] for r in rows}, {*self.p1[:2], *self.p2})
		rows = excel_fichas.subjects(self.periodo, "Red", conglomerado=self.cong)
		self.assertEqual([r["red"] for r in rows], [self.red1, self.red2])

	def test_scope_is_in_the_query(self):
		frappe.set_user(self.ger1)
		rows = progress.expected_subjects([self.periodo])
		self.assertEqual({r.red for r in rows}, {self.red1})
		self.assertEqual({r.nivel for r in rows}, {"Empresa", "Red"})  # no Región row for a gerente
		frappe.set_user(self.coord)
		rows = progress.expected_subjects([self.periodo])
		self.assertEqual({r.conglomerado for r in rows}, {self.cong})
		with self.assertRaises(frappe.PermissionError):
			frappe.set_user(self.ger2)
			progress.fichas_progress([self.periodo], red=self.red1)

	def test_phases_count_active_networks_and_current_members(self):
		frappe.set_user(self.coord)
		cells = progress.networks_by_phase(self.periodo, conglomerado=self.cong)
		self.assertEqual(sum(v[0] for v in cells.values()), 2)  # red1, red2
		self.assertEqual(sum(v[1] for v in cells.values()), 4)  # p1[0], p1[1], p2[0], p2[1]
