// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

frappe.query_reports["Incremento de Ventas por Red"] = {
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
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.bold) value = `<b>${value}</b>`;
		if (data && column.fieldname === "motivo" && data.motivo) {
			value = `<span class="text-warning">${value}</span>`;
		}
		return value;
	},
};
