"""One entry-window rule: the Workflow button, the check behind it and the reports agree on every day.

Around opening and closing day the button "Autorizar corrección" of a Coordinador UO used to
follow the stored ``Periodo.estado`` (refreshed by a daily job) while the check behind it used
the live dates. Both now follow ``services.periods`` (live dates); the stored state is only shown.
"""

import frappe
from frappe.model.workflow import get_transitions
from frappe.utils import add_days, getdate, nowdate

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.domain.periods import ABIERTO, CERRADO, PROGRAMADO
from redes_smevir.redes_smevir.doctype.ficha.test_ficha import FichaWorkflowCase
from redes_smevir.services import periods, progress, workflow
from redes_smevir.tests.factories import make_ficha, make_periodo

# name -> (start, end) relative to today, and the status the rule gives today
CASES = {
	"opens today": ((0, 5), ABIERTO),
	"closes today": ((-5, 0), ABIERTO),
	"closed yesterday": ((-5, -1), CERRADO),
	"opens tomorrow": ((1, 5), PROGRAMADO),
}
WRONG_STORED = {ABIERTO: CERRADO, CERRADO: ABIERTO, PROGRAMADO: ABIERTO}


class TestWindowRule(FichaWorkflowCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		today = nowdate()
		cls.periods = {}
		for label, ((start, end), status) in CASES.items():
			name = make_periodo(
				f"Ventana {label}",
				inicio_registro=add_days(today, start),
				fin_registro=add_days(today, end),
				fecha_referencia=add_days(today, -30),
			)
			# A stale stored state (as before the daily job ran): no rule may read it.
			frappe.db.set_value("Periodo", name, "estado", WRONG_STORED[status], update_modified=False)
			cls.periods[label] = (name, status)

	def test_button_check_and_reports_follow_the_same_status(self):
		for label, (periodo, status) in self.periods.items():
			with self.subTest(label):
				self.assertEqual(periods.window_status(periodo), status)
				self.assertEqual(periods.window_is_open(periodo), status == ABIERTO)

				name = make_ficha(rules.EMPRESA, periodo, self.w.emp_a1[0], rules.APROBADA)
				frappe.get_doc(
					{"doctype": "Solicitud Correccion", "ficha": name, "motivo": "Dato mal digitado"}
				).insert()
				frappe.set_user(self.w.coord_a)
				doc = frappe.get_doc("Ficha", name)
				shows_button = rules.AUTORIZAR_CORRECCION in {t.action for t in get_transitions(doc)}
				try:
					workflow.check_can_authorise(doc)
					check_passes = True
				except frappe.PermissionError:
					check_passes = False
				frappe.set_user("Administrator")
				self.assertEqual(shows_button, status == ABIERTO)
				self.assertEqual(check_passes, status == ABIERTO)

				rows = [r for r in progress.fichas_progress([periodo]) if r.red == self.w.red_a1]
				self.assertEqual(rows[0].ventana, progress.WINDOW_LABELS[status])

	def test_the_workflow_condition_is_the_rule_on_any_day(self):
		"""The rendered condition and ``status_on`` agree for windows around today."""
		today = getdate(nowdate())
		condition = periods.open_window_condition("doc.periodo")
		from frappe.model.workflow import get_workflow_safe_globals

		for start in range(-3, 4):
			for length in (0, 1, 3):
				inicio, fin = add_days(today, start), add_days(today, start + length)
				frappe.db.set_value(
					"Periodo",
					self.periods["opens today"][0],
					{"inicio_registro": inicio, "fin_registro": fin},
				)
				shown = bool(
					frappe.safe_eval(
						condition,
						get_workflow_safe_globals(),
						{"doc": frappe._dict(periodo=self.periods["opens today"][0])},
					)
				)
				self.assertEqual(shown, periods.status_on(getdate(inicio), getdate(fin), today) == ABIERTO)
