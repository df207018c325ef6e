"""Test-data factories shared by the integration tests (FrappeTestCase).

Every factory is idempotent on its natural key so test classes can call them in setUp.
Names carry a prefix so tests never collide with demo data.
"""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from redes_smevir.domain import ruc as ruc_rules
from redes_smevir.services.roles import ADMINISTRADOR, COORDINADOR, GERENTE

PREFIX = "_T "
_ruc_counter = [0]


def make_user(email: str, *roles: str, first_name: str | None = None) -> str:
	"""A desk user with exactly the given roles (password: Smevir#Test1)."""
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name or email.split("@")[0],
				"send_welcome_email": 0,
				"user_type": "System User",
				"new_password": "Smevir#Test1",
			}
		)
		user.flags.ignore_password_policy = True
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	current = {r.role for r in user.roles}
	if current != set(roles):
		user.set("roles", [])
		for role in roles:
			user.append("roles", {"role": role})
		user.save(ignore_permissions=True)
	return email


def make_conglomerado(name: str, coordinador: str | None = None) -> str:
	name = PREFIX + name
	if not frappe.db.exists("Conglomerado", name):
		frappe.get_doc(
			{
				"doctype": "Conglomerado",
				"nombre_conglomerado": name,
				"sector": "Pruebas",
				"fecha_inicio": "2010-01-01",
			}
		).insert(ignore_permissions=True)
	doc = frappe.get_doc("Conglomerado", name)
	if coordinador and coordinador not in {c.usuario for c in doc.coordinadores}:
		doc.append("coordinadores", {"usuario": coordinador})
		doc.save(ignore_permissions=True)
	return name


def make_red(
	name: str, conglomerado: str, gerente: str | None = None, fecha_ingreso: str = "2010-01-01"
) -> str:
	name = PREFIX + name
	if not frappe.db.exists("Red", name):
		frappe.get_doc(
			{
				"doctype": "Red",
				"nombre_red": name,
				"conglomerado": conglomerado,
				"gerente": gerente,
				"estado": "Red activa",
				"fecha_ingreso": fecha_ingreso,
			}
		).insert(ignore_permissions=True)
	elif gerente and frappe.db.get_value("Red", name, "gerente") != gerente:
		frappe.db.set_value("Red", name, "gerente", gerente)
	return name


def next_ruc(prefix: str = "20") -> str:
	"""A valid RUC not used yet on the site."""
	while True:
		_ruc_counter[0] += 1
		candidate = ruc_rules.make(prefix, 90_000_000 + (_ruc_counter[0] * 7919) % 9_999_999)
		if not frappe.db.exists("Empresa", {"ruc": candidate}):
			return candidate


def make_empresa(
	razon_social: str, red: str | None = None, fecha_ingreso_red: str = "2010-01-01", **extra
) -> str:
	razon_social = PREFIX + razon_social
	existing = frappe.db.get_value("Empresa", {"razon_social": razon_social}, "name")
	if existing:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Empresa",
			"razon_social": razon_social,
			"ruc": extra.pop("ruc", None) or next_ruc(),
			"red": red,
			"fecha_ingreso_red": fecha_ingreso_red if red else None,
			**extra,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def make_periodo(
	name: str,
	tipo: str = "Medición Anual",
	abierto: bool = True,
	fecha_referencia: str | None = None,
	**extra,
) -> str:
	"""A period whose entry window is open today (abierto) or closed (ended yesterday)."""
	name = PREFIX + name
	if abierto:
		inicio, fin = add_days(nowdate(), -10), add_days(nowdate(), 20)
	else:
		inicio, fin = add_days(nowdate(), -40), add_days(nowdate(), -1)
	values = {
		"tipo": tipo,
		"fecha_referencia": fecha_referencia or add_days(inicio, -1),
		"inicio_registro": inicio,
		"fin_registro": fin,
		**extra,
	}
	if frappe.db.exists("Periodo", name):
		doc = frappe.get_doc("Periodo", name)
		doc.update(values)
		doc.save(ignore_permissions=True)
	else:
		frappe.get_doc({"doctype": "Periodo", "nombre_periodo": name, **values}).insert(
			ignore_permissions=True
		)
	return name


def closed_baseline_and_final(
	prefix: str, baseline_on: str = "2020-01-31", final_on: str = "2021-01-31"
) -> tuple[str, str]:
	"""Closed periods «``prefix`` LB» (Línea de Base) and «``prefix`` Final» measured against it."""
	lb = make_periodo(f"{prefix} LB", "Línea de Base", abierto=False, fecha_referencia=baseline_on)
	final = make_periodo(
		f"{prefix} Final", "Medición Final", abierto=False, fecha_referencia=final_on, periodo_base=lb
	)
	return lb, final


def basic_world() -> frappe._dict:
	"""Two conglomerados, one coordinator each, two networks with a gerente each, two firms each.

	Returns the names in a dict so tests read like the scenario they describe.
	"""
	w = frappe._dict()
	w.admin = make_user("t.admin@smevir.test", ADMINISTRADOR)
	w.coord_a = make_user("t.coord.a@smevir.test", COORDINADOR)
	w.coord_b = make_user("t.coord.b@smevir.test", COORDINADOR)
	w.ger_a1 = make_user("t.ger.a1@smevir.test", GERENTE)
	w.ger_a2 = make_user("t.ger.a2@smevir.test", GERENTE)
	w.ger_b1 = make_user("t.ger.b1@smevir.test", GERENTE)
	w.cong_a = make_conglomerado("Conglomerado A", w.coord_a)
	w.cong_b = make_conglomerado("Conglomerado B", w.coord_b)
	w.red_a1 = make_red("Red A1", w.cong_a, w.ger_a1)
	w.red_a2 = make_red("Red A2", w.cong_a, w.ger_a2)
	w.red_b1 = make_red("Red B1", w.cong_b, w.ger_b1)
	w.emp_a1 = [make_empresa(f"Empresa A1-{i}", w.red_a1) for i in (1, 2)]
	w.emp_a2 = [make_empresa(f"Empresa A2-{i}", w.red_a2) for i in (1, 2)]
	w.emp_b1 = [make_empresa(f"Empresa B1-{i}", w.red_b1) for i in (1, 2)]
	return w


def ficha_world() -> frappe._dict:
	""":func:`basic_world` with the Ficha workflow in place: the world the fichas' tests move through."""
	from redes_smevir.services import workflow_setup

	workflow_setup.ensure_workflow()
	return basic_world()


def make_ficha(nivel: str, periodo: str, subject: str, state: str = "Borrador", **values) -> str:
	"""A ficha of ``nivel`` for ``subject`` (empresa, red or conglomerado name) in ``state``.

	Replaces any ficha of the same level, subject and period (one per triple), and is inserted as
	a server-side load (no window or workflow checks), then put in ``state`` directly.
	"""
	from redes_smevir.services import fichas

	field = fichas.subject_field(nivel)
	delete_fichas(nivel=nivel, periodo=periodo, **{field: subject})
	doc = fichas.insert_historical({"nivel": nivel, "periodo": periodo, field: subject, **values}, state)
	return doc.name


def delete_fichas(**filters) -> None:
	"""Delete the fichas matching ``filters`` (e.g. ``periodo=...``) with their correction requests."""
	for name in frappe.get_all("Ficha", filters=filters, pluck="name"):
		frappe.db.delete("Solicitud Correccion", {"ficha": name})
		frappe.delete_doc("Ficha", name, ignore_permissions=True, force=True)


class CommittedWorldTestCase(FrappeTestCase):
	"""Base of test classes whose HTTP requests (another DB connection) need their scenario committed.

	When the class ends, its ``cleanup()`` (if any) and ``remove_test_records`` leave the site as found.
	"""

	@classmethod
	def cleanup(cls) -> None:
		pass

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		cls.cleanup()
		remove_test_records()
		frappe.db.commit()  # nosemgrep
		super().tearDownClass()


def remove_test_records() -> None:
	"""Delete every record the factories made (``_T`` names, test users) and what points at them.

	Test classes that commit (their HTTP requests run on another connection) call it when they end,
	so a test run leaves the site as it found it: nothing of the tests shows in the demo's reports.
	"""
	like = PREFIX + "%"
	fichas = frappe.get_all(
		"Ficha",
		or_filters={"periodo": ("like", like), "red": ("like", like), "conglomerado": ("like", like)},
		pluck="name",
	)
	empresas = frappe.get_all("Empresa", filters={"razon_social": ("like", like)}, pluck="name")
	redes = frappe.get_all("Red", filters={"name": ("like", like)}, pluck="name")
	congls = frappe.get_all("Conglomerado", filters={"name": ("like", like)}, pluck="name")
	cargas = frappe.get_all("Carga de Fichas", filters={"periodo": ("like", like)}, pluck="name")
	users = frappe.get_all("User", filters={"name": ("like", "t.%@smevir.test")}, pluck="name")
	refs = {
		"Ficha": fichas,
		"Empresa": empresas,
		"Red": redes,
		"Conglomerado": congls,
		"Carga de Fichas": cargas,
	}
	for doctype, names in refs.items():
		if not names:
			continue
		for table, dt_col, name_col in (
			("Comment", "reference_doctype", "reference_name"),
			("Version", "ref_doctype", "docname"),
			("Workflow Action", "reference_doctype", "reference_name"),
			("Notification Log", "document_type", "document_name"),
			("ToDo", "reference_type", "reference_name"),
			("DocShare", "share_doctype", "share_name"),
			("File", "attached_to_doctype", "attached_to_name"),
		):
			frappe.db.delete(table, {dt_col: doctype, name_col: ("in", names)})
	if fichas:
		frappe.db.delete("Solicitud Correccion", {"ficha": ("in", fichas)})
		frappe.db.delete("Ficha", {"name": ("in", fichas)})
	if cargas:
		frappe.db.delete("Carga de Fichas Error", {"parent": ("in", cargas)})
		frappe.db.delete("Carga de Fichas", {"name": ("in", cargas)})
	if empresas:
		frappe.db.delete("Red Miembro", {"empresa": ("in", empresas)})
		frappe.db.delete("Empresa", {"name": ("in", empresas)})
	if redes:
		frappe.db.delete("Red Miembro", {"parent": ("in", redes)})
		frappe.db.delete("Red Fase", {"parent": ("in", redes)})
		frappe.db.delete("Red", {"name": ("in", redes)})
	if congls:
		frappe.db.delete("Conglomerado Coordinador", {"parent": ("in", congls)})
		frappe.db.delete("Conglomerado", {"name": ("in", congls)})
	if frappe.db.table_exists("Ficha Comparacion"):
		frappe.db.delete("Ficha Comparacion", {"periodo": ("like", like)})
		if empresas:
			frappe.db.delete("Ficha Comparacion", {"empresa": ("in", empresas)})
	frappe.db.delete("Periodo", {"name": ("like", like)})
	if users:
		for table, column in (
			("Has Role", "parent"),
			("Block Module", "parent"),
			("Sessions", "user"),
			("Notification Log", "for_user"),
			("File", "owner"),
		):
			frappe.db.delete(table, {column: ("in", users)})
		frappe.db.delete("User", {"name": ("in", users)})
	frappe.db.delete("Error Log", {"method": ("like", "%" + PREFIX + "%")})
	frappe.clear_cache()
