from frappe import _


def get_data() -> dict:
	return {
		"fieldname": "red",
		"transactions": [
			{"label": _("Miembros y fichas"), "items": ["Empresa", "Ficha"]},
		],
	}
