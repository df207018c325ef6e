"""Row-level scoping of SMEVIR records.

A Gerente de Red sees the networks where they are ``gerente`` and those networks' firms and
fichas; a Coordinador UO sees everything of the conglomerados whose coordinators table lists
them; the Administrador SMEVIR sees all. The rule is evaluated live from ``Red.gerente`` and
``Conglomerado.coordinadores``, so reassigning a network moves the access at once. The same
rule serves list views, ``frappe.get_list`` (REST, reports, link search) through
``permission_query_conditions`` and single documents through ``has_permission``.
"""

from __future__ import annotations

import frappe

from redes_smevir.services.roles import COORDINADOR, GERENTE, is_admin


def _scoped_roles(user: str) -> tuple[bool, bool]:
	roles = frappe.get_roles(user)
	return GERENTE in roles, COORDINADOR in roles


def is_scoped(user: str | None = None) -> bool:
	"""True when the user's view is limited to their networks or conglomerados."""
	user = user or frappe.session.user
	if is_admin(user):
		return False
	gerente, coordinador = _scoped_roles(user)
	return gerente or coordinador


def redes_of_gerente(user: str) -> list[str]:
	return frappe.get_all("Red", filters={"gerente": user}, pluck="name")


def conglomerados_of_coordinador(user: str) -> list[str]:
	return frappe.get_all(
		"Conglomerado Coordinador",
		filters={"usuario": user, "parenttype": "Conglomerado", "parentfield": "coordinadores"},
		pluck="parent",
		distinct=True,
	)


def visible_redes(user: str | None = None) -> list[str] | None:
	"""Networks the user may see; None means no restriction."""
	user = user or frappe.session.user
	if not is_scoped(user):
		return None
	gerente, coordinador = _scoped_roles(user)
	redes = set(redes_of_gerente(user)) if gerente else set()
	if coordinador:
		congl = conglomerados_of_coordinador(user)
		if congl:
			redes.update(frappe.get_all("Red", filters={"conglomerado": ("in", congl)}, pluck="name"))
	return sorted(redes)


def visible_conglomerados(user: str | None = None) -> list[str] | None:
	"""Conglomerados the user may see; None means no restriction."""
	user = user or frappe.session.user
	if not is_scoped(user):
		return None
	gerente, coordinador = _scoped_roles(user)
	congl = set(conglomerados_of_coordinador(user)) if coordinador else set()
	if gerente:
		congl.update(frappe.get_all("Red", filters={"gerente": user}, pluck="conglomerado", distinct=True))
	return sorted(c for c in congl if c)


# --- SQL fragments for permission_query_conditions ---------------------------------------------


def _gerente_redes_sql(user: str) -> str:
	return f"(select `tabRed`.`name` from `tabRed` where `tabRed`.`gerente` = {frappe.db.escape(user)})"


def _coordinador_congl_sql(user: str) -> str:
	return (
		"(select `tabConglomerado Coordinador`.`parent` from `tabConglomerado Coordinador`"
		" where `tabConglomerado Coordinador`.`parenttype` = 'Conglomerado'"
		f" and `tabConglomerado Coordinador`.`usuario` = {frappe.db.escape(user)})"
	)


def _conditions(user: str | None, gerente_column: str | None, coord_column: str | None) -> str:
	"""OR of the scope clauses that apply to the user's roles; "" when unrestricted."""
	user = user or frappe.session.user
	if not is_scoped(user):
		return ""
	gerente, coordinador = _scoped_roles(user)
	parts = []
	if gerente and gerente_column:
		parts.append(f"{gerente_column} in {_gerente_redes_sql(user)}")
	if coordinador and coord_column:
		parts.append(f"{coord_column} in {_coordinador_congl_sql(user)}")
	return "(" + " or ".join(parts) + ")" if parts else "1=0"


def red_query(user: str | None = None) -> str:
	return _conditions(user, "`tabRed`.`name`", "`tabRed`.`conglomerado`")


def empresa_query(user: str | None = None) -> str:
	return _conditions(user, "`tabEmpresa`.`red`", "`tabEmpresa`.`conglomerado`")


def ficha_query(user: str | None = None) -> str:
	# A Gerente sees the Empresa and Red fichas of their networks (Región fichas have no network).
	return _conditions(user, "`tabFicha`.`red`", "`tabFicha`.`conglomerado`")


def workflow_action_query(user: str | None = None) -> str:
	"""Frappe's Workflow Action inbox is per role: keep only the fichas inside the user's scope."""
	condition = ficha_query(user)
	if not condition:
		return ""
	return (
		"(`tabWorkflow Action`.`reference_doctype` <> 'Ficha' or `tabWorkflow Action`.`reference_name` in"
		f" (select `tabFicha`.`name` from `tabFicha` where {condition}))"
	)


def conglomerado_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_scoped(user):
		return ""
	gerente, coordinador = _scoped_roles(user)
	parts = []
	if gerente:
		parts.append(
			"`tabConglomerado`.`name` in (select `tabRed`.`conglomerado` from `tabRed`"
			f" where `tabRed`.`gerente` = {frappe.db.escape(user)})"
		)
	if coordinador:
		parts.append(f"`tabConglomerado`.`name` in {_coordinador_congl_sql(user)}")
	return "(" + " or ".join(parts) + ")"


# --- single documents ----------------------------------------------------------------------------


def doc_in_scope(doc, user: str | None = None) -> bool:
	"""Whether ``doc`` (Conglomerado, Red, Empresa or Ficha) lies inside the user's scope."""
	user = user or frappe.session.user
	if not is_scoped(user):
		return True
	gerente, coordinador = _scoped_roles(user)
	doctype = doc.doctype
	if doctype == "Conglomerado":
		congl, red = doc.name, None
	elif doctype == "Red":
		congl, red = doc.conglomerado, doc.name
	else:
		congl, red = doc.get("conglomerado"), doc.get("red")
	if gerente:
		if doctype == "Conglomerado":
			if frappe.db.exists("Red", {"gerente": user, "conglomerado": congl}):
				return True
		elif red and frappe.db.get_value("Red", red, "gerente") == user:
			return True
	if coordinador and congl and congl in conglomerados_of_coordinador(user):
		return True
	return False


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""has_permission hook: deny documents outside the user's scope, defer otherwise."""
	if doc.is_new() and ptype == "create":
		# The values are checked on save (validate) where the form gets a clear message.
		return None
	if not doc_in_scope(doc, user):
		return False
	return None
