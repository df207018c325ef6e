"""Desk experience setup: setup wizard, Spanish desk and the SMEVIR workspace as home.

``complete_setup_wizard()`` and ``set_user_defaults(user)`` are called by the demo loader;
``ensure_desk()`` is a registered setup step (``redes_smevir_setup_steps``) that creates the
role-aware "Tareas SMEVIR" block of the workspace; ``user_defaults_on_save`` (a ``User``
``before_save`` doc event) lands every user holding a SMEVIR role on the SMEVIR workspace.
"""

from __future__ import annotations

import frappe
from frappe import _

from redes_smevir.services.roles import ROLES

WORKSPACE = "SMEVIR"
TASKS_BLOCK = "Tareas SMEVIR"
LANGUAGE = "es"

TASKS_HTML = """<div class="smevir-tasks">
	<div class="smevir-window text-muted"></div>
	<div class="smevir-groups"></div>
</div>"""

TASKS_CSS = """.smevir-tasks { padding: 4px 2px; }
.smevir-window { margin-bottom: 10px; font-size: 13px; }
.smevir-window b { color: var(--text-color); }
.smevir-groups { display: flex; flex-wrap: wrap; gap: 16px; }
.smevir-group { flex: 1 1 300px; border: 1px solid var(--border-color); border-radius: 8px; padding: 10px 14px; background: var(--card-bg); }
.smevir-group h5 { margin: 0 0 8px 0; font-weight: 600; font-size: 14px; }
.smevir-item { display: flex; justify-content: space-between; align-items: center; padding: 5px 0; cursor: pointer; border-top: 1px solid var(--border-color); font-size: 13px; }
.smevir-item:first-of-type { border-top: none; }
.smevir-item:hover { color: var(--primary); }
.smevir-subitem { padding: 3px 0 6px 14px; font-size: 12px; cursor: pointer; border-left: 3px solid var(--orange-300, #f6ad55); margin-bottom: 4px; }
.smevir-subitem a { font-weight: 500; }
"""

TASKS_JS = """const box = root_element.querySelector(".smevir-tasks");
const esc = (s) => frappe.utils.escape_html(String(s == null ? "" : s));
const SECTION_ROLES = {
	"Gerente de red: mis fichas": ["Gerente de Red", "Coordinador UO", "Administrador SMEVIR"],
	"Coordinador UO: revisión y aprobación": ["Coordinador UO", "Administrador SMEVIR"],
	"Administración SMEVIR": ["Administrador SMEVIR"],
};
const hide_other_roles_sections = () => {
	// Each user sees only the shortcut sections of their own roles (all of them for System Managers).
	const roles = frappe.user_roles || [];
	if (roles.includes("System Manager") || roles.includes("Administrator")) return;
	const blocks = document.querySelectorAll(".layout-main-section .codex-editor .ce-block");
	let hide = false;
	blocks.forEach((block) => {
		const header = block.querySelector(".ce-header, .widget.header");
		if (header) {
			const wanted = SECTION_ROLES[header.textContent.trim()];
			hide = !!wanted && !wanted.some((r) => roles.includes(r));
		}
		if (hide) block.style.display = "none";
	});
};
const show_missing = (item) => {
	const rows = (item.missing || []).map((m, i) => `<tr>
		<td>${esc(m.label)}</td>
		<td class="text-right"><button class="btn btn-xs btn-primary" data-i="${i}">${__("Registrar ficha")}</button></td>
	</tr>`).join("");
	const d = new frappe.ui.Dialog({ title: item.label, size: "large" });
	d.$body.html(rows
		? `<p class="text-muted">${__("Registre cada ficha con el botón de su fila; se abre con el nivel, el periodo y la empresa o red ya llenos.")}</p>
			<table class="table table-sm"><tbody>${rows}</tbody></table>`
		: `<p>${__("Todas las fichas esperadas ya están registradas.")}</p>`);
	d.$body.on("click", "button[data-i]", (e) => {
		const m = item.missing[Number(e.currentTarget.dataset.i)];
		d.hide();
		const values = { nivel: m.nivel, periodo: m.periodo };
		if (m.nivel === "Empresa") values.empresa = m.empresa; else values.red = m.red;
		frappe.new_doc("Ficha", values);
	});
	d.show();
};
frappe.xcall("redes_smevir.api.desk.workspace_tasks").then((data) => {
	const w = data.window || {};
	let text;
	if (!w.periodo) {
		text = __("No hay periodos de medición registrados.");
	} else if (w.estado === "Abierto") {
		text = __("Periodo abierto: <b>{0}</b>. El registro cierra el {1}: quedan <b>{2}</b> días.", [
			esc(w.periodo), frappe.datetime.str_to_user(w.fin_registro), w.dias_restantes]);
	} else if (w.estado === "Programado") {
		text = __("Próximo periodo: <b>{0}</b>. El registro abre el {1}.", [
			esc(w.periodo), frappe.datetime.str_to_user(w.inicio_registro)]);
	} else {
		text = __("Último periodo: <b>{0}</b> (registro cerrado el {1}).", [
			esc(w.periodo), frappe.datetime.str_to_user(w.fin_registro)]);
	}
	box.querySelector(".smevir-window").innerHTML = text;
	const groups = box.querySelector(".smevir-groups");
	groups.innerHTML = "";
	(data.groups || []).forEach((g) => {
		const el = document.createElement("div");
		el.className = "smevir-group";
		el.innerHTML = `<h5>${esc(g.title)}</h5>`;
		g.items.forEach((it) => {
			const row = document.createElement("div");
			row.className = "smevir-item";
			const color = it.count ? (it.color || "blue") : "gray";
			row.innerHTML = `<span>${esc(it.label)}</span>
				<span class="indicator-pill no-indicator-dot ${color}">${esc(it.count)}</span>`;
			row.addEventListener("click", () => {
				if (it.missing) return show_missing(it);
				frappe.route_options = it.filters || {};
				frappe.set_route("List", it.doctype);
			});
			el.appendChild(row);
			(it.fichas || []).forEach((f) => {
				const sub = document.createElement("div");
				sub.className = "smevir-subitem";
				sub.innerHTML = `<a>${esc(f.titulo || f.name)}</a>` +
					(f.motivo_observacion ? `<div class="text-muted">${__("Motivo")}: ${esc(f.motivo_observacion)}</div>` : "");
				sub.addEventListener("click", () => frappe.set_route("Form", "Ficha", f.name));
				el.appendChild(sub);
			});
		});
		groups.appendChild(el);
	});
	hide_other_roles_sections();
});
"""


def ensure_desk() -> None:
	"""Setup step: create or refresh the role-aware task block shown on the SMEVIR workspace."""
	ensure_default_print_formats()
	ensure_list_settings()
	values = {"html": TASKS_HTML, "script": TASKS_JS, "style": TASKS_CSS, "private": 0}
	if frappe.db.exists("Custom HTML Block", TASKS_BLOCK):
		doc = frappe.get_doc("Custom HTML Block", TASKS_BLOCK)
		if all(doc.get(k) == v for k, v in values.items()):
			return
		doc.update(values)
		doc.save(ignore_permissions=True)
		return
	doc = frappe.new_doc("Custom HTML Block")
	doc.name = TASKS_BLOCK
	doc.update(values)
	doc.insert(ignore_permissions=True, set_name=TASKS_BLOCK)


def ensure_default_print_formats() -> None:
	"""Ficha prints for signature and Red prints its summary unless the site chose otherwise."""
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	for doctype, fmt in (("Ficha", "Ficha para Firma"), ("Red", "Resumen de Red")):
		if not frappe.db.exists("Print Format", fmt):
			continue
		if frappe.get_meta(doctype).default_print_format:
			continue
		make_property_setter(
			doctype,
			None,
			"default_print_format",
			fmt,
			"Data",
			for_doctype=True,
			validate_fields_for_doctype=False,
		)


def ensure_list_settings() -> None:
	"""Ficha list: the title already says the level, so the Nivel column gives room to the title."""
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	if frappe.db.exists(
		"Property Setter", {"doc_type": "Ficha", "field_name": "nivel", "property": "in_list_view"}
	):
		return
	make_property_setter("Ficha", "nivel", "in_list_view", 0, "Check", validate_fields_for_doctype=False)


def teardown_desk() -> None:
	"""Teardown step: remove the task block (the workspace itself goes with the module)."""
	if frappe.db.exists("Custom HTML Block", TASKS_BLOCK):
		frappe.delete_doc("Custom HTML Block", TASKS_BLOCK, ignore_permissions=True, force=True)


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
	frappe.clear_cache(user=user)


def user_defaults_on_save(doc, method=None) -> None:
	"""User before_save: a user with a SMEVIR role and no landing page gets the SMEVIR workspace."""
	if doc.get("default_workspace") or not frappe.db.exists("Workspace", WORKSPACE):
		return
	if any(r.role in ROLES for r in doc.get("roles") or []):
		doc.default_workspace = WORKSPACE
