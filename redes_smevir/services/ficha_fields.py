"""The data fields of each ficha level, read from the Ficha meta: the one definition of "level fields".

The form, the Excel template and upload, the indicator formula schema and the side panel's
comparison all take a level's variables from :func:`variables_for_level`.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model import no_value_fields

from redes_smevir.domain import ficha_rules as rules

# Section that holds the variables of each level (custom fields inserted there count too).
LEVEL_SECTIONS = {
	rules.EMPRESA: "section_empresa",
	rules.RED: "section_red",
	rules.REGION: "section_region",
	rules.SATISFACCION: "section_satisfaccion",
}
LAYOUT_TYPES = {"Section Break", "Column Break", "Tab Break", "HTML", "Heading", "Button", "Fold"}


def variables_for_level(nivel: str) -> list:
	"""Data fields (DocField rows) of ``nivel``, in form order, read from the Ficha meta.

	Returns every value field between the level's section break and the next section break,
	so a Custom Field an administrator inserts in the section is included automatically.
	"""
	section = LEVEL_SECTIONS.get(nivel)
	if not section:
		frappe.throw(_("Nivel de ficha desconocido: {0}").format(nivel))
	out = []
	inside = False
	for df in frappe.get_meta("Ficha").fields:
		if df.fieldtype in ("Section Break", "Tab Break"):
			if inside:
				break
			inside = df.fieldname == section
			continue
		if inside and df.fieldtype not in LAYOUT_TYPES and df.fieldtype not in no_value_fields:
			out.append(df)
	return out
