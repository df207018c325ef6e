// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

frappe.ui.form.on("Solicitud Correccion", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.estado !== "Pendiente") return;
		frappe
			.xcall("redes_smevir.api.fichas.can_decide_correction", { solicitud: frm.doc.name })
			.then((can) => {
				if (!can) return;
				const decide = (autorizar) => {
					frappe.prompt(
						[
							{
								fieldname: "comentario",
								fieldtype: "Small Text",
								label: __("Comentario"),
								reqd: !autorizar,
							},
						],
						(values) => {
							frappe
								.xcall("redes_smevir.api.fichas.decide_correction", {
									solicitud: frm.doc.name,
									autorizar: autorizar ? 1 : 0,
									comentario: values.comentario || "",
								})
								.then(() => frm.reload_doc());
						},
						autorizar ? __("Autorizar corrección") : __("Rechazar corrección"),
						autorizar ? __("Autorizar") : __("Rechazar")
					);
				};
				frm.add_custom_button(__("Autorizar"), () => decide(true)).addClass("btn-primary");
				frm.add_custom_button(__("Rechazar"), () => decide(false));
			});
	},
});
