"""Membership history of firms in networks (child table ``Red Miembro`` of ``Red``)."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from redes_smevir.domain import membership as rules
from redes_smevir.services import problem_messages


def _stints(filters: dict) -> list[rules.Stint]:
	rows = frappe.get_all(
		"Red Miembro",
		filters={"parenttype": "Red", **filters},
		fields=["empresa", "parent", "fecha_ingreso", "fecha_salida"],
	)
	return [
		rules.Stint(
			r.empresa,
			r.parent,
			getdate(r.fecha_ingreso),
			getdate(r.fecha_salida) if r.fecha_salida else None,
		)
		for r in rows
	]


def members_on(red: str, on: date | str) -> list[str]:
	"""Firms (Empresa names) that belonged to ``red`` on date ``on``."""
	return rules.members_on(_stints({"parent": red}), red, getdate(on))


def network_of(empresa: str, on: date | str) -> str | None:
	"""The network ``empresa`` belonged to on date ``on``, or None."""
	return rules.network_of(_stints({"empresa": empresa}), empresa, getdate(on))


def all_stints() -> list[rules.Stint]:
	return _stints({})


def sync_from_empresa(empresa) -> None:
	"""Open/close membership rows after an Empresa's ``red`` changed (called from on_update)."""
	before = empresa.get_doc_before_save()
	old_red = before.red if before else None
	new_red = empresa.red
	join_date = getdate(empresa.fecha_ingreso_red or nowdate())
	if old_red and old_red != new_red:
		_close(old_red, empresa.name, join_date if new_red else getdate(nowdate()))
	if new_red and not _open_row(new_red, empresa.name):
		red = frappe.get_doc("Red", new_red)
		red.append("miembros", {"empresa": empresa.name, "fecha_ingreso": join_date})
		red.flags.ignore_permissions = True
		red.save()


def _open_row(red: str, empresa: str) -> str | None:
	return frappe.db.get_value(
		"Red Miembro",
		{"parenttype": "Red", "parent": red, "empresa": empresa, "fecha_salida": ("is", "not set")},
		"name",
	)


def _close(red_name: str, empresa: str, on: date) -> None:
	red = frappe.get_doc("Red", red_name)
	changed = False
	for row in red.miembros:
		if row.empresa == empresa and not row.fecha_salida:
			row.fecha_salida = max(on, getdate(row.fecha_ingreso))
			row.motivo_salida = row.motivo_salida or _("Cambio de red")
			changed = True
	if changed:
		red.flags.ignore_permissions = True
		red.save()


def validate_rows(red) -> None:
	"""Refuse member rows that end before they start or overlap for the same firm."""
	stints = [
		rules.Stint(
			row.empresa,
			red.name,
			getdate(row.fecha_ingreso),
			getdate(row.fecha_salida) if row.fecha_salida else None,
		)
		for row in red.miembros
		if row.empresa and row.fecha_ingreso
	]
	problems = rules.stint_problems(stints)
	if problems:
		frappe.throw(
			"<br>".join(problem_messages.message(p) for p in problems),
			title=_("Historial de miembros incoherente"),
		)
