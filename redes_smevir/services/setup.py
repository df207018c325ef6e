"""Idempotent setup of what the app needs on a site: roles, base geography, settings.

Runs after install and after every migrate; running it twice changes nothing.
"""

from __future__ import annotations

import json
import os

import frappe

from redes_smevir.services.roles import ROLES

SETUP_DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "setup_data")


DEFAULT_TIME_ZONE = "America/Lima"


def setup_all() -> None:
	ensure_time_zone()
	ensure_roles()
	ensure_geography()
	ensure_settings()
	for step in frappe.get_hooks("redes_smevir_setup_steps") or []:
		frappe.get_attr(step)()


def ensure_time_zone() -> None:
	"""A site with no time zone yet gets Peru's before anything is created.

	Frappe v15 dates a record in Asia/Kolkata while System Settings has no time zone, so records
	created at install would read ~10 h in the future once the setup wizard sets Lima.
	"""
	if not frappe.db.get_single_value("System Settings", "time_zone"):
		frappe.db.set_single_value("System Settings", "time_zone", DEFAULT_TIME_ZONE)
		frappe.clear_document_cache("System Settings", "System Settings")
		if hasattr(frappe.local, "system_settings"):  # frappe.get_system_settings' per-request copy
			del frappe.local.system_settings


def ensure_roles() -> None:
	for role in ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1, "is_custom": 0}).insert(
				ignore_permissions=True
			)


def _load(name: str) -> dict:
	with open(os.path.join(SETUP_DATA, name), encoding="utf-8") as f:
		return json.load(f)


def ensure_records(doctype: str, rows: list[dict], key: str) -> int:
	"""Insert the rows whose ``key`` value does not exist yet; return how many were created."""
	created = 0
	for row in rows:
		name_filters = {key: row[key]}
		if doctype == "Distrito":
			name_filters["provincia"] = row["provincia"]
		if frappe.db.exists(doctype, name_filters):
			continue
		frappe.get_doc({"doctype": doctype, **row}).insert(ignore_permissions=True)
		created += 1
	return created


def ensure_geography() -> None:
	data = _load("geografia.json")
	ensure_records("Region Geografica", data["regiones"], "nombre_region")
	ensure_records("Provincia", data["provincias"], "nombre_provincia")
	ensure_records("Distrito", data["distritos"], "nombre_distrito")
	ensure_records("Cadena Productiva", data["cadenas"], "nombre_cadena")
	ensure_records("Rubro", data["rubros"], "nombre_rubro")


def ensure_settings() -> None:
	settings = frappe.get_single("Configuracion SMEVIR")
	changed = False
	for field in settings.meta.fields:
		if field.default and settings.get(field.fieldname) in (None, ""):
			if field.fieldtype == "Link" and not frappe.db.exists(field.options, field.default):
				continue
			settings.set(field.fieldname, field.default)
			changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()


# The app's DocTypes (uninstall drops their tables; rows elsewhere that point at them must go too).
APP_DOCTYPES = (
	"Region Geografica",
	"Provincia",
	"Distrito",
	"Cadena Productiva",
	"Rubro",
	"Conglomerado",
	"Conglomerado Coordinador",
	"Red",
	"Red Fase",
	"Red Miembro",
	"Empresa",
	"Periodo",
	"Ficha",
	"Indicador",
	"Indicador Meta",
	"Solicitud Correccion",
	"Carga de Fichas",
	"Carga de Fichas Error",
	"Configuracion SMEVIR",
	"Ficha Comparacion",
	"Costo Programa",
	"Vinculo Contable",
)
WORKSPACE = "SMEVIR"
# Frappe rows that reference a document by (doctype column, name column).
_REFERENCES = (
	("Workflow Action", "reference_doctype"),
	("Notification Log", "document_type"),
	("ToDo", "reference_type"),
	("DocShare", "share_doctype"),
	("Document Follow", "ref_doctype"),
	("Comment", "reference_doctype"),
	("Version", "ref_doctype"),
	("Property Setter", "doc_type"),
	("Custom Field", "dt"),
	("Client Script", "dt"),
	("User Permission", "allow"),
)


def teardown() -> None:
	"""Remove what setup created outside the app's own DocTypes, and every row pointing at them.

	After uninstall no user may keep the SMEVIR workspace as landing page (Desk would answer 500),
	and no Property Setter, Workflow Action, Notification Log, share, follow, comment or version
	may point at a DocType that no longer exists.
	"""
	for step in frappe.get_hooks("redes_smevir_teardown_steps") or []:
		frappe.get_attr(step)()
	user = frappe.qb.DocType("User")
	frappe.qb.update(user).set(user.default_workspace, "").where(user.default_workspace == WORKSPACE).run()
	for doctype, column in _REFERENCES:
		if frappe.db.table_exists(doctype):
			frappe.db.delete(doctype, {column: ("in", APP_DOCTYPES)})
	frappe.db.delete("Singles", {"doctype": "Configuracion SMEVIR"})
	frappe.db.delete("DefaultValue", {"defkey": "Configuracion SMEVIR"})
	frappe.clear_cache()
	for role in ROLES:
		frappe.db.delete("Has Role", {"role": role})
		frappe.db.delete("Custom DocPerm", {"role": role})
		if frappe.db.exists("Role", role):
			frappe.delete_doc("Role", role, ignore_permissions=True, force=True)


def prepare_test_site() -> None:
	"""before_tests hook: make sure setup ran on the test site."""
	setup_all()
	frappe.db.commit()  # nosemgrep
