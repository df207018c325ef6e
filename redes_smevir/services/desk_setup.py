"""Desk experience setup: setup wizard, Spanish desk and login, the SMEVIR workspace as home.

``complete_setup_wizard()`` and ``set_user_defaults(user)`` are called by the demo loader;
``ensure_desk()`` is a registered setup step (``redes_smevir_setup_steps``) that names the site;
``guest_language`` (a ``before_request`` hook) shows the login page in the site's language;
``user_defaults_on_save`` (a ``User`` ``before_save`` doc event) lands every user holding a SMEVIR
role on the SMEVIR workspace. The role-aware "Tareas SMEVIR" block is a fixture
(``fixtures/custom_html_block.json``).
"""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.services.roles import ROLES

WORKSPACE = "SMEVIR"
TASKS_BLOCK = "Tareas SMEVIR"
LANGUAGE = "es"

APP_NAME = "SMEVIR"
FRAPPE_DEFAULT_NAME = "Frappe"  # the default of Website/System Settings.app_name: "not named yet"
APP_MODULE = "Redes SMEVIR"
# Module Profile of the users who only work in SMEVIR: every other module is blocked, so their
# sidebar shows SMEVIR alone (not Usuarios, Sitio Web, Herramientas, Integraciones, Construir).
MODULE_PROFILE = "SMEVIR"
AUTOMATIC_ROLES = {"All", "Guest", "Desk User"}


def ensure_desk() -> None:
	"""Setup step: the site's name on the login page, and the SMEVIR module profile for its users.

	The rest of the Desk artefacts are shipped as files: the workspace, cards and charts in the
	module folders, the task block in ``fixtures/custom_html_block.json``, the default print formats
	and list columns in the DocTypes' JSON.
	"""
	for doctype in ("Website Settings", "System Settings"):
		if frappe.db.get_single_value(doctype, "app_name") in (None, "", FRAPPE_DEFAULT_NAME):
			frappe.db.set_single_value(doctype, "app_name", APP_NAME)
	if ensure_module_profile():
		for user in smevir_only_users():
			frappe.get_doc("User", user).save(ignore_permissions=True)
	ensure_currency_enabled()


def ensure_currency_enabled() -> None:
	"""The programme's currency (Configuración SMEVIR) is enabled, so Desk writes its symbol (S/.)
	like the server does; Frappe sends the browser only enabled currencies and shows the code (PEN)."""
	currency = frappe.db.get_single_value("Configuracion SMEVIR", "moneda")
	if currency and frappe.db.get_value("Currency", currency, "enabled") == 0:
		frappe.db.set_value("Currency", currency, "enabled", 1)


def ensure_module_profile() -> bool:
	"""Create or refresh the profile (modules of apps installed later are blocked too); True if changed."""
	blocked = sorted(m for m in frappe.get_all("Module Def", pluck="name") if m != APP_MODULE)
	if frappe.db.exists("Module Profile", MODULE_PROFILE):
		doc = frappe.get_doc("Module Profile", MODULE_PROFILE)
		if sorted(r.module for r in doc.block_modules) == blocked:
			return False
	else:
		doc = frappe.new_doc("Module Profile")
		doc.module_profile_name = MODULE_PROFILE
	doc.set("block_modules", [{"module": m} for m in blocked])
	doc.save(ignore_permissions=True)
	return True


def is_smevir_only(roles: set[str]) -> bool:
	"""A user whose roles are SMEVIR's (and Frappe's automatic ones) only."""
	return bool(roles & set(ROLES)) and roles <= set(ROLES) | AUTOMATIC_ROLES


def smevir_only_users() -> list[str]:
	has_role = frappe.qb.DocType("Has Role")
	users = (
		frappe.qb.from_(has_role)
		.select(has_role.parent)
		.where((has_role.parenttype == "User") & has_role.role.isin(list(ROLES)))
		.distinct()
		.run(pluck=True)
	)
	return [u for u in users if u != "Administrator" and is_smevir_only(set(frappe.get_roles(u)))]


def teardown_desk() -> None:
	"""Teardown step: remove the task block (the workspace goes with the module), our name and profile."""
	if frappe.db.exists("Custom HTML Block", TASKS_BLOCK):
		frappe.delete_doc("Custom HTML Block", TASKS_BLOCK, ignore_permissions=True, force=True)
	for doctype in ("Website Settings", "System Settings"):
		if frappe.db.get_single_value(doctype, "app_name") == APP_NAME:
			frappe.db.set_single_value(doctype, "app_name", FRAPPE_DEFAULT_NAME)
	users = frappe.get_all("User", filters={"module_profile": MODULE_PROFILE}, pluck="name")
	if users:
		frappe.db.delete("Block Module", {"parenttype": "User", "parent": ("in", users)})
		frappe.db.set_value("User", {"name": ("in", users)}, "module_profile", None, update_modified=False)
	if frappe.db.exists("Module Profile", MODULE_PROFILE):
		frappe.delete_doc("Module Profile", MODULE_PROFILE, ignore_permissions=True, force=True)


def guest_language() -> None:
	"""``before_request`` hook: pages seen before login (login, password reset) speak the site's
	language, not the browser's; a language the visitor picks on the page (its cookie) still wins.

	Frappe v15 (``frappe.translate.get_language``) prefers the Accept-Language header for guests,
	so a Spanish site shows an English login page to a browser set to English.
	"""
	if frappe.session.user != "Guest" or frappe.form_dict.get("_lang"):
		return
	if frappe.request and frappe.request.cookies.get("preferred_language"):
		return
	lang = frappe.db.get_default("lang")
	if lang:
		frappe.local.lang = lang


def complete_setup_wizard(
	country: str = "Peru", timezone: str = "America/Lima", currency: str = "PEN", language: str = "es"
) -> bool:
	"""Finish Frappe's setup wizard the way the wizard does, if not done yet; True when it ran.

	Uses Frappe's own stages (global settings, timezone, post-setup flags) so the site behaves as
	after a manual wizard: System Settings.setup_complete = 1 and Spanish as system language.
	"""
	from frappe.desk.page.setup_wizard import setup_wizard

	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return False
	if "erpnext" in frappe.get_installed_apps():
		# ERPNext's own wizard stages (company, fiscal year, chart of accounts) must run too,
		# or ERPNext is left without a Company and its wizard can no longer start.
		return _complete_erpnext_setup(country, timezone, currency, language)
	args = frappe._dict(
		{
			"language": "Español" if language == "es" else language,
			"country": country if frappe.db.exists("Country", country) else None,
			"timezone": timezone,
			"currency": currency if frappe.db.exists("Currency", currency) else None,
		}
	)
	setup_wizard.update_system_settings(args)
	setup_wizard.set_timezone(args)
	if args.language:
		frappe.db.set_default("lang", language)
	for hook in frappe.get_hooks("setup_wizard_complete"):
		frappe.get_attr(hook)(args)
	setup_wizard.run_post_setup_complete(args)
	return True


DEMO_COMPANY = "Programa Redes Empresariales"


def _complete_erpnext_setup(country: str, timezone: str, currency: str, language: str) -> bool:
	"""The full setup wizard (Frappe's and ERPNext's stages) with a demo Company in Peru."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete
	from frappe.utils import now_datetime

	year = now_datetime().year
	result = setup_complete(
		{
			"language": "Español" if language == "es" else language,
			"country": country,
			"timezone": timezone,
			"currency": currency,
			"full_name": "Administrador SMEVIR",
			"company_name": DEMO_COMPANY,
			"company_abbr": "PRE",
			"chart_of_accounts": "Standard",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"setup_demo": 0,
		}
	)
	if not frappe.db.get_single_value("System Settings", "setup_complete"):
		frappe.throw(
			_(
				"No se pudo completar el asistente de configuración de ERPNext ({0}). Complételo en /app/setup-wizard "
				"y vuelva a cargar la demo."
			).format((result or {}).get("fail") or _("error desconocido"))
		)
	frappe.db.set_default("lang", language)
	return True


def set_user_defaults(user: str) -> None:
	"""Spanish desk and the SMEVIR workspace as the landing page for ``user``."""
	if not frappe.db.exists("User", user):
		return
	values = {"language": LANGUAGE}
	if frappe.db.exists("Workspace", WORKSPACE):
		values["default_workspace"] = WORKSPACE
	frappe.db.set_value("User", user, values, update_modified=False)
	frappe.get_doc("User", user).save(ignore_permissions=True)  # user_defaults_on_save: module profile
	frappe.clear_cache(user=user)


def user_defaults_on_save(doc, method=None) -> None:
	"""User before_save: a user with a SMEVIR role and no landing page gets the SMEVIR workspace;
	one who only works in SMEVIR gets the SMEVIR module profile (SMEVIR alone in the sidebar)."""
	roles = {r.role for r in doc.get("roles") or []}
	if not roles & set(ROLES):
		return
	if not doc.get("default_workspace") and frappe.db.exists("Workspace", WORKSPACE):
		doc.default_workspace = WORKSPACE
	if not frappe.db.exists("Module Profile", MODULE_PROFILE):
		return
	if is_smevir_only(roles) and doc.get("module_profile") in (None, "", MODULE_PROFILE):
		doc.module_profile = MODULE_PROFILE
		blocked = frappe.get_all(
			"Block Module", filters={"parent": MODULE_PROFILE, "parenttype": "Module Profile"}, pluck="module"
		)
		doc.set("block_modules", [{"module": m} for m in blocked])
	elif doc.get("module_profile") == MODULE_PROFILE:
		# the user now has other work on the site: give the other modules back
		doc.module_profile = None
		doc.set("block_modules", [])
