// Copyright (c) 2026, redes_smevir contributors
// License: MIT. See license.txt

frappe.ui.form.on("Carga de Fichas", {
	setup(frm) {
		// no filters object when there is nothing to filter: Frappe would print an empty "Filtros aplicados"
		frm.set_query("red", () => (frm.doc.conglomerado ? { filters: { conglomerado: frm.doc.conglomerado } } : {}));
	},

	onload(frm) {
		// A new upload starts on the period whose entry window is open, as a new ficha does.
		const current = frappe.boot.smevir || {};
		if (frm.is_new() && !frm.doc.periodo && current.estado === "Abierto" && current.periodo) {
			frm.set_value("periodo", current.periodo);
		}
	},

	refresh(frm) {
		frm.add_custom_button(__("Descargar plantilla"), () => download_template(frm));
		if (!frm.is_new() && frm.doc.archivo && frm.doc.estado !== "Completada") {
			frm.add_custom_button(__("Validar"), () => run(frm, "validar"), __("Archivo"));
			frm.add_custom_button(__("Cargar"), () => run(frm, "cargar"), __("Archivo"));
			frm.page.set_primary_action(__("Cargar"), () => run(frm, "cargar"));
		}
		show_summary(frm);
		if (frm.doc.estado === "En proceso") {
			setTimeout(() => frm.reload_doc(), 5000);
		}
	},

	archivo(frm) {
		if (frm.doc.archivo && !frm.is_new()) frm.save();
	},
});

function download_template(frm) {
	const d = frm.doc;
	if (!d.periodo || !(d.red || d.conglomerado)) {
		frappe.msgprint(__("Elija el periodo y la red o el conglomerado antes de descargar la plantilla."));
		return;
	}
	const args = { periodo: d.periodo, nivel: d.nivel || "Empresa" };
	if (d.nivel === "Empresa" && d.red) args.red = d.red;
	else args.conglomerado = d.conglomerado;
	const query = new URLSearchParams(args).toString();
	window.open(`/api/method/redes_smevir.api.excel.download_template?${query}`);
}

function run(frm, method) {
	const go = () =>
		frm.call(method).then(() => {
			frm.reload_doc();
			if (method === "cargar") {
				frappe.show_alert({ message: __("Carga en proceso; el resumen aparecerá al terminar."), indicator: "blue" });
			}
		});
	if (frm.is_dirty()) frm.save().then(go);
	else go();
}

function show_summary(frm) {
	const d = frm.doc;
	if (d.estado === "Completada") {
		frm.dashboard.set_headline(
			__("Carga completada: {0} fichas creadas, {1} actualizadas, {2} sin cambios, {3} enviadas.", [
				d.creadas, d.actualizadas, d.sin_cambios, d.enviadas,
			]),
			"green"
		);
	} else if (d.estado === "Con errores") {
		frm.dashboard.set_headline(
			__("El archivo tiene {0} errores. No se guardó ninguna ficha: corríjalos y vuelva a adjuntar el archivo.", [
				d.total_errores,
			]),
			"red"
		);
	} else if (d.validado) {
		frm.dashboard.set_headline(__("Archivo validado sin errores: pulse «Cargar»."), "blue");
	}
}
