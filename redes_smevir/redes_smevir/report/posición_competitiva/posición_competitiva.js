// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

frappe.query_reports["Posición Competitiva"] = {
	filters: [
		{ fieldname: "empresa", label: __("Empresa"), fieldtype: "Link", options: "Empresa", reqd: 1 },
		{ fieldname: "periodo", label: __("Periodo"), fieldtype: "Link", options: "Periodo", reqd: 1 },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "percentil" && data.percentil != null) {
			const color = data.percentil >= 75 ? "green" : data.percentil >= 25 ? "blue" : "orange";
			value = `<span class="indicator-pill ${color}">${value}</span>`;
		}
		return value;
	},
};
