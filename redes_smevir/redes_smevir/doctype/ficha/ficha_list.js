// Ficha list: workflow-state colours and a default filter on the current measurement period.
const SMEVIR_STATE_COLOURS = {
	Borrador: "blue",
	Enviada: "orange",
	Observada: "red",
	Aprobada: "green",
	"En Corrección": "purple",
};

const SMEVIR_CURRENT_PERIOD = frappe.boot.smevir && frappe.boot.smevir.periodo;

// On a phone the list keeps its first screen for fichas: only the period and state filters
// (the filter button adds others) and titles that wrap instead of being cut.
frappe.dom.set_style(
	`[id="page-List/Ficha/List"] .list-row .list-subject .level-item.bold,
	[id="page-List/Ficha/List"] .list-row .list-subject a { white-space: normal; }
	[id="page-List/Ficha/List"] .list-row { height: auto; min-height: 40px; padding-top: 6px; padding-bottom: 6px; }
	@media (max-width: 767px) {
		[id="page-List/Ficha/List"] .standard-filter-section .frappe-control:not([data-fieldname="periodo"]):not([data-fieldname="workflow_state"]) { display: none !important; }
		[id="page-List/Ficha/List"] .list-row .list-subject { white-space: normal; overflow: visible; flex: 1 1 auto; min-width: 0; }
		[id="page-List/Ficha/List"] .list-row .list-subject .level-item.bold,
		[id="page-List/Ficha/List"] .list-row .list-subject a { overflow: visible; min-width: 0; flex: 1 1 auto; }
	}`,
	"smevir-ficha-list"
);

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
		const show = (filters) => () =>
			listview.filter_area.clear(false).then(() => listview.filter_area.add(filters));
		const quick = [
			[__("Periodo actual"), SMEVIR_CURRENT_PERIOD ? [["Ficha", "periodo", "=", SMEVIR_CURRENT_PERIOD]] : null],
			[__("Por aprobar"), [["Ficha", "workflow_state", "=", "Enviada"]]],
			[__("Observadas"), [["Ficha", "workflow_state", "=", "Observada"]]],
		];
		for (const [label, filters] of quick) {
			if (!filters) continue;
			// Frappe hides the inner toolbar on a phone: there the quick filters are in the menu
			if (frappe.is_mobile()) listview.page.add_menu_item(label, show(filters));
			else listview.page.add_inner_button(label, show(filters));
		}
	},
};
