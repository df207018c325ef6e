# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from redes_smevir.domain import periods
from redes_smevir.services import periods as period_rules
from redes_smevir.services import problem_messages


class Periodo(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		cubre_desde: DF.Date | None
		cubre_hasta: DF.Date | None
		estado: DF.Literal["Programado", "Abierto", "Cerrado"]
		fecha_referencia: DF.Date
		fin_registro: DF.Date
		inicio_registro: DF.Date
		nombre_periodo: DF.Data
		periodo_base: DF.Link | None
		tipo: DF.Literal["L\u00ednea de Base", "Medici\u00f3n Anual", "Medici\u00f3n Final"]

	# end: auto-generated types
	def validate(self):
		self.validate_window()
		self.validate_base()
		self.estado = period_rules.status_on(self.inicio_registro, self.fin_registro, getdate(nowdate()))

	def validate_window(self):
		problems = periods.window_problems(
			getdate(self.inicio_registro) if self.inicio_registro else None,
			getdate(self.fin_registro) if self.fin_registro else None,
			getdate(self.fecha_referencia) if self.fecha_referencia else None,
			getdate(self.cubre_desde) if self.cubre_desde else None,
			getdate(self.cubre_hasta) if self.cubre_hasta else None,
		)
		if problems:
			fieldname, problem = problems[0]
			message = problem_messages.message(problem)
			label = _(self.meta.get_label(fieldname))
			frappe.throw(_("{0}: {1}").format(label, message), title=_("Ventana de registro incoherente"))

	def validate_base(self):
		if not self.periodo_base:
			return
		if self.periodo_base == self.name:
			frappe.throw(_("Línea de base de comparación: un periodo no puede compararse consigo mismo."))
		tipo = frappe.db.get_value("Periodo", self.periodo_base, "tipo")
		if tipo != "Línea de Base":
			frappe.throw(
				_(
					"Línea de base de comparación: {0} es de tipo {1}; elija un periodo de Línea de Base."
				).format(self.periodo_base, _(tipo))
			)
