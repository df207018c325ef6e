"""Fill Ficha.clave_unica (one ficha per level, subject and period) on fichas saved before it existed."""

import frappe

from redes_smevir.services.fichas import subject_field, unique_key


def execute() -> None:
	rows = frappe.get_all(
		"Ficha",
		filters={"clave_unica": ("is", "not set")},
		fields=["name", "nivel", "periodo", "empresa", "red", "conglomerado"],
		order_by="creation asc",
	)
	seen = set(frappe.get_all("Ficha", filters={"clave_unica": ("is", "set")}, pluck="clave_unica"))
	for row in rows:
		if row.nivel not in ("Empresa", "Red", "Región"):
			continue
		key = unique_key(row.nivel, row.get(subject_field(row.nivel)), row.periodo)
		if not key or key in seen:
			continue  # an older duplicate keeps the key; the later one stays without it
		seen.add(key)
		frappe.db.set_value("Ficha", row.name, "clave_unica", key, update_modified=False)
