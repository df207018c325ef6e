// Red and Empresa forms: shortcuts to the network's fichas and to the peer-position report.
function smevir_add_links(frm, key) {
	if (frm.is_new()) return;
	const filters = {};
	filters[key] = frm.doc.name;
	frm.add_custom_button(
		__("Posición competitiva"),
		() => {
			frappe.route_options = Object.assign({}, filters);
			frappe.set_route("query-report", "Posición Competitiva");
		},
		__("Ver")
	);
	frm.add_custom_button(
		__("Fichas"),
		() => {
			frappe.route_options = Object.assign({}, filters);
			frappe.set_route("List", "Ficha");
		},
		__("Ver")
	);
	if (key === "red") {
		frm.add_custom_button(
			__("Empresas miembro"),
			() => {
				frappe.route_options = { red: frm.doc.name };
				frappe.set_route("List", "Empresa");
			},
			__("Ver")
		);
		frm.add_custom_button(
			__("Resumen de la red"),
			() => {
				window.open(
					frappe.urllib.get_full_url(
						"/printview?doctype=Red&name=" +
							encodeURIComponent(frm.doc.name) +
							"&format=" +
							encodeURIComponent("Resumen de Red") +
							"&no_letterhead=1"
					)
				);
			},
			__("Ver")
		);
	}
}

frappe.ui.form.on("Red", {
	refresh(frm) {
		smevir_add_links(frm, "red");
	},
});

frappe.ui.form.on("Empresa", {
	refresh(frm) {
		smevir_add_links(frm, "empresa");
	},
});
