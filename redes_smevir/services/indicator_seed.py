"""The seed's logical-framework indicators, installed by the setup steps (hooks.redes_smevir_setup_steps)."""

from __future__ import annotations

import json
import os

import frappe


def ensure_default_indicators() -> int:
	"""Insert the seed's logical-framework indicators whose code is missing; never touch others."""
	path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "setup_data", "indicadores.json")
	with open(path, encoding="utf-8") as f:
		data = json.load(f)
	created = 0
	for values in data["indicadores"]:
		if frappe.db.exists("Indicador", values["codigo"]):
			continue
		doc = frappe.get_doc({"doctype": "Indicador", **values})
		doc.flags.ignore_links = True  # metas may name conglomerados created later (Gamarra, Cusco)
		try:
			doc.insert(ignore_permissions=True)
		except frappe.ValidationError:
			frappe.log_error(title=f"SMEVIR: indicador {values['codigo']} no instalado")
			frappe.clear_last_message()
			continue
		created += 1
	return created
