# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import fichas, notifications, workflow


class SolicitudCorreccion(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		comentario_decision: DF.SmallText | None
		conglomerado: DF.Link | None
		decidido_por: DF.Link | None
		estado: DF.Literal["Pendiente", "Autorizada", "Rechazada"]
		fecha_decision: DF.Datetime | None
		fecha_solicitud: DF.Datetime | None
		ficha: DF.Link
		motivo: DF.SmallText
		nivel: DF.Data | None
		periodo: DF.Link | None
		red: DF.Link | None
		solicitado_por: DF.Link | None
		titulo_ficha: DF.Data | None
	# end: auto-generated types
	"""A request to correct an approved ficha; decided through services.workflow.decide_correction."""

	def validate(self):
		self.flags.ignore_version = False  # the decision's audit trail is a feature, tests included
		if self.is_new():
			self.validate_request()
		else:
			self.validate_decision_path()

	def validate_request(self):
		ficha = frappe.get_doc("Ficha", self.ficha)
		ficha.check_permission("read")
		if ficha.workflow_state != rules.APROBADA:
			frappe.throw(
				_("Solo se puede solicitar la corrección de una ficha Aprobada; {0} está {1}.").format(
					ficha.name, _(ficha.workflow_state)
				),
				workflow.WorkflowRuleError,
			)
		enterer = rules.ENTERING_ROLE[ficha.nivel]
		if frappe.session.user != "Administrator" and enterer not in fichas.user_roles():
			frappe.throw(
				_("La corrección de una ficha de nivel {0} la solicita el rol {1}.").format(
					_(ficha.nivel), _(enterer)
				),
				fichas.FichaPermissionError,
			)
		fichas.check_scope(ficha)
		other = workflow.pending_request(ficha.name)
		if other:
			frappe.throw(
				_("Ya hay una solicitud de corrección pendiente para esta ficha: {0}.").format(other),
				frappe.DuplicateEntryError,
			)
		if not (self.motivo or "").strip():
			frappe.throw(_("Indique el motivo de la corrección."))
		self.estado = workflow.PENDIENTE
		self.solicitado_por = frappe.session.user
		self.fecha_solicitud = now_datetime()
		self.decidido_por = self.fecha_decision = self.comentario_decision = None

	def validate_decision_path(self):
		before = self.get_doc_before_save()
		if before and before.estado != self.estado and not self.flags.decision:
			frappe.throw(
				_("Use los botones Autorizar o Rechazar para decidir una solicitud de corrección."),
				fichas.FichaPermissionError,
			)

	def after_insert(self):
		ficha = frappe.get_doc("Ficha", self.ficha)
		ficha.add_comment("Comment", _("Solicitud de corrección {0}: {1}").format(self.name, self.motivo))
		notifications.on_correction_requested(ficha, self)
