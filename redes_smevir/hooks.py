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
}

has_permission = {
	"Conglomerado": "redes_smevir.services.scoping.has_permission",
	"Red": "redes_smevir.services.scoping.has_permission",
	"Empresa": "redes_smevir.services.scoping.has_permission",
	"Ficha": "redes_smevir.services.scoping.has_permission",
}
