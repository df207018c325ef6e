from frappe import _


def get_data() -> dict:
	return {
		"fieldname": "empresa",
		"transactions": [
			{"label": _("Fichas"), "items": ["Ficha"]},
		],
	}
