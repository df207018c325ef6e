// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt
//
// Ficha form. One server read (redes_smevir.api.fichas.form_context) tells the form what the
// session user may do (edit, approve, request or decide a correction), the entry window, the
// previous period's values, the quality hints and who acts next; the form shows exactly that.

// On a phone the form's title wraps instead of being cut, and the workflow menu keeps its label.
frappe.dom.set_style(
	`@media (max-width: 767px) {
		#page-Ficha .page-head .title-text { white-space: normal; overflow: visible; font-size: var(--text-lg); line-height: 1.3; }
		#page-Ficha .page-head .title-area .flex { flex-wrap: wrap; row-gap: 4px; }
		#page-Ficha .page-head, #page-Ficha .page-head .page-head-content { height: auto; min-height: var(--page-head-height); }
		#page-Ficha .page-actions .actions-btn-group .hidden-xs { display: inline !important; }
	}`,
	"smevir-ficha-form"
);

frappe.ui.form.on("Ficha", {
	setup(frm) {
		smevir_ficha.patch_workflow_help();
		frm.set_query("empresa", () => smevir_ficha.empresa_query(frm));
	},

	onload(frm) {
		// A new ficha starts on the period whose entry window is open.
		const current = frappe.boot.smevir || {};
		if (frm.is_new() && !frm.doc.periodo && current.estado === "Abierto" && current.periodo) {
			frm.set_value("periodo", current.periodo);
		}
		if (frm.is_new() && frm.doc.periodo) smevir_ficha.load_taken(frm.doc.periodo, frm.doc.nivel);
	},

	refresh(frm) {
		smevir_ficha.numeric_keyboards(frm);
		smevir_ficha.load(frm);
		if (!frm.is_new() && frm.doc.nivel === "Empresa" && frm.doc.empresa) {
			frm.add_custom_button(__("Posición competitiva"), () => smevir_ficha.open_position(frm), __("Ver"));
		}
	},

	periodo(frm) {
		if (frm.is_new()) {
			if (frm.doc.periodo) smevir_ficha.load_taken(frm.doc.periodo, frm.doc.nivel);
			smevir_ficha.load(frm);
		}
	},
	empresa(frm) {
		if (frm.is_new()) smevir_ficha.load(frm);
	},
	red(frm) {
		if (frm.is_new()) smevir_ficha.load(frm);
	},

	after_save(frm) {
		if (frm.smevir_was_new) {
			frm.smevir_was_new = false;
			frm.smevir_announce = true;
		}
	},
	before_save(frm) {
		frm.smevir_was_new = frm.is_new();
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
						.xcall("redes_smevir.api.fichas.observe", { ficha: frm.doc.name, motivo: values.motivo })
						.then(() => {
							frm.smevir_announce = true;
							frm.reload_doc();
						});
				},
				__("Observar ficha"),
				__("Observar")
			);
			// The promise stays pending: the standard apply_workflow call is not made.
		});
	},

	after_workflow_action(frm) {
		frm.smevir_announce = true;
	},
});

const smevir_ficha = {
	esc(value) {
		return frappe.utils.escape_html(value == null ? "" : String(value));
	},

	load(frm) {
		if (frm.is_new() && !frm.doc.periodo) return;
		const args = frm.is_new()
			? {
					periodo: frm.doc.periodo,
					nivel: frm.doc.nivel,
					empresa: frm.doc.empresa,
					red: frm.doc.red,
					conglomerado: frm.doc.conglomerado,
			  }
			: { ficha: frm.doc.name };
		const token = (frm.smevir_token = (frm.smevir_token || 0) + 1);
		frappe.xcall("redes_smevir.api.fichas.form_context", args).then((ctx) => {
			if (token !== frm.smevir_token) return;
			frm.smevir_context = ctx;
			this.apply(frm, ctx);
		});
	},

	apply(frm, ctx) {
		if (!frm.is_new() && !ctx.can_edit) {
			// Fields are read-only wherever the user cannot save: nothing typed is silently lost.
			frm.disable_form();
		}
		if (frm.smevir_announce) {
			frm.smevir_announce = false;
			frappe.show_alert({ message: ctx.next_step, indicator: "green" }, 8);
		}
		this.set_intro(frm, ctx);
		this.render_panel(frm, ctx);
		if (ctx.previous && !frm.is_new()) {
			frm.add_custom_button(
				__("Ficha del periodo anterior"),
				() => frappe.set_route("Form", "Ficha", ctx.previous.name),
				__("Ver")
			);
		}
		if (ctx.can_request_correction) {
			frm.add_custom_button(__("Solicitar corrección"), () => this.request(frm));
		}
		if (ctx.can_decide_correction) {
			frm.add_custom_button(__("Rechazar corrección"), () => this.refuse(frm, ctx.pending_request));
			frm.add_custom_button(__("Ver solicitud"), () =>
				frappe.set_route("Form", "Solicitud Correccion", ctx.pending_request)
			);
		}
	},

	// One headline (set_intro replaces the previous one): reason, window, hints, request.
	set_intro(frm, ctx) {
		const parts = [];
		let color = "blue";
		if (ctx.state === "Observada" && ctx.motivo_observacion) {
			parts.push(__("Ficha observada. Motivo: {0}", [this.esc(ctx.motivo_observacion)]));
			color = "orange";
		}
		if (ctx.can_edit && ctx.window_refusal) {
			parts.push(this.esc(ctx.window_refusal));
			color = "red";
		}
		if ((ctx.hints || []).length) {
			const title =
				ctx.hints_for === "approver" ? __("Revise antes de aprobar") : __("Antes de enviar, revise");
			const items = ctx.hints.map((h) => `<li>${this.esc(h.message)}</li>`).join("");
			parts.push(`<b>${title}</b><ul style="margin-bottom:0">${items}</ul>`);
			if (color === "blue") color = ctx.hints.some((h) => h.indicator === "red") ? "red" : "orange";
		}
		if (ctx.pending_request) {
			parts.push(__("Hay una solicitud de corrección pendiente: {0}", [this.esc(ctx.pending_request)]));
		}
		frm.set_intro(parts.length ? parts.map((p) => `<div>${p}</div>`).join("") : "", color);
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

	// Side panel: entry window, last return reason, correction requests, previous period's values.
	render_panel(frm, ctx) {
		const parts = [this.window_html(ctx.window)];
		if (ctx.motivo_observacion && ctx.state !== "Observada") {
			parts.push(`<div class="alert alert-secondary smevir-motivo" style="margin-bottom:10px">
				<b>${__("Motivo de la última observación")}:</b> ${this.esc(ctx.motivo_observacion)}</div>`);
		}
		(ctx.solicitudes || []).forEach((s) => {
			const estado = s.estado ? ` — <b>${this.esc(__(s.estado))}</b>` : "";
			const motivo = s.motivo ? `: ${this.esc(s.motivo)}` : "";
			const decision = s.comentario_decision ? `<br>${__("Decisión")}: ${this.esc(s.comentario_decision)}` : "";
			parts.push(`<div class="alert alert-info smevir-solicitud" style="margin-bottom:10px">
				<a href="/app/solicitud-correccion/${encodeURIComponent(s.name)}">${__("Solicitud de corrección")}
				${this.esc(s.name)}</a>${estado}${motivo}${decision}</div>`);
		});
		const compared = (ctx.comparison || []).filter((r) => r.fieldtype !== "Data");
		if (compared.length) {
			const prev = ctx.previous;
			const title = prev
				? __("Comparación con {0} ({1})", [this.esc(prev.periodo), this.esc(__(prev.estado || ""))])
				: __("Sin ficha del periodo anterior para comparar");
			const rows = compared
				.map((r) => {
					const change =
						r.variacion === null || r.variacion === undefined
							? ""
							: `<span class="${Math.abs(r.variacion) >= 50 ? "text-danger" : "text-muted"}">${
									r.variacion > 0 ? "+" : ""
							  }${format_number(r.variacion, null, 1)} %</span>`;
					return `<tr><td>${this.esc(r.label)}</td>
						<td class="text-right">${prev ? this.esc(r.anterior_texto) || this.format(r.anterior, r.fieldtype) : "—"}</td>
						<td class="text-right">${this.esc(r.actual_texto) || this.format(r.actual, r.fieldtype)}</td>
						<td class="text-right">${change}</td></tr>`;
				})
				.join("");
			// Folded while the ficha is being filled in, so the fields stay in view; open for review.
			const open = frm.is_new() || ctx.state === "Borrador" ? "" : "open";
			parts.push(`<details class="smevir-comparison" ${open}>
				<summary class="text-muted small" style="margin-bottom:4px;cursor:pointer">${title}</summary>
				<div class="table-responsive"><table class="table table-sm table-bordered" style="font-size:12px;margin-bottom:0">
				<thead><tr><th>${__("Dato")}</th><th class="text-right">${__("Periodo anterior")}</th>
				<th class="text-right">${__("Este periodo")}</th><th class="text-right">${__("Variación")}</th></tr></thead>
				<tbody>${rows}</tbody></table></div></details>`);
		}
		frm.dashboard.parent.find(".smevir-section").remove();
		frm.dashboard.add_section(
			`<div class="smevir-ficha-panel">${parts.join("")}</div>`,
			__("Seguimiento de la ficha"),
			"custom smevir-section"
		);
		frm.dashboard.show();
	},

	// Number fields open the numeric keyboard on a phone.
	numeric_keyboards(frm) {
		(frm.fields || []).forEach((field) => {
			const type = field.df && field.df.fieldtype;
			if (!field.$input || !["Int", "Float", "Currency", "Percent"].includes(type)) return;
			field.$input.attr("inputmode", type === "Int" ? "numeric" : "decimal");
		});
	},

	// The Empresa dropdown offers only firms without a ficha in the chosen period.
	empresa_query(frm) {
		if (!frm.is_new() || !frm.doc.periodo) return {};
		if (!this.taken || this.taken.periodo !== frm.doc.periodo || this.taken.nivel !== frm.doc.nivel) {
			this.load_taken(frm.doc.periodo, frm.doc.nivel);
		}
		// no filters object when there is nothing to filter: Frappe would print an empty "Filtros aplicados"
		return this.taken.empresas.length ? { filters: { name: ["not in", this.taken.empresas] } } : {};
	},

	load_taken(periodo, nivel) {
		nivel = nivel || "Empresa";
		this.taken = { periodo, nivel, empresas: [] };
		frappe.db
			.get_list("Ficha", { filters: { periodo, nivel }, fields: ["empresa"], limit: 0 })
			.then((rows) => {
				if (this.taken && this.taken.periodo === periodo && this.taken.nivel === nivel) {
					this.taken.empresas = rows.map((r) => r.empresa).filter(Boolean);
				}
			});
	},

	open_position(frm) {
		// An approved ficha compares within its own period; otherwise the report opens on the
		// latest period with approved data (the open period has none yet).
		const options = { empresa: frm.doc.empresa };
		if (frm.doc.workflow_state === "Aprobada") options.periodo = frm.doc.periodo;
		frappe.route_options = options;
		frappe.set_route("query-report", "Posición Competitiva");
	},

	// Frappe's workflow help dialog reads "Workflow: …" and lists role names in English; the Ficha
	// form shows its own, from the same rules the server applies. (Frappe v15 form/workflow.js.)
	patch_workflow_help() {
		const States = frappe.ui.form.States;
		if (!States || States.prototype.smevir_patched) return;
		const original = States.prototype.setup_help;
		States.prototype.smevir_patched = true;
		States.prototype.setup_help = function () {
			if (this.frm.doctype !== "Ficha") return original.call(this);
			this.frm.page.add_action_item(__("Ayuda"), () => smevir_ficha.show_help(this.frm), true);
		};
	},

	show_help(frm) {
		const help = (frm.smevir_context || {}).help;
		if (!help) return;
		const actions = help.actions.length
			? help.actions
					.map((a) => `<li>${__("{0}: lo hace {1}; la ficha pasa a {2}.", [
						`<b>${this.esc(a.action)}</b>`,
						a.roles.map((r) => this.esc(r)).join(", "),
						this.esc(a.next_state),
					])}</li>`)
					.join("")
			: `<li>${__("Ninguna: la ficha aprobada solo cambia con una corrección autorizada.")}</li>`;
		const editors = help.editors.length
			? __("La edita: {0}.", [help.editors.map((r) => this.esc(r)).join(", ")])
			: __("En este estado nadie edita los datos.");
		const d = new frappe.ui.Dialog({ title: __("Flujo de la ficha") });
		d.$body.html(`<div style="padding:8px 4px">
			<p>${__("Estado actual")}: <b>${this.esc(help.state)}</b>. ${editors}</p>
			<p>${__("Siguientes acciones")}:</p><ul>${actions}</ul>
			<p class="text-muted small">${this.esc((frm.smevir_context || {}).next_step || "")}</p></div>`);
		d.show();
	},

	request(frm) {
		frappe.prompt(
			[{ fieldname: "motivo", fieldtype: "Small Text", label: __("Motivo de la corrección"), reqd: 1 }],
			(values) => {
				frappe
					.xcall("redes_smevir.api.fichas.request_correction", { ficha: frm.doc.name, motivo: values.motivo })
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
