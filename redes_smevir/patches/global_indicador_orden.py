"""Default indicators get one global order (Propósito 10…, Componente 1 110…, …, Actividad 610), so the
Indicador list sorted by «Orden» reads like the Marco Lógico. Only values still at the old default
(restarting at 10 in each level) are changed; an order an administrator set stays."""

import json
import os

import frappe

OLD_START = 10  # each level used to restart at 10, 20, …


def execute() -> None:
	path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "setup_data", "indicadores.json")
	with open(path, encoding="utf-8") as f:
		seed = json.load(f)["indicadores"]
	by_level: dict[str, list] = {}
	for row in seed:
		by_level.setdefault(row["nivel_marco"], []).append(row)
	for rows in by_level.values():
		for i, row in enumerate(rows):
			old = OLD_START * (i + 1)
			current = frappe.db.get_value("Indicador", row["codigo"], "orden")
			if current is not None and current == old and current != row["orden"]:
				frappe.db.set_value("Indicador", row["codigo"], "orden", row["orden"], update_modified=False)
