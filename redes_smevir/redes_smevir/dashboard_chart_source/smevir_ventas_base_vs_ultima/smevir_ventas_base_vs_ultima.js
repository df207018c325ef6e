frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["SMEVIR Ventas Base vs Ultima"] = {
	method: "redes_smevir.api.desk.chart_sales_baseline_vs_latest",
	filters: [],
};
