// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

frappe.ui.form.on("Indicador", {
	refresh(frm) {
		frm.trigger("show_fields");
		frm.add_custom_button(__("Probar fórmula"), () => {
			frappe.prompt(
				[{ fieldname: "periodo", label: __("Periodo"), fieldtype: "Link", options: "Periodo" }],
				(values) => {
					frappe
						.call("redes_smevir.api.reports.try_formula", {
							formula: frm.doc.formula,
							nivel: frm.doc.nivel_ficha,
							periodo: values.periodo,
						})
						.then((r) => {
							const res = r.message || {};
							if (!res.ok || res.value === undefined) {
								frappe.msgprint(frappe.utils.escape_html(res.message || ""));
								return;
							}
							let html =
								res.value === null
									? __("Sin dato ({0})", [frappe.utils.escape_html(res.null_reason || "")])
									: `<b>${format_number(res.value, null, 2)}</b>`;
							html += "<br>" + __("Fichas consideradas: {0}", [res.population]);
							if ((res.excluded || []).length) {
								html +=
									"<br>" +
									__("Excluidos: {0}", [
										res.excluded
											.map((e) => frappe.utils.escape_html(`${e[0]} (${e[1]})`))
											.join(", "),
									]);
							}
							frappe.msgprint({ title: __("Resultado de la fórmula"), message: html });
						});
				},
				__("Probar fórmula"),
				__("Calcular")
			);
		});
	},
	nivel_ficha(frm) {
		frm.trigger("show_fields");
	},
	show_fields(frm) {
		if (!frm.doc.nivel_ficha) return;
		frappe
			.call("redes_smevir.api.reports.formula_fields", { nivel: frm.doc.nivel_ficha })
			.then((r) => {
				const items = (r.message || [])
					.map(
						(f) =>
							`<tr><td><code>${frappe.utils.escape_html(f.campo)}</code></td>` +
							`<td>${frappe.utils.escape_html(f.etiqueta)}</td><td>${frappe.utils.escape_html(f.tipo)}</td></tr>`
					)
					.join("");
				frm.get_field("campos_disponibles").$wrapper.html(
					`<details><summary class="text-muted">${__("Campos disponibles en la fórmula")}</summary>` +
						`<table class="table table-condensed small"><thead><tr><th>${__("Campo")}</th><th>${__("Etiqueta")}</th><th>${__("Tipo")}</th></tr></thead>` +
						`<tbody>${items}</tbody></table></details>`
				);
			});
	},
});
