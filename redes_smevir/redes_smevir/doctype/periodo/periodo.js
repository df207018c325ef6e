// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

frappe.ui.form.on("Periodo", {
	setup(frm) {
		// a measurement compares with a baseline: only Línea de Base periods are offered
		frm.set_query("periodo_base", () => ({
			filters: { tipo: "Línea de Base", name: ["!=", frm.doc.name || ""] },
		}));
	},
});
