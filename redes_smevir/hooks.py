app_name = "redes_smevir"
app_title = "Redes SMEVIR"
app_publisher = "redes_smevir contributors"
app_description = "Monitoreo y evaluación de redes empresariales (SMEVIR) para Frappe"
app_email = "smevir@example.org"
app_license = "mit"

# Installation
# ------------
after_install = "redes_smevir.install.after_install"
after_migrate = "redes_smevir.install.after_migrate"
before_uninstall = "redes_smevir.install.before_uninstall"

# Testing
# -------
before_tests = "redes_smevir.install.before_tests"

# Row-level scoping: a Gerente de Red sees their networks, a Coordinador UO their conglomerado.
# ----------------------------------------------------------------------------------------------
permission_query_conditions = {
	"Conglomerado": "redes_smevir.services.scoping.conglomerado_query",
	"Red": "redes_smevir.services.scoping.red_query",
	"Empresa": "redes_smevir.services.scoping.empresa_query",
	"Ficha": "redes_smevir.services.scoping.ficha_query",
	"Solicitud Correccion": "redes_smevir.services.fichas.solicitud_query",
	"Workflow Action": "redes_smevir.services.scoping.workflow_action_query",
}

has_permission = {
	"Conglomerado": "redes_smevir.services.scoping.has_permission",
	"Red": "redes_smevir.services.scoping.has_permission",
	"Empresa": "redes_smevir.services.scoping.has_permission",
	"Ficha": "redes_smevir.services.scoping.has_permission",
	"Solicitud Correccion": "redes_smevir.services.scoping.has_permission",
}

# Desk experience (workspace, cards, Ficha side panel): Desk engineer.
# ----------------------------------------------------------------------
boot_session = "redes_smevir.services.dashboard.boot_session"
doctype_js = {
	"Ficha": "public/js/ficha_panel.js",
	"Red": "public/js/red_empresa.js",
	"Empresa": "public/js/red_empresa.js",
}
doc_events = {
	"User": {"before_save": "redes_smevir.services.desk_setup.user_defaults_on_save"},
}
redes_smevir_setup_steps = [
	"redes_smevir.services.desk_setup.ensure_desk",
	"redes_smevir.services.workflow.ensure_workflow",
	"redes_smevir.services.indicators.ensure_default_indicators",
]
redes_smevir_teardown_steps = [
	"redes_smevir.services.desk_setup.teardown_desk",
	"redes_smevir.services.workflow.remove_workflow",
]

# Fichas: entry windows close themselves; reminders before a window closes (Fichas engineer).
# ------------------------------------------------------------------------------------------
scheduler_events = {
	"daily": [
		"redes_smevir.services.fichas.update_period_states",
		"redes_smevir.services.notifications.send_window_reminders",
	],
}
