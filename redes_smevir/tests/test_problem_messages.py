"""The domain's problem codes read as the same Spanish messages users saw before they became codes."""

from datetime import date

from frappe.tests.utils import FrappeTestCase

from redes_smevir.domain import firms, membership, periods, ruc
from redes_smevir.services import problem_messages


def message_of(fn, *args) -> str:
	try:
		fn(*args)
	except ruc.RucError as e:
		return problem_messages.message(e.problem)
	raise AssertionError("no problem raised")


class TestProblemMessages(FrappeTestCase):
	def test_ruc_messages(self):
		cases = {
			"2010004721A": "El RUC «2010004721A» solo puede contener dígitos.",
			"2010004721": "El RUC «2010004721» debe tener 11 dígitos (tiene 10).",
			"30100047218": "El RUC «30100047218» debe empezar con 10, 15, 17 o 20 (empieza con 30).",
			"20100047217": "El dígito verificador del RUC «20100047217» no es válido: debería ser 8.",
		}
		for value, expected in cases.items():
			self.assertEqual(message_of(ruc.validate, value), expected)
		self.assertEqual(message_of(ruc.make, "30", 1), "Prefijo de RUC no válido: 30")

	def test_window_messages(self):
		got = [
			problem_messages.message(p)
			for _f, p in periods.window_problems(None, None)
			+ periods.window_problems(date(2026, 2, 1), date(2026, 1, 1))
			+ periods.window_problems(date(2026, 1, 1), date(2026, 1, 5), date(2026, 1, 31))
			+ periods.window_problems(
				date(2026, 1, 1), date(2026, 1, 5), None, date(2025, 6, 1), date(2025, 1, 1)
			)
		]
		self.assertEqual(
			got,
			[
				"Indique el inicio del registro.",
				"Indique el fin del registro.",
				"El fin del registro (01-01-2026) no puede ser anterior al inicio del registro (01-02-2026).",
				"El fin del registro (05-01-2026) no puede ser anterior a la fecha de referencia (31-01-2026).",
				"La fecha «Hasta» (01-01-2025) no puede ser anterior a «Desde» (01-06-2025).",
			],
		)

	def test_membership_messages(self):
		bad = [
			membership.Stint("E1", "R1", date(2010, 1, 1)),
			membership.Stint("E1", "R2", date(2010, 6, 1)),
			membership.Stint("E2", "R1", date(2010, 6, 1), date(2010, 1, 1)),
		]
		got = sorted(problem_messages.message(p) for p in membership.stint_problems(bad))
		self.assertEqual(
			got,
			[
				"E1 figura en dos periodos de membresía superpuestos: R1 desde 01-01-2010 y R2 desde 01-06-2010.",
				"La salida de E2 de la red R1 (01-01-2010) es anterior a su ingreso (01-06-2010).",
			],
		)

	def test_small_firm_messages(self):
		got = [problem_messages.message(p) for p in firms.small_firm_warnings(False, 800_000, 51)]
		self.assertEqual(
			got,
			[
				"no es formal",
				"sus ventas anuales (US$ 800,000) superan US$ 750,000",
				"tiene 51 trabajadores (máximo 50)",
			],
		)
