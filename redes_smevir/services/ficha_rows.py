"""Counted fichas as rows for computations (indicators, sales increase), read in the user's scope."""

from __future__ import annotations

import frappe

from redes_smevir.domain import ficha_rules

# Columns that identify a ficha row in every computation.
KEY_COLUMNS = ("nivel", "periodo", "empresa", "red", "conglomerado")


def counted_states(incluir_enviadas: bool = False) -> list[str]:
	"""Workflow states whose fichas count: approved only, or approved and sent (preview)."""
	return [ficha_rules.APROBADA, ficha_rules.ENVIADA] if incluir_enviadas else [ficha_rules.APROBADA]


def fetch_fichas(
	niveles: list[str],
	periodos: list[str],
	fields: set[str] | list[str],
	incluir_enviadas: bool = False,
	conglomerado: str | None = None,
	red: str | None = None,
	user: str | None = None,
) -> list[dict]:
	"""Fichas of the periods as dicts with the key columns and ``fields``, in the user's scope."""
	if not niveles or not periodos:
		return []
	meta = frappe.get_meta("Ficha")
	extra = sorted(f for f in fields if f not in KEY_COLUMNS and meta.has_field(f))
	keys = [k for k in KEY_COLUMNS if k != "empresa" or "Empresa" in niveles]
	columns = keys + extra
	filters: dict = {
		"nivel": ("in", niveles),
		"periodo": ("in", periodos),
		"workflow_state": ("in", counted_states(incluir_enviadas)),
	}
	if conglomerado:
		filters["conglomerado"] = conglomerado
	if red:
		filters["red"] = red
	data = frappe.get_list(
		"Ficha",
		fields=columns,
		filters=filters,
		limit_page_length=0,
		order_by=None,
		as_list=True,
		user=user or frappe.session.user,
	)
	rows = [dict(zip(columns, row, strict=False)) for row in data]
	if "empresa" not in keys:
		for r in rows:
			r["empresa"] = None
	return rows
