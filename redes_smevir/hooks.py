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

# DocType controllers carry the generated field types (frappe.types.exporter, on save in developer mode).
export_python_type_annotations = True

# Row-level scoping: a Gerente de Red sees their networks, a Coordinador UO their conglomerado.
# One rule (services/scoping.Scope) renders every condition; see docs/seguridad.md.
# ----------------------------------------------------------------------------------------------
_SCOPING = "redes_smevir.services.scoping"
# the app's confidential DocTypes (row conditions and the per-record check)
_CONFIDENTIAL = (
	"Conglomerado",
	"Red",
	"Empresa",
	"Ficha",
	"Solicitud Correccion",
	"Carga de Fichas",
	"Ficha Comparacion",
	"Costo Programa",
	"Vinculo Contable",
)
permission_query_conditions = {
	doctype: f"{_SCOPING}.query_conditions"
	for doctype in (
		*_CONFIDENTIAL,
		# their child tables (Frappe checks only the parent DocType, not the parent row)
		"Red Miembro",
		"Red Fase",
		"Conglomerado Coordinador",
		"Carga de Fichas Error",
		# Frappe rows that point at the app's records
		"Comment",
		"File",
		"Version",
		"Communication",
		"ToDo",
		"Workflow Action",
		"DocShare",
		"Document Follow",
		"Tag Link",
		"Activity Log",
		"Notification Log",
	)
}

has_permission = {
	**{doctype: f"{_SCOPING}.has_permission" for doctype in _CONFIDENTIAL},
	**{
		doctype: f"{_SCOPING}.reference_has_permission"
		for doctype in ("Comment", "File", "Version", "Communication", "ToDo", "Document Follow")
	},
}

# Frappe's generic endpoints that would bypass the row scope (api/frappe_overrides.py).
_OV = "redes_smevir.api.frappe_overrides"
override_whitelisted_methods = {
	"frappe.client.get_count": f"{_OV}.get_count",
	"frappe.client.get": f"{_OV}.client_get",
	"frappe.client.validate_link": f"{_OV}.validate_link",
	"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count": f"{_OV}.get_workflow_state_count",
	"frappe.desk.listview.get_group_by_count": f"{_OV}.get_group_by_count",
	"frappe.desk.notifications.get_open_count": f"{_OV}.get_open_count",
	"frappe.desk.search.search_widget": f"{_OV}.search_widget",
	"frappe.desk.search.search_link": f"{_OV}.search_link",
	"frappe.desk.search.get_link_title": f"{_OV}.get_link_title",
	"frappe.utils.global_search.search": f"{_OV}.global_search",
	"frappe.desk.doctype.tag.tag.get_tagged_docs": f"{_OV}.get_tagged_docs",
	"frappe.desk.form.utils.get_next": f"{_OV}.get_next",
	"frappe.desk.like.toggle_like": f"{_OV}.toggle_like",
	"frappe.desk.form.utils.add_comment": f"{_OV}.add_comment",
	"frappe.desk.form.document_follow.get_follow_users": f"{_OV}.get_follow_users",
	"frappe.desk.form.linked_with.get_submitted_linked_docs": f"{_OV}.get_submitted_linked_docs",
	"frappe.model.document.unlock_document": f"{_OV}.unlock_document",
	"run_doc_method": f"{_OV}.run_doc_method",
	"runserverobj": f"{_OV}.run_doc_method",
	"frappe.handler.run_doc_method": f"{_OV}.run_doc_method",
	"frappe.handler.runserverobj": f"{_OV}.run_doc_method",
	"frappe.www.printview.get_html_and_style": f"{_OV}.get_html_and_style",
	"frappe.desk.treeview.get_all_nodes": f"{_OV}.get_all_nodes",
	"upload_file": f"{_OV}.upload_file",
	"frappe.handler.upload_file": f"{_OV}.upload_file",
	"uploadfile": f"{_OV}.uploadfile",
	"frappe.handler.uploadfile": f"{_OV}.uploadfile",
	"frappe.desk.query_report.run": f"{_OV}.run_report",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": f"{_OV}.dashboard_chart_get",
	"frappe.utils.goal.get_monthly_goal_graph_data": f"{_OV}.get_monthly_goal_graph_data",
	"frappe.utils.file_manager.add_attachments": f"{_OV}.add_attachments",
	"frappe.core.doctype.communication.email.make": f"{_OV}.make_communication",
	"frappe.email.relink": f"{_OV}.relink",
	"frappe.utils.print_format.print_by_server": f"{_OV}.print_by_server",
	# read endpoints Frappe does not mark read-only: they run on the replica when one is configured
	"frappe.desk.doctype.number_card.number_card.get_result": "redes_smevir.api.read_only.number_card_result",
	"frappe.desk.doctype.number_card.number_card.get_percentage_difference": (
		"redes_smevir.api.read_only.number_card_percentage_difference"
	),
}

# Bad list parameters become a 4xx; routes that cannot be overridden are guarded once the user is known.
auth_hooks = ["redes_smevir.api.request_guard.check_request"]

# Desk experience: workspace, cards; the Ficha form is the DocType's own ficha.js.
# ----------------------------------------------------------------------
boot_session = "redes_smevir.services.dashboard.boot_session"
before_request = ["redes_smevir.services.desk_setup.guest_language"]
# The workspace's task block and charts (a Custom HTML Block has no module folder); `bench export-fixtures` writes it.
fixtures = [{"dt": "Custom HTML Block", "filters": [["name", "in", ["Tareas SMEVIR", "Tableros SMEVIR"]]]}]
doctype_js = {
	"Red": "public/js/red_empresa.js",
	"Empresa": "public/js/red_empresa.js",
}
_GUARDS = "redes_smevir.services.guards"
doc_events = {
	"User": {"before_save": "redes_smevir.services.desk_setup.user_defaults_on_save"},
	"Comment": {"before_insert": f"{_GUARDS}.comment_before_insert"},
	"DocShare": {"validate": f"{_GUARDS}.docshare_validate"},
	"ToDo": {"validate": f"{_GUARDS}.todo_validate"},
	"Document Follow": {"validate": f"{_GUARDS}.document_follow_validate"},
	"File": {"before_insert": f"{_GUARDS}.file_before_insert"},
	**{
		doctype: {"before_validate": f"{_GUARDS}.app_doc_before_validate"}
		for doctype in (
			"Conglomerado",
			"Red",
			"Empresa",
			"Ficha",
			"Periodo",
			"Indicador",
			"Solicitud Correccion",
			"Carga de Fichas",
			"Configuracion SMEVIR",
			"Region Geografica",
			"Provincia",
			"Distrito",
			"Cadena Productiva",
			"Rubro",
			"Ficha Comparacion",
			"Costo Programa",
			"Vinculo Contable",
		)
	},
}
# Comparison firms stay outside the networks and the monitoring fichas (services/comparison.py).
for _doctype, _handler in (("Empresa", "validate_empresa"), ("Red", "red_validate")):
	doc_events[_doctype]["validate"] = f"redes_smevir.services.comparison.{_handler}"
doc_events["Ficha"]["validate"] = [
	"redes_smevir.services.comparison.ficha_validate",
	# Satisfacción fichas: scores on the 1-5 scale (services/satisfaction.py)
	"redes_smevir.services.satisfaction.validate_answers",
]
redes_smevir_setup_steps = [
	"redes_smevir.services.desk_setup.ensure_desk",
	"redes_smevir.services.workflow_setup.ensure_workflow",
	"redes_smevir.services.indicator_seed.ensure_default_indicators",
	"redes_smevir.services.indexes.ensure_indexes",
]
redes_smevir_teardown_steps = [
	"redes_smevir.services.desk_setup.teardown_desk",
	"redes_smevir.services.workflow_setup.remove_workflow",
]

# Fichas: entry windows close themselves; reminders before a window closes.
# ------------------------------------------------------------------------------------------
scheduler_events = {
	"all": ["redes_smevir.services.excel_fichas.release_dead_cargas"],
	"daily": [
		"redes_smevir.services.periods.update_period_states",
		"redes_smevir.services.notifications.send_window_reminders",
	],
}
