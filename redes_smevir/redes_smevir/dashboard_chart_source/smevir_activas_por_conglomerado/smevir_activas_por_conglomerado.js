frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["SMEVIR Activas por Conglomerado"] = {
	method: "redes_smevir.api.desk.chart_active_by_conglomerado",
	filters: [],
};
