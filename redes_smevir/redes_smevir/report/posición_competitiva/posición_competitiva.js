// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

{% include "redes_smevir/public/js/smevir_charts.js" %}

frappe.query_reports["Posición Competitiva"] = {
	// counts as integers, percentages with at most 2 decimals on the chart's axis
	after_datatable_render: () => redes_smevir.charts.fix_report_chart(frappe.query_report),
	filters: [
		// not "reqd": opened from the workspace without a firm, the report asks for one in Spanish
		// (Frappe's own check throws an uncaught "Filter missing" and says "Please set filters")
		{ fieldname: "empresa", label: __("Empresa"), fieldtype: "Link", options: "Empresa" },
		{ fieldname: "periodo", label: __("Periodo"), fieldtype: "Link", options: "Periodo" },
	],
	onload(report) {
		// Opened from the workspace: start on the latest measured period; the user picks the firm.
		if (report.get_filter_value("periodo")) return;
		return frappe.xcall("redes_smevir.api.desk.default_sales_period").then((periodo) => {
			if (periodo && !report.get_filter_value("periodo")) {
				report.get_filter("periodo").set_input(periodo);
			}
		});
	},
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "percentil" && data.percentil != null) {
			const color = data.percentil >= 75 ? "green" : data.percentil >= 25 ? "blue" : "orange";
			value = `<span class="indicator-pill ${color}">${value}</span>`;
		}
		return value;
	},
};
