// Ficha list: workflow-state colours and a default filter on the current measurement period.
const SMEVIR_STATE_COLOURS = {
	Borrador: "blue",
	Enviada: "orange",
	Observada: "red",
	Aprobada: "green",
	"En Corrección": "purple",
};

const SMEVIR_CURRENT_PERIOD = frappe.boot.smevir && frappe.boot.smevir.periodo;

frappe.listview_settings["Ficha"] = {
	add_fields: ["workflow_state", "nivel", "periodo", "empresa", "red"],
	// Default filter (used when the user has no saved filters): the current measurement period.
	filters: SMEVIR_CURRENT_PERIOD ? [["periodo", "=", SMEVIR_CURRENT_PERIOD]] : [],
	has_indicator_for_draft: true,

	get_indicator(doc) {
		const state = doc.workflow_state || "Borrador";
		return [__(state), SMEVIR_STATE_COLOURS[state] || "gray", "workflow_state,=," + state];
	},

	onload(listview) {
		const current = SMEVIR_CURRENT_PERIOD;
		listview.page.add_inner_button(__("Periodo actual"), () => {
			if (!current) return;
			listview.filter_area.clear(false).then(() => {
				listview.filter_area.add([["Ficha", "periodo", "=", current]]);
			});
		});
		listview.page.add_inner_button(__("Por aprobar"), () => {
			listview.filter_area.clear(false).then(() => {
				listview.filter_area.add([["Ficha", "workflow_state", "=", "Enviada"]]);
			});
		});
		listview.page.add_inner_button(__("Observadas"), () => {
			listview.filter_area.clear(false).then(() => {
				listview.filter_area.add([["Ficha", "workflow_state", "=", "Observada"]]);
			});
		});
	},
};
