// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

{% include "redes_smevir/public/js/smevir_charts.js" %}

frappe.query_reports["Marco Lógico"] = {
	// counts as integers, percentages with at most 2 decimals on the chart's axis
	after_datatable_render: () => redes_smevir.charts.fix_report_chart(frappe.query_report),
	filters: [
		{
			fieldname: "periodo",
			label: __("Periodos"),
			fieldtype: "MultiSelectList",
			get_data: (txt) => frappe.db.get_link_options("Periodo", txt),
		},
		{ fieldname: "conglomerado", label: __("Conglomerado"), fieldtype: "Link", options: "Conglomerado" },
		{
			fieldname: "red",
			label: __("Red"),
			fieldtype: "Link",
			options: "Red",
			get_query: () => {
				const conglomerado = frappe.query_report.get_filter_value("conglomerado");
				return conglomerado ? { filters: { conglomerado } } : {};
			},
		},
		{
			fieldname: "incluir_enviadas",
			label: __("Incluir fichas enviadas (vista previa)"),
			fieldtype: "Check",
			default: 0,
		},
	],
	formatter(value, row, column, data, default_formatter) {
		if (data && ["base", "valor", "meta"].includes(column.fieldname) && data.unidad !== "%") {
			// counts read as counts: 40, not 40.00
			const whole = value !== null && value !== undefined && Number.isInteger(Number(value));
			if (whole) column = Object.assign({}, column, { fieldtype: "Int" });
		}
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		if (column.fieldname === "indicador" || column.fieldname === "semaforo") {
			const color = data.color || "gray";
			value = `<span class="indicator-pill ${color} ellipsis" title="${frappe.utils.escape_html(data.semaforo || "")}">${value}</span>`;
		}
		if (data.es_total && column.fieldname === "conglomerado") {
			value = `<b>${value}</b>`;
		}
		return value;
	},
	onload(report) {
		// Frappe's period picker has a hard-coded English "Clear All" button
		report.get_filter("periodo").$wrapper.find(".clear-selections").text(__("Quitar todos"));
		report.page.add_inner_button(__("Descargar Excel para el donante"), () => {
			const filters = report.get_values();
			if (!filters) return;
			const url =
				"/api/method/redes_smevir.api.reports.download_marco_logico?filters=" +
				encodeURIComponent(JSON.stringify(filters));
			window.open(url);
		});
		// Opened without a period: the last one with approved data (a period being registered has none).
		if ((report.get_filter_value("periodo") || []).length) return;
		return frappe.xcall("redes_smevir.api.desk.default_sales_period").then((periodo) => {
			if (periodo && !(report.get_filter_value("periodo") || []).length) {
				return report.get_filter("periodo").set_value([periodo]);
			}
		});
	},
};
