# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import fichas, workflow


class Ficha(Document):
	def validate(self):
		# The audit trail (Version) of fichas is a feature: keep it even where Frappe skips it.
		self.flags.ignore_version = bool(self.flags.historical_load)
		before = self.get_doc_before_save()
		if not before or (before.workflow_state or rules.BORRADOR) in rules.EDITABLE_STATES:
			fichas.set_subject_links(self)
		fichas.protect_bookkeeping(self)
		self.titulo = fichas.make_title(self)
		if self.is_new():
			fichas.check_create(self)
		else:
			fichas.check_edit(self, fichas.changed_data_fields(self))
			workflow.validate_transition(self)
		# after the scope checks, so a refusal never names a ficha of someone else
		fichas.validate_unique(self)

	def show_unique_validation_message(self, e):
		"""Two simultaneous saves of the same ficha: the database's unique key refuses the second."""
		fichas.raise_duplicate(self)

	def on_update(self):
		workflow.after_save(self)

	def on_trash(self):
		# Only the Administrador SMEVIR deletes fichas (DocPerm); their correction requests go too.
		frappe.db.delete("Solicitud Correccion", {"ficha": self.name})


def on_doctype_update():
	"""Indexes for the one-ficha-per-subject-and-period lookups and the per-period reports."""
	frappe.db.add_index("Ficha", ["empresa", "periodo"])
	frappe.db.add_index("Ficha", ["red", "periodo"])
	frappe.db.add_index("Ficha", ["periodo", "nivel", "workflow_state"])
