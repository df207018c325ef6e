// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

frappe.ui.form.on("Indicador", {
	refresh(frm) {
		frm.trigger("show_fields");
		frm.add_custom_button(__("Guía de fórmulas"), () => show_formula_guide());
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
							if (!res.ok) {
								frappe.msgprint({
									title: __("Fórmula no válida"),
									message: formula_error_html(frm.doc.formula || "", res),
									indicator: "red",
								});
								return;
							}
							if (res.value === undefined) {
								frappe.msgprint({ title: __("Fórmula válida"), message: frappe.utils.escape_html(res.message || ""), indicator: "green" });
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

// The error message, and the formula with the offending spot marked (the message names its position).
function formula_error_html(formula, res) {
	const esc = frappe.utils.escape_html;
	let html = `<p>${esc(res.message || "")}</p>`;
	const pos = res.position;
	if (pos !== null && pos !== undefined && pos <= formula.length) {
		const at = formula.slice(pos, pos + 1) || " ";
		html += `<pre class="smevir-formula" style="white-space:pre-wrap">${esc(formula.slice(0, pos))}<mark
			style="background:var(--red-200,#fcc);color:var(--red-700,#900);font-weight:bold">${esc(at)}</mark>${esc(
			formula.slice(pos + 1)
		)}</pre>`;
	}
	return html;
}

function show_formula_guide() {
	frappe.xcall("redes_smevir.api.reports.formula_guide").then((html) => {
		const d = new frappe.ui.Dialog({ title: __("Guía de fórmulas"), size: "extra-large" });
		d.$body.html(`<div class="smevir-formula-guide" style="padding:4px 8px">${html}</div>`);
		d.show();
	});
}
