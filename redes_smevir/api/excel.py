"""Whitelisted endpoints of the fichas Excel round trip (thin: checks live in services)."""

from __future__ import annotations

import frappe

from redes_smevir.services import excel_fichas


@frappe.whitelist(methods=["GET", "POST"])
@frappe.read_only()
def download_template(
	periodo: str, nivel: str = "Empresa", red: str | None = None, conglomerado: str | None = None
) -> None:
	"""Send the .xlsx template of ``periodo`` for a network or a conglomerado."""
	filename, content = excel_fichas.build_template(periodo, nivel, red or None, conglomerado or None)
	frappe.response["filename"] = filename
	frappe.response["filecontent"] = content
	frappe.response["type"] = "binary"


@frappe.whitelist(methods=["POST"])
def validate_upload(carga: str) -> dict:
	"""Check the file attached to a Carga de Fichas; writes no ficha."""
	frappe.has_permission("Carga de Fichas", "write", carga, throw=True)
	return excel_fichas.run_carga(carga, validate_only=True)


@frappe.whitelist(methods=["POST"])
def start_upload(carga: str) -> str:
	"""Queue the all-or-nothing upload of the file attached to a Carga de Fichas."""
	doc = frappe.get_doc("Carga de Fichas", carga)
	doc.check_permission("write")
	return excel_fichas.start_carga(doc)
