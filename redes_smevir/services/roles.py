"""The three SMEVIR roles and who counts as an administrator."""

from __future__ import annotations

import frappe

GERENTE = "Gerente de Red"
COORDINADOR = "Coordinador UO"
ADMINISTRADOR = "Administrador SMEVIR"
ROLES = (GERENTE, COORDINADOR, ADMINISTRADOR)


def is_admin(user: str | None = None) -> bool:
	"""Administrador SMEVIR, System Manager or the Administrator user see and manage everything."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	roles = frappe.get_roles(user)
	return ADMINISTRADOR in roles or "System Manager" in roles


def has_role(role: str, user: str | None = None) -> bool:
	return role in frappe.get_roles(user or frappe.session.user)
