# Copyright (c) 2026, redes_smevir contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document

from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import fichas, indexes, workflow


class Ficha(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agrego_valor: DF.Check
		aprobado_por: DF.Link | None
		articulada_nuevos_mercados: DF.Check
		asistencia_tecnica_recibida: DF.Check
		aspectos_mejorar: DF.SmallText | None
		aspectos_positivos: DF.SmallText | None
		capacitacion_recibida: DF.Check
		clave_unica: DF.Data | None
		clientes_nichos_rentables: DF.Check
		como_agrego_valor: DF.SmallText | None
		conglomerado: DF.Link | None
		diagnostico_individual: DF.Check
		ejecuta_plan_negocios: DF.Check
		empresa: DF.Link | None
		entidades_publicas_metodologia: DF.Int
		enviado_por: DF.Link | None
		estrategia_difundida: DF.Check
		estrategia_documentada: DF.Check
		estrategia_validada: DF.Check
		eventos_comerciales: DF.Int
		expectativas_cubiertas: DF.Literal["", "S\u00ed", "En parte", "No"]
		fase_alcanzada: DF.Literal[
			"",
			"1. An\u00e1lisis de territorio y cadena",
			"2. Promoci\u00f3n y selecci\u00f3n (pre-red)",
			"3. Generaci\u00f3n de confianza y plan de mejora",
			"4. Proyecto piloto",
			"5. Plan de negocios / proyecto estrat\u00e9gico",
			"6. Acompa\u00f1amiento en la gesti\u00f3n del negocio",
		]
		fecha_aprobacion: DF.Datetime | None
		fecha_envio: DF.Datetime | None
		incremento_ingresos: DF.Check
		innovacion_comercial: DF.Check
		innovacion_gestion: DF.Check
		innovacion_productiva: DF.Check
		innovo_procesos: DF.Check
		logros_red: DF.SmallText | None
		motivo_observacion: DF.SmallText | None
		negocio_sostenible_exportacion: DF.Check
		negocio_sostenible_interno: DF.Check
		nivel: DF.Literal["Empresa", "Red", "Regi\u00f3n", "Satisfacci\u00f3n"]
		nuevos_clientes: DF.Int
		nuevos_mercados: DF.Check
		observaciones: DF.SmallText | None
		participa_eventos_comerciales: DF.Check
		periodo: DF.Link
		plan_mejora_individual: DF.Check
		plan_mejora_red: DF.Check
		plan_negocios_ejecucion: DF.Check
		politica_publica_en_proceso: DF.Check
		proyecto_piloto: DF.Check
		razon_social: DF.Data | None
		red: DF.Link | None
		red_capacitada: DF.Check
		satisfaccion_general: DF.Int
		servicio_acompanamiento: DF.Check
		servicio_asistencia_tecnica: DF.Check
		servicio_capacitacion: DF.Check
		servicio_promocion_comercial: DF.Check
		sistema_monitoreo_funcionando: DF.Check
		sugerencias: DF.SmallText | None
		titulo: DF.Data | None
		trabajadores: DF.Int
		utilidad_servicios: DF.Int
		ventas_brutas: DF.Currency
		workflow_state: DF.Link | None

	# end: auto-generated types
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
	"""The Ficha indexes (services/indexes.py), after Frappe has synced the table."""
	indexes.ensure_indexes("Ficha")
