# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt
"""One ficha's whole life, as the users live it, and its history in Version documents."""

import json
import re

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase

from redes_smevir.api import fichas as api
from redes_smevir.tests.factories import ficha_world, make_periodo


def amount(formatted) -> float:
	"""A Version stores currency as displayed (e.g. "S/. 1,000,000.00")."""
	number = re.findall(r"\d[\d.,]*", str(formatted))[-1]
	if re.search(r",\d{1,2}$", number):  # "1.000.000,00"
		number = number.replace(".", "").replace(",", ".")
	return float(number.replace(",", ""))


class TestFichaStory(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = ficha_world()
		cls.periodo = make_periodo("Historia Abierto", abierto=True)

	def tearDown(self):
		frappe.set_user("Administrator")

	def as_user(self, user):
		frappe.set_user(user)

	def enter(self, firm, ventas_brutas):
		"""What the form's Guardar does for a new Empresa ficha of the period (as the current user)."""
		return frappe.get_doc(
			{
				"doctype": "Ficha",
				"nivel": "Empresa",
				"periodo": self.periodo,
				"empresa": firm,
				"ventas_brutas": ventas_brutas,
			}
		).insert()

	def button(self, name, action):
		"""What the form's workflow button does."""
		return apply_workflow(frappe.get_doc("Ficha", name).as_dict(), action)

	def test_enter_return_fix_approve_correct_history(self):
		w = self.w
		firm = w.emp_a1[0]
		for old in frappe.get_all("Ficha", filters={"periodo": self.periodo, "empresa": firm}, pluck="name"):
			frappe.delete_doc("Ficha", old, force=True)

		# 1. The Gerente enters the ficha and sends it.
		self.as_user(w.ger_a1)
		doc = self.enter(firm, 1000000)
		name = doc.name
		self.assertEqual(doc.workflow_state, "Borrador")
		self.button(name, "Enviar")

		# 2. The Coordinador returns it with a reason the Gerente sees.
		self.as_user(w.coord_a)
		api.observe(name, "Las ventas parecen estar en soles y no en miles; revise.")
		self.as_user(w.ger_a1)
		doc = frappe.get_doc("Ficha", name)
		self.assertEqual(doc.workflow_state, "Observada")
		self.assertEqual(doc.motivo_observacion, "Las ventas parecen estar en soles y no en miles; revise.")
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": w.ger_a1, "document_name": name, "subject": ("like", "%revise%")},
			)
		)

		# 3. The Gerente fixes the value and sends again; the Coordinador approves.
		doc.ventas_brutas = 100000
		doc.save()
		self.button(name, "Enviar")
		self.as_user(w.coord_a)
		self.button(name, "Aprobar")
		self.assertEqual(frappe.db.get_value("Ficha", name, "aprobado_por"), w.coord_a)

		# 4. The Gerente asks for a correction; the Administrador authorises it.
		self.as_user(w.ger_a1)
		solicitud = api.request_correction(name, "Faltó sumar las ventas de diciembre.")
		self.as_user(w.admin)
		api.decide_correction(solicitud, 1, "Autorizado; adjunte el sustento.")
		self.assertEqual(frappe.db.get_value("Ficha", name, "workflow_state"), "En Corrección")
		req = frappe.get_doc("Solicitud Correccion", solicitud)
		self.assertEqual(
			(req.estado, req.solicitado_por, req.decidido_por), ("Autorizada", w.ger_a1, w.admin)
		)
		self.assertTrue(req.fecha_decision)

		# 5. The Gerente changes the value and sends; the Coordinador approves again.
		self.as_user(w.ger_a1)
		doc = frappe.get_doc("Ficha", name)
		doc.ventas_brutas = 112000
		doc.save()
		self.button(name, "Enviar")
		self.as_user(w.coord_a)
		self.button(name, "Aprobar")
		self.as_user("Administrator")

		# The ficha's history: its creation (owner, creation) and every later step as a Version
		# with who (owner) and when (creation).
		created = frappe.db.get_value("Ficha", name, ["owner", "creation"], as_dict=True)
		self.assertEqual(created.owner, w.ger_a1)
		versions = frappe.get_all(
			"Version",
			filters={"ref_doctype": "Ficha", "docname": name},
			fields=["owner", "creation", "data"],
			order_by="creation asc",
		)
		steps = []
		for v in versions:
			data = json.loads(v.data)
			self.assertTrue(v.creation)
			changed = {c[0]: (c[1], c[2]) for c in data.get("changed", [])}
			if "workflow_state" in changed:
				steps.append((v.owner, "estado", *changed["workflow_state"]))
			elif "ventas_brutas" in changed:
				steps.append((v.owner, "ventas_brutas", *map(amount, changed["ventas_brutas"])))
			else:
				steps.append((v.owner, "otro", sorted(changed)))
		self.assertEqual(
			steps,
			[
				(w.ger_a1, "estado", "Borrador", "Enviada"),
				(w.coord_a, "estado", "Enviada", "Observada"),
				(w.ger_a1, "ventas_brutas", 1000000.0, 100000.0),
				(w.ger_a1, "estado", "Observada", "Enviada"),
				(w.coord_a, "estado", "Enviada", "Aprobada"),
				(w.admin, "estado", "Aprobada", "En Corrección"),
				(w.ger_a1, "ventas_brutas", 100000.0, 112000.0),
				(w.ger_a1, "estado", "En Corrección", "Enviada"),
				(w.coord_a, "estado", "Enviada", "Aprobada"),
			],
		)
		# The reason of the return is in the Version of that step, too.
		observed = next(
			json.loads(v.data) for v in versions if '"Observada"' in v.data and w.coord_a == v.owner
		)
		self.assertIn("motivo_observacion", [c[0] for c in observed["changed"]])

		# The request and the decision are on the ficha's timeline.
		comments = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "Ficha", "reference_name": name, "comment_type": "Comment"},
			fields=["content", "owner"],
		)
		texts = " | ".join(c.content for c in comments)
		self.assertIn("Faltó sumar las ventas de diciembre.", texts)
		self.assertIn("Corrección autorizada", texts)
		self.assertIn("adjunte el sustento", texts)
		self.assertIn("Las ventas parecen estar en soles", texts)
		# and the request's own history records the decision and who took it
		req_versions = frappe.get_all(
			"Version",
			filters={"ref_doctype": "Solicitud Correccion", "docname": solicitud},
			fields=["owner", "data"],
		)
		self.assertTrue(any(v.owner == w.admin and "Autorizada" in v.data for v in req_versions))

		# After approval the ficha is read-only again.
		self.as_user(w.ger_a1)
		doc = frappe.get_doc("Ficha", name)
		doc.ventas_brutas = 1
		with self.assertRaises(frappe.PermissionError):
			doc.save()

	def test_refused_correction_keeps_ficha_approved(self):
		w = self.w
		firm = w.emp_a1[1]
		self.as_user(w.ger_a1)
		doc = self.enter(firm, 5)
		self.button(doc.name, "Enviar")
		self.as_user(w.coord_a)
		self.button(doc.name, "Aprobar")
		self.as_user(w.ger_a1)
		solicitud = api.request_correction(doc.name, "Quiero cambiar el dato.")
		with self.assertRaises(frappe.DuplicateEntryError):
			api.request_correction(doc.name, "Otra vez.")
		# a gerente cannot decide, nor change the request's state over REST
		with self.assertRaises(frappe.PermissionError):
			api.decide_correction(solicitud, 1)
		values = frappe.get_doc("Solicitud Correccion", solicitud).as_dict()
		values["estado"] = "Autorizada"
		with self.assertRaises(frappe.PermissionError):
			frappe.client.save(values)
		self.as_user(w.admin)
		api.decide_correction(solicitud, 0, "El dato está sustentado; no procede.")
		self.assertEqual(frappe.db.get_value("Ficha", doc.name, "workflow_state"), "Aprobada")
		self.assertEqual(frappe.db.get_value("Solicitud Correccion", solicitud, "estado"), "Rechazada")
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": w.ger_a1, "document_name": doc.name, "subject": ("like", "%rechazada%")},
			)
		)
		# the coordinator (wrong role for Red fichas) and other roles cannot ask for corrections of Empresa fichas
		self.as_user(w.coord_a)
		with self.assertRaises(frappe.PermissionError):
			api.request_correction(doc.name, "No me corresponde.")
