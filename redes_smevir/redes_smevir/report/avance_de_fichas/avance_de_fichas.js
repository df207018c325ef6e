// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

{% include "redes_smevir/public/js/smevir_charts.js" %}

frappe.query_reports["Avance de Fichas"] = {
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
		{ fieldname: "red", label: __("Red"), fieldtype: "Link", options: "Red" },
		{
			fieldname: "agrupar_por",
			label: __("Agrupar por"),
			fieldtype: "Select",
			options: [
				{ value: "Red", label: __("Red") },
				{ value: "Gerente", label: __("Gerente") },
			],
			default: "Red",
		},
		{ fieldname: "solo_atrasadas", label: __("Solo atrasadas"), fieldtype: "Check", default: 0 },
	],
	onload(report) {
		const periodo = report.get_filter("periodo");
		// Frappe's period picker has a hard-coded English "Clear All" button
		periodo.$wrapper.find(".clear-selections").text(__("Quitar todos"));
		// opens on the current period (the one being registered), not on every closed one
		const current = frappe.boot.smevir && frappe.boot.smevir.periodo;
		if (current && !(periodo.get_value() || []).length) return periodo.set_value([current]);
	},
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		if (column.fieldname === "situacion" || (column.fieldname === "atrasadas" && data.atrasadas)) {
			const color = data.atrasadas ? "red" : data.situacion === __("Completa") ? "green" : "blue";
			value = `<span class="indicator-pill ${color}">${value}</span>`;
		}
		return value;
	},
};
