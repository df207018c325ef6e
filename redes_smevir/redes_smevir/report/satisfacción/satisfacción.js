// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

frappe.query_reports["Satisfacción"] = {
	filters: [
		{ fieldname: "periodo", label: __("Periodo"), fieldtype: "Link", options: "Periodo", reqd: 1 },
		{ fieldname: "conglomerado", label: __("Conglomerado"), fieldtype: "Link", options: "Conglomerado" },
		{ fieldname: "red", label: __("Red"), fieldtype: "Link", options: "Red" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.bold) value = `<b>${value}</b>`;
		return value;
	},
};
