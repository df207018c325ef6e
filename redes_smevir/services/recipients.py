"""Who is told about a ficha: its approvers, enterers and correction authorisers (notifications, reminders)."""

from __future__ import annotations

import frappe

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import roles
from redes_smevir.services.periods import window_is_open


def users_with_role(role: str) -> list[str]:
	HasRole = frappe.qb.DocType("Has Role")
	User = frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(HasRole)
		.join(User)
		.on(User.name == HasRole.parent)
		.select(User.name)
		.distinct()
		.where((HasRole.role == role) & (HasRole.parenttype == "User") & (User.enabled == 1))
		.where(User.name.notin(["Administrator", "Guest"]))
		.run(pluck=True)
	)
	return list(rows)


def coordinators_of(conglomerado: str | None) -> list[str]:
	if not conglomerado:
		return []
	return frappe.get_all(
		"Conglomerado Coordinador",
		filters={"parent": conglomerado, "parenttype": "Conglomerado"},
		pluck="usuario",
		distinct=True,
	)


def approvers_of(doc) -> list[str]:
	if doc.nivel in rules.FIRM_LEVELS:
		return coordinators_of(doc.conglomerado)
	return users_with_role(roles.ADMINISTRADOR)


def enterers_of(doc) -> list[str]:
	if doc.nivel in rules.FIRM_LEVELS:
		gerente = frappe.db.get_value("Red", doc.red, "gerente") if doc.red else None
		return [gerente] if gerente else []
	if doc.nivel == rules.RED:
		return coordinators_of(doc.conglomerado)
	return users_with_role(roles.ADMINISTRADOR)


def authorisers_of(doc) -> list[str]:
	users = set(users_with_role(roles.ADMINISTRADOR))
	if doc.nivel in rules.FIRM_LEVELS and window_is_open(doc.periodo):
		users.update(coordinators_of(doc.conglomerado))
	return sorted(users)
