"""Reads side by side on a second connection (services.concurrent_reads) give what one connection gives.

The scenario is committed (the side connection sees committed data only): a closed baseline and
final measurement with sales for the firms of two conglomerados, and the networks' own fichas.
"""

from __future__ import annotations

from unittest import mock

import frappe

from redes_smevir.services import concurrent_reads, marco_logico, progress
from redes_smevir.tests.factories import (
	CommittedWorldTestCase,
	closed_baseline_and_final,
	ficha_world,
	make_empresa,
	make_ficha,
)


def _ml(periodos: list[str]) -> list[tuple]:
	return [
		(r.indicador.codigo, r.periodo, r.conglomerado, r.valor, r.base, r.fichas, r.nota)
		for r in marco_logico.marco_logico(periodos=periodos).rows
	]


def _avance(periodos: list[str]) -> list[tuple]:
	return [
		(r.periodo, r.conglomerado, r.red, r.esperadas, r.sin_registrar, dict(r.estados))
		for r in progress.fichas_progress(periodos)
	]


class TestConcurrentReads(CommittedWorldTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = ficha_world()
		cls.lb, cls.final = closed_baseline_and_final("Concurrente")
		firms = [*w.emp_a1, *w.emp_a2, *w.emp_b1, make_empresa("Concurrente A1-3", w.red_a1)]
		for i, empresa in enumerate(firms):
			make_ficha("Empresa", cls.lb, empresa, "Aprobada", ventas_brutas=100 * (i + 1))
			if i != 2:  # one firm has not reported its final measurement
				make_ficha("Empresa", cls.final, empresa, "Aprobada", ventas_brutas=130 * (i + 1))
		make_ficha("Red", cls.lb, w.red_a1, "Aprobada")
		make_ficha("Red", cls.final, w.red_a1, "Enviada")
		frappe.db.commit()  # nosemgrep

	def setUp(self):
		frappe.flags.smevir_concurrent_reads = True

	def tearDown(self):
		frappe.flags.smevir_concurrent_reads = None
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def _both(self, user: str, read) -> tuple[list, list, int]:
		"""(result with the side connection, result on this connection alone, side queries used)."""
		frappe.set_user(user)
		before = concurrent_reads.stats["side_queries"]
		side = read()
		used = concurrent_reads.stats["side_queries"] - before
		frappe.flags.smevir_concurrent_reads = None  # the test runner's default: one connection
		alone = read()
		frappe.flags.smevir_concurrent_reads = True
		return side, alone, used

	def test_marco_logico_and_avance_are_the_same_for_every_role(self):
		w = self.w
		for user in (w.admin, w.coord_a, w.ger_a1):
			with self.subTest(user=user):
				side, alone, used = self._both(user, lambda: _ml([self.lb, self.final]))
				self.assertGreater(used, 0, "the baseline join ran on the side connection")
				self.assertEqual(side, alone)
				side, alone, used = self._both(user, lambda: _avance([self.lb, self.final]))
				self.assertGreater(used, 0)
				self.assertEqual(side, alone)
		# what each role sees is still its own: the Gerente's view has only its network
		frappe.set_user(w.ger_a1)
		redes = {r[2] for r in _avance([self.final]) if r[2]}
		self.assertEqual(redes, {w.red_a1})
		sales = [r for r in _ml([self.final]) if r[0] == "PROP-01"]
		self.assertTrue(sales)
		self.assertTrue(all(r[5] <= 3 for r in sales), sales)  # fichas of Red A1's three firms at most

	def test_a_ficha_written_in_this_transaction_is_counted(self):
		# Red A2's ficha of the final measurement exists only in this (uncommitted) transaction: a
		# second connection cannot see it, so every query of this request runs here.
		make_ficha("Red", self.final, self.w.red_a2, "Aprobada")
		before = concurrent_reads.stats["side_queries"]
		row = next(r for r in progress.fichas_progress([self.final]) if r.red == self.w.red_a2)
		self.assertEqual(row.estados["Aprobada"], 2)  # its firm's ficha and its own
		self.assertEqual(concurrent_reads.stats["side_queries"], before)

	def test_a_side_connection_that_fails_reads_here(self):
		settings = frappe.db.get_connection_settings()
		refused = {**settings, "host": "127.0.0.1", "port": 1}
		refused.pop("unix_socket", None)
		alone = _avance([self.lb, self.final])
		before = dict(concurrent_reads.stats)
		with mock.patch.object(frappe.local.db, "get_connection_settings", return_value=refused):
			side = _avance([self.lb, self.final])
		self.assertEqual(side, alone)
		self.assertEqual(concurrent_reads.stats["fallbacks"], before["fallbacks"] + 1)
		self.assertEqual(concurrent_reads.stats["side_queries"], before["side_queries"])

	def test_turned_off_in_the_site_config(self):
		before = concurrent_reads.stats["side_queries"]
		with mock.patch.dict(frappe.conf, {"smevir_concurrent_reads": 0}):
			_avance([self.lb, self.final])
		self.assertEqual(concurrent_reads.stats["side_queries"], before)
