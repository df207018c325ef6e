// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt
//
// Ficha form: workflow helpers only (reason when returning a ficha, correction requests,
// quality hints for the approver). Extra panels live in public/js/ficha_panel.js.

frappe.ui.form.on("Ficha", {
	refresh(frm) {
		if (frm.is_new()) return;
		frappe
			.xcall("redes_smevir.api.fichas.form_context", { ficha: frm.doc.name })
			.then((ctx) => smevir_ficha.apply_context(frm, ctx));
	},

	before_workflow_action(frm) {
		// "Observar" needs a reason: ask for it and run the return on the server instead.
		if (frm.selected_workflow_action !== "Observar") return;
		frappe.dom.unfreeze();
		return new Promise(() => {
			frappe.prompt(
				[{ fieldname: "motivo", fieldtype: "Small Text", label: __("Motivo de la observación"), reqd: 1 }],
				(values) => {
					frappe
						.xcall("redes_smevir.api.fichas.observe", {
							ficha: frm.doc.name,
							motivo: values.motivo,
						})
						.then(() => frm.reload_doc());
				},
				__("Observar ficha"),
				__("Observar")
			);
			// The promise stays pending: the standard apply_workflow call is not made.
		});
	},
});

const smevir_ficha = {
	apply_context(frm, ctx) {
		if (!ctx.can_edit && !frm.doc.__unsaved) {
			frm.disable_save();
		}
		// One headline (set_intro replaces the previous one): reason, window, hints, request.
		const esc = frappe.utils.escape_html;
		const parts = [];
		let color = "blue";
		if (frm.doc.workflow_state === "Observada" && frm.doc.motivo_observacion) {
			parts.push(__("Ficha observada. Motivo: {0}", [esc(frm.doc.motivo_observacion)]));
			color = "orange";
		}
		if (ctx.can_edit && ctx.window) {
			parts.push(esc(ctx.window));
			color = "red";
		}
		if (ctx.hints && ctx.hints.length) {
			const items = ctx.hints.map((h) => `<li>${esc(h.message)}</li>`).join("");
			parts.push(`<b>${__("Revise antes de aprobar")}</b><ul style="margin-bottom:0">${items}</ul>`);
			color = ctx.hints.some((h) => h.indicator === "red") ? "red" : "orange";
		}
		if (ctx.pending_request) {
			parts.push(__("Hay una solicitud de corrección pendiente: {0}", [esc(ctx.pending_request)]));
		}
		if (parts.length) {
			frm.set_intro(parts.map((p) => `<div>${p}</div>`).join(""), color);
		}
		if (ctx.can_request_correction) {
			frm.add_custom_button(__("Solicitar corrección"), () => smevir_ficha.request(frm));
		}
		if (ctx.can_decide_correction) {
			frm.add_custom_button(__("Rechazar corrección"), () =>
				smevir_ficha.refuse(frm, ctx.pending_request)
			);
			frm.add_custom_button(__("Ver solicitud"), () =>
				frappe.set_route("Form", "Solicitud Correccion", ctx.pending_request)
			);
		}
	},

	request(frm) {
		frappe.prompt(
			[{ fieldname: "motivo", fieldtype: "Small Text", label: __("Motivo de la corrección"), reqd: 1 }],
			(values) => {
				frappe
					.xcall("redes_smevir.api.fichas.request_correction", {
						ficha: frm.doc.name,
						motivo: values.motivo,
					})
					.then((name) => {
						frappe.show_alert({
							message: __("Solicitud {0} enviada para autorización", [name]),
							indicator: "green",
						});
						frm.reload_doc();
					});
			},
			__("Solicitar corrección"),
			__("Solicitar")
		);
	},

	refuse(frm, solicitud) {
		frappe.prompt(
			[{ fieldname: "comentario", fieldtype: "Small Text", label: __("Comentario"), reqd: 1 }],
			(values) => {
				frappe
					.xcall("redes_smevir.api.fichas.decide_correction", {
						solicitud: solicitud,
						autorizar: 0,
						comentario: values.comentario,
					})
					.then(() => frm.reload_doc());
			},
			__("Rechazar corrección"),
			__("Rechazar")
		);
	},
};
