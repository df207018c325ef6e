# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""Ficha workflow: every transition of every level, for the role that may and each role that may not,
through Frappe's ``apply_workflow`` (the form's buttons) and through REST-reachable calls made as the
user (``redes_smevir.api.fichas.apply_action`` / ``observe`` and ``frappe.client.save`` changing the state).
"""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase

from redes_smevir.api import fichas as api
from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import workflow
from redes_smevir.tests.factories import ficha_world, make_ficha, make_periodo

ROLES = (rules.GERENTE, rules.COORDINADOR, rules.ADMINISTRADOR)
G, C, A = rules.GERENTE, rules.COORDINADOR, rules.ADMINISTRADOR
# The seed's "Usuarios y Permisos" table, written out independently of domain.ficha_rules:
# (state, action, next state) -> {level: roles that may do it}.
EXPECTED = {
	("Borrador", "Enviar", "Enviada"): {"Empresa": {G}, "Red": {C}, "Región": {A}},
	("Observada", "Enviar", "Enviada"): {"Empresa": {G}, "Red": {C}, "Región": {A}},
	("En Corrección", "Enviar", "Enviada"): {"Empresa": {G}, "Red": {C}, "Región": {A}},
	("Enviada", "Aprobar", "Aprobada"): {"Empresa": {C}, "Red": {A}, "Región": {A}},
	("Enviada", "Observar", "Observada"): {"Empresa": {C}, "Red": {A}, "Región": {A}},
	("Aprobada", "Autorizar corrección", "En Corrección"): {"Empresa": {A, C}, "Red": {A}, "Región": {A}},
}
# A Satisfacción ficha (the firm's satisfaction survey) follows the Empresa row.
for _roles in EXPECTED.values():
	_roles["Satisfacción"] = _roles["Empresa"]


class FichaWorkflowCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = ficha_world()
		cls.periodo = make_periodo("Fichas WF Abierto", abierto=True)
		cls.cerrado = make_periodo("Fichas WF Cerrado", abierto=False)
		cls.user_of = {
			rules.GERENTE: cls.w.ger_a1,
			rules.COORDINADOR: cls.w.coord_a,
			rules.ADMINISTRADOR: cls.w.admin,
		}

	def tearDown(self):
		frappe.set_user("Administrator")

	def subject(self, nivel):
		return {
			rules.EMPRESA: self.w.emp_a1[0],
			rules.RED: self.w.red_a1,
			rules.REGION: self.w.cong_a,
			rules.SATISFACCION: self.w.emp_a1[0],
		}[nivel]

	def ficha(self, nivel, state, periodo=None, **values):
		frappe.set_user("Administrator")
		name = make_ficha(nivel, periodo or self.periodo, self.subject(nivel), state, **values)
		if state == rules.APROBADA:
			# a pending correction request, so "Autorizar corrección" has something to authorise
			frappe.get_doc(
				{"doctype": "Solicitud Correccion", "ficha": name, "motivo": "Dato mal digitado"}
			).insert()
		return name

	def state_of(self, name):
		return frappe.db.get_value("Ficha", name, "workflow_state")

	def save_in_state(self, name, state, **values):
		"""What a REST PUT does: ``frappe.client.save`` of the ficha with ``state`` (and ``values``) set."""
		doc = frappe.get_doc("Ficha", name).as_dict()
		doc.update(values, workflow_state=state)
		return frappe.client.save(doc)


class TestFichaTransitionMatrix(FichaWorkflowCase):
	def run_action(self, path, name, t, user):
		frappe.set_user(user)
		if path == "apply_workflow":
			if t.action == rules.OBSERVAR:
				return api.observe(name, "Las ventas no cuadran con el diagnóstico")
			return apply_workflow(frappe.get_doc("Ficha", name).as_dict(), t.action)
		if path == "api":
			return api.apply_action(name, t.action, motivo="Las ventas no cuadran con el diagnóstico")
		if t.action == rules.OBSERVAR:
			return self.save_in_state(name, t.next_state, motivo_observacion="Revise las ventas")
		return self.save_in_state(name, t.next_state)

	def test_matrix(self):
		tested = []
		self.assertEqual({(t.state, t.action, t.next_state) for t in rules.TRANSITIONS}, set(EXPECTED))
		for nivel in rules.LEVELS:
			for t in rules.TRANSITIONS:
				allowed = EXPECTED[(t.state, t.action, t.next_state)][nivel]
				for role in ROLES:
					for path in ("apply_workflow", "api", "client.save"):
						name = self.ficha(nivel, t.state)
						with self.subTest(nivel=nivel, action=t.action, state=t.state, role=role, path=path):
							if role in allowed:
								self.run_action(path, name, t, self.user_of[role])
								self.assertEqual(self.state_of(name), t.next_state)
							else:
								with self.assertRaises(
									(frappe.ValidationError, frappe.PermissionError)
								) as cm:
									self.run_action(path, name, t, self.user_of[role])
								self.assertEqual(
									self.state_of(name), t.state, "a refused action changed the state"
								)
								if path == "api":
									self.assertIn(t.action, str(cm.exception))
						tested.append((nivel, t.state, t.action, role, path, role in allowed))
		# 4 levels x 6 transitions x 3 roles x 3 paths
		self.assertEqual(len(tested), 216)

	def test_forbidden_role_gets_a_clear_spanish_message(self):
		name = self.ficha(rules.EMPRESA, rules.ENVIADA)
		frappe.set_user(self.w.ger_a1)
		with self.assertRaises(frappe.PermissionError) as cm:
			api.apply_action(name, rules.APROBAR)
		self.assertIn("Coordinador UO", str(cm.exception))
		frappe.set_user(self.w.admin)
		with self.assertRaises(frappe.PermissionError) as cm:
			self.save_in_state(name, rules.APROBADA)
		self.assertIn("la realiza: Coordinador UO", str(cm.exception))
		self.assertEqual(self.state_of(name), rules.ENVIADA)

	def test_approver_outside_scope_is_refused(self):
		name = self.ficha(rules.EMPRESA, rules.ENVIADA)
		frappe.set_user(self.w.coord_b)  # coordinator of the other conglomerado
		with self.assertRaises(frappe.PermissionError):
			apply_workflow(frappe.get_doc("Ficha", name).as_dict(), rules.APROBAR)
		with self.assertRaises(frappe.PermissionError):
			api.apply_action(name, rules.APROBAR)
		self.assertEqual(self.state_of(name), rules.ENVIADA)
		# a gerente of another network cannot send it either
		name = self.ficha(rules.EMPRESA, rules.BORRADOR)
		frappe.set_user(self.w.ger_a2)
		with self.assertRaises(frappe.PermissionError):
			api.apply_action(name, rules.ENVIAR)
		self.assertEqual(self.state_of(name), rules.BORRADOR)

	def test_observar_needs_a_reason(self):
		name = self.ficha(rules.EMPRESA, rules.ENVIADA)
		frappe.set_user(self.w.coord_a)
		with self.assertRaises(workflow.WorkflowRuleError) as cm:
			apply_workflow(frappe.get_doc("Ficha", name).as_dict(), rules.OBSERVAR)
		self.assertIn("motivo", str(cm.exception))
		with self.assertRaises(workflow.WorkflowRuleError):
			api.observe(name, "   ")
		self.assertEqual(self.state_of(name), rules.ENVIADA)
		api.observe(name, "Ventas 10 veces mayores que el año anterior")
		doc = frappe.get_doc("Ficha", name)
		self.assertEqual(doc.workflow_state, rules.OBSERVADA)
		self.assertEqual(doc.motivo_observacion, "Ventas 10 veces mayores que el año anterior")
		comments = frappe.get_all(
			"Comment", filters={"reference_name": name, "comment_type": "Comment"}, pluck="content"
		)
		self.assertTrue(any("Ventas 10 veces mayores" in c for c in comments))

	def test_coordinator_authorises_empresa_corrections_only_while_window_open(self):
		open_ficha = self.ficha(rules.EMPRESA, rules.APROBADA)
		frappe.set_user(self.w.coord_a)
		api.apply_action(open_ficha, rules.AUTORIZAR_CORRECCION)
		self.assertEqual(self.state_of(open_ficha), rules.EN_CORRECCION)

		closed_ficha = self.ficha(rules.EMPRESA, rules.APROBADA, periodo=self.cerrado)
		frappe.set_user(self.w.coord_a)
		with self.assertRaises(frappe.PermissionError) as cm:
			api.apply_action(closed_ficha, rules.AUTORIZAR_CORRECCION)
		self.assertIn("Administrador SMEVIR", str(cm.exception))
		with self.assertRaises(frappe.ValidationError):
			apply_workflow(frappe.get_doc("Ficha", closed_ficha).as_dict(), rules.AUTORIZAR_CORRECCION)
		self.assertEqual(self.state_of(closed_ficha), rules.APROBADA)
		frappe.set_user(self.w.admin)
		api.apply_action(closed_ficha, rules.AUTORIZAR_CORRECCION)
		self.assertEqual(self.state_of(closed_ficha), rules.EN_CORRECCION)

	def test_authorising_needs_a_pending_request(self):
		name = make_ficha(rules.RED, self.periodo, self.w.red_a1, rules.APROBADA)
		frappe.set_user(self.w.admin)
		with self.assertRaises(frappe.ValidationError):
			apply_workflow(frappe.get_doc("Ficha", name).as_dict(), rules.AUTORIZAR_CORRECCION)
		with self.assertRaises(frappe.ValidationError):
			self.save_in_state(name, rules.EN_CORRECCION)
		self.assertEqual(self.state_of(name), rules.APROBADA)

	def test_skipping_states_is_refused(self):
		name = self.ficha(rules.EMPRESA, rules.BORRADOR)
		frappe.set_user(self.w.coord_a)
		with self.assertRaises(frappe.ValidationError) as cm:
			self.save_in_state(name, rules.APROBADA)
		self.assertIn("Borrador", str(cm.exception))
		self.assertEqual(self.state_of(name), rules.BORRADOR)

	def test_notifications_reach_approver_and_sender(self):
		name = self.ficha(rules.EMPRESA, rules.BORRADOR, ventas_brutas=1000)
		frappe.set_user(self.w.ger_a1)
		api.apply_action(name, rules.ENVIAR)
		frappe.set_user(self.w.coord_a)
		api.apply_action(name, rules.APROBAR)
		frappe.set_user("Administrator")

		def logs(user):
			return frappe.get_all(
				"Notification Log", filters={"for_user": user, "document_name": name}, pluck="subject"
			)

		self.assertTrue(any("enviada para su revisión" in s for s in logs(self.w.coord_a)))
		self.assertFalse(logs(self.w.coord_b), "the other conglomerado's coordinator must not be told")
		self.assertTrue(any("aprobada" in s for s in logs(self.w.ger_a1)))
