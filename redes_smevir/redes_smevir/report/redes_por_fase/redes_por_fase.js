// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

{% include "redes_smevir/public/js/smevir_charts.js" %}

frappe.query_reports["Redes por Fase"] = {
	// counts as integers, percentages with at most 2 decimals on the chart's axis
	after_datatable_render: () => redes_smevir.charts.fix_report_chart(frappe.query_report),
	filters: [
		{
			fieldname: "periodo",
			label: __("A la fecha de referencia del periodo"),
			fieldtype: "Link",
			options: "Periodo",
		},
		{ fieldname: "conglomerado", label: __("Conglomerado"), fieldtype: "Link", options: "Conglomerado" },
		{ fieldname: "red", label: __("Red"), fieldtype: "Link", options: "Red" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		return data && data.bold ? `<b>${value}</b>` : value;
	},
};
