// Ficha side panel: entry window and days left, previous period's values,
// data-quality hints, last return reason and correction requests. ficha.js
// owns the workflow buttons; this file only adds information and read-only shortcuts.
frappe.provide("redes_smevir.ficha_panel");

redes_smevir.ficha_panel = {
	esc(value) {
		return frappe.utils.escape_html(value == null ? "" : String(value));
	},

	format(value, fieldtype) {
		if (value === null || value === undefined || value === "") return "—";
		if (fieldtype === "Check") return value ? __("Sí") : __("No");
		return frappe.format(value, { fieldtype: fieldtype }, { inline: true });
	},

	window_html(w) {
		if (!w || !w.periodo) return "";
		const start = frappe.datetime.str_to_user(w.inicio_registro);
		const end = frappe.datetime.str_to_user(w.fin_registro);
		let text, color;
		if (w.estado === "Abierto") {
			color = w.dias_restantes <= 7 ? "orange" : "blue";
			text =
				w.dias_restantes === 0
					? __("Registro de {0}: hoy es el último día ({1}).", [this.esc(w.periodo), end])
					: __("Registro de {0}: del {1} al {2}. Quedan {3} días.", [
							this.esc(w.periodo),
							start,
							end,
							w.dias_restantes,
					  ]);
		} else if (w.estado === "Programado") {
			color = "gray";
			text = __("Registro de {0}: abre el {1} y cierra el {2}.", [this.esc(w.periodo), start, end]);
		} else {
			color = "red";
			text = __("Registro de {0}: cerrado desde el {1}.", [this.esc(w.periodo), end]);
		}
		return `<div class="smevir-window" data-estado="${this.esc(w.estado)}" style="margin-bottom:10px">
			<span class="indicator-pill ${color}">${__(w.estado)}</span> ${text}</div>`;
	},

	render(frm, ctx) {
		const parts = [this.window_html(ctx.window)];
		const state = frm.doc.workflow_state || "Borrador";
		// ficha.js already shows the reason on an Observada ficha and the hints to the approver.
		if (ctx.motivo_observacion && state !== "Observada") {
			parts.push(`<div class="alert alert-secondary smevir-motivo" style="margin-bottom:10px">
				<b>${__("Motivo de la última observación")}:</b> ${this.esc(ctx.motivo_observacion)}</div>`);
		}
		if ((ctx.hints || []).length && state !== "Enviada") {
			parts.push(`<div class="alert alert-warning smevir-hints" style="margin-bottom:10px">
				<b>${__("Antes de enviar, revise")}</b>
				<ul style="margin:4px 0 0 16px;padding:0">${ctx.hints
					.map((h) => `<li>${this.esc(h)}</li>`)
					.join("")}</ul></div>`);
		}
		(ctx.solicitudes || []).forEach((s) => {
			const estado = s.estado ? ` — <b>${this.esc(__(s.estado))}</b>` : "";
			const motivo = s.motivo ? `: ${this.esc(s.motivo)}` : "";
			const decision = s.comentario_decision
				? `<br>${__("Decisión")}: ${this.esc(s.comentario_decision)}`
				: "";
			parts.push(`<div class="alert alert-info smevir-solicitud" style="margin-bottom:10px">
				<a href="/app/solicitud-correccion/${encodeURIComponent(s.name)}">${__(
				"Solicitud de corrección"
			)} ${this.esc(s.name)}</a>${estado}${motivo}${decision}</div>`);
		});
		if ((ctx.comparison || []).length) {
			const prev = ctx.previous;
			const title = prev
				? __("Comparación con {0} ({1})", [this.esc(prev.periodo), this.esc(__(prev.estado || ""))])
				: __("Sin ficha del periodo anterior para comparar");
			const rows = ctx.comparison
				.filter((r) => r.fieldtype !== "Data")
				.map((r) => {
					const change =
						r.variacion === null || r.variacion === undefined
							? ""
							: `<span class="${Math.abs(r.variacion) >= 50 ? "text-danger" : "text-muted"}">${
									r.variacion > 0 ? "+" : ""
							  }${r.variacion}%</span>`;
					return `<tr><td>${this.esc(r.label)}</td>
						<td class="text-right">${prev ? this.format(r.anterior, r.fieldtype) : "—"}</td>
						<td class="text-right">${this.format(r.actual, r.fieldtype)}</td>
						<td class="text-right">${change}</td></tr>`;
				})
				.join("");
			// Folded while the ficha is being filled in, so the fields stay in view; open for review.
			const open = frm.is_new() || state === "Borrador" ? "" : "open";
			parts.push(`<details class="smevir-comparison" ${open}>
				<summary class="text-muted small" style="margin-bottom:4px;cursor:pointer">${title}</summary>
				<table class="table table-sm table-bordered" style="font-size:12px;margin-bottom:0">
				<thead><tr><th>${__("Dato")}</th><th class="text-right">${__("Periodo anterior")}</th>
				<th class="text-right">${__("Este periodo")}</th><th class="text-right">${__("Variación")}</th></tr></thead>
				<tbody>${rows}</tbody></table></details>`);
		}
		const html = `<div class="smevir-ficha-panel">${parts.join("")}</div>`;
		frm.dashboard.parent.find(".smevir-section").remove();
		frm.dashboard.add_section(html, __("Seguimiento de la ficha"), "custom smevir-section");
		frm.dashboard.show();
	},

	refresh(frm) {
		const args = frm.is_new()
			? {
					periodo: frm.doc.periodo,
					nivel: frm.doc.nivel,
					empresa: frm.doc.empresa,
					red: frm.doc.red,
					conglomerado: frm.doc.conglomerado,
			  }
			: { name: frm.doc.name };
		if (frm.is_new() && !frm.doc.periodo) return;
		const token = (frm.smevir_token = (frm.smevir_token || 0) + 1);
		frappe.xcall("redes_smevir.api.desk.ficha_context", args).then((ctx) => {
			if (token !== frm.smevir_token) return;
			frm.smevir_context = ctx;
			this.render(frm, ctx);
			if (!frm.is_new() && ctx.previous) {
				frm.add_custom_button(
					__("Ficha del periodo anterior"),
					() => frappe.set_route("Form", "Ficha", ctx.previous.name),
					__("Ver")
				);
			}
		});
	},

	add_buttons(frm) {
		if (frm.is_new()) return;
		if (frm.doc.nivel === "Empresa" && frm.doc.empresa) {
			frm.add_custom_button(
				__("Posición competitiva"),
				() => {
					frappe.route_options = { empresa: frm.doc.empresa, periodo: frm.doc.periodo };
					frappe.set_route("query-report", "Posición Competitiva");
				},
				__("Ver")
			);
		}
	},
};

frappe.ui.form.on("Ficha", {
	onload(frm) {
		// A new ficha starts on the period whose entry window is open.
		const current = frappe.boot.smevir || {};
		if (frm.is_new() && !frm.doc.periodo && current.estado === "Abierto" && current.periodo) {
			frm.set_value("periodo", current.periodo);
		}
	},
	refresh(frm) {
		redes_smevir.ficha_panel.refresh(frm);
		redes_smevir.ficha_panel.add_buttons(frm);
	},
	periodo(frm) {
		if (frm.is_new()) redes_smevir.ficha_panel.refresh(frm);
	},
	empresa(frm) {
		if (frm.is_new()) redes_smevir.ficha_panel.refresh(frm);
	},
	red(frm) {
		if (frm.is_new()) redes_smevir.ficha_panel.refresh(frm);
	},
});
