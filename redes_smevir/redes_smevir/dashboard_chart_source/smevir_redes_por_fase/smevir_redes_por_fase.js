frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["SMEVIR Redes por Fase"] = {
	method: "redes_smevir.api.desk.chart_networks_by_phase",
	filters: [],
};
