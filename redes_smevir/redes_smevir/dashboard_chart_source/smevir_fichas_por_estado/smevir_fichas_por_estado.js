frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["SMEVIR Fichas por Estado"] = {
	method: "redes_smevir.api.desk.chart_fichas_by_state",
	filters: [],
};
