"""Every index the app adds to its tables, in one place (created at install, migrate and DocType sync).

- Ficha lookups: one ficha per subject and period, the per-period reports.
- Progress engine (services/progress.py): covering indexes, so its joins never open the wide
  Ficha rows.
- Marco Lógico (services/indicators_sql.py): the purpose indicator compares each firm's gross
  sales with its baseline (PROP-01, Incremento de Ventas). ``smevir_ventas`` holds every column
  the period side of that join reads, in the order it groups (period, conglomerado, network);
  ``smevir_ventas_base`` the baseline side, in firm order. Both sides are index-only range scans
  without a temporary table: at 131k fichas the query went from 0.85 s (two full scans) to
  0.27 s. ``smevir_ventas`` fits InnoDB's 3,072-byte key limit because ``Ficha.nivel`` is a
  VARCHAR(20) (its longest value is «Satisfacción»).
"""

from __future__ import annotations

import frappe

# doctype -> [(columns, index name or None for Frappe's default `col1_col2_index`)]
INDEXES: dict[str, list[tuple[tuple[str, ...], str | None]]] = {
	"Ficha": [
		(("empresa", "periodo"), None),
		(("red", "periodo"), None),
		(("periodo", "nivel", "workflow_state"), None),
		(
			("empresa", "periodo", "nivel", "red", "workflow_state"),
			"smevir_empresa_periodo_nivel_red_workflow",
		),
		(("red", "periodo", "nivel", "workflow_state"), "smevir_red_periodo_nivel_workflow"),
		(
			("periodo", "nivel", "workflow_state", "conglomerado", "red", "empresa", "ventas_brutas"),
			"smevir_ventas",
		),
		(("periodo", "nivel", "workflow_state", "empresa", "ventas_brutas"), "smevir_ventas_base"),
	],
	"Red Miembro": [
		(
			("parent", "parenttype", "fecha_ingreso", "fecha_salida", "empresa"),
			"smevir_parent_parentty_fecha_in_fecha_sa_empresa",
		),
		(("empresa",), "smevir_empresa"),
	],
	"Red": [(("gerente",), "smevir_gerente"), (("conglomerado",), "smevir_conglome")],
	"Conglomerado Coordinador": [(("usuario",), "smevir_usuario")],
}


def ensure_indexes(doctype: str | None = None) -> None:
	"""Create the indexes above where missing (idempotent); ``doctype``: only that table's."""
	for dt, indexes in INDEXES.items():
		if doctype and dt != doctype:
			continue
		for columns, name in indexes:
			frappe.db.add_index(dt, list(columns), name)
