// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

frappe.query_reports["Marco Lógico"] = {
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
		report.page.add_inner_button(__("Descargar Excel para el donante"), () => {
			const filters = report.get_values();
			if (!filters) return;
			const url =
				"/api/method/redes_smevir.api.reports.download_marco_logico?filters=" +
				encodeURIComponent(JSON.stringify(filters));
			window.open(url);
		});
	},
};
