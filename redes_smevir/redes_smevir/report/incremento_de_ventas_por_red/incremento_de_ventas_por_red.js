// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

{% include "redes_smevir/public/js/smevir_charts.js" %}

frappe.query_reports["Incremento de Ventas por Red"] = {
	// counts as integers, percentages with at most 2 decimals on the chart's axis
	after_datatable_render: () => redes_smevir.charts.fix_report_chart(frappe.query_report),
	filters: [
		{ fieldname: "periodo", label: __("Periodo"), fieldtype: "Link", options: "Periodo", reqd: 1 },
		{ fieldname: "conglomerado", label: __("Conglomerado"), fieldtype: "Link", options: "Conglomerado" },
		{ fieldname: "red", label: __("Red"), fieldtype: "Link", options: "Red" },
		{
			fieldname: "incluir_enviadas",
			label: __("Incluir fichas enviadas (vista previa)"),
			fieldtype: "Check",
			default: 0,
		},
	],
	onload(report) {
		// Opened from the workspace without a period: show the latest measured one (as the card does).
		if (report.get_filter_value("periodo")) return;
		return frappe.xcall("redes_smevir.api.desk.default_sales_period").then((periodo) => {
			if (periodo && !report.get_filter_value("periodo")) {
				report.get_filter("periodo").set_input(periodo);
			}
		});
	},
	formatter(value, row, column, data, default_formatter) {
		// Average rows carry only the increase: no sales sums, no "enters the average" box.
		if (data && data.bold && ["empresas", "ventas_base", "ventas_periodo", "en_promedio"].includes(column.fieldname)) {
			return "";
		}
		value = default_formatter(value, row, column, data);
		if (data && data.bold) value = `<b>${value}</b>`;
		if (data && column.fieldname === "motivo" && data.motivo) {
			value = `<span class="text-warning">${value}</span>`;
		}
		return value;
	},
};
