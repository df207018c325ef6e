"""Posición Competitiva: a firm's variables against the aggregates of its network, conglomerado and chain."""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _

from redes_smevir.domain import formula as fl
from redes_smevir.domain import stats
from redes_smevir.services.indicator_schema import schema_for_level
from redes_smevir.services.report_guards import refuse

MIN_PEER_GROUP = 3  # smaller peer groups would reveal individual firms' values


@dataclass
class PeerRow:
	variable: str
	etiqueta: str
	valor: float | None
	grupo: str
	nombre_grupo: str
	position: stats.Position | None
	nota: str = ""


def numeric_variables() -> list[tuple[str, str]]:
	"""(fieldname, label) of the numeric variables of the Empresa ficha (Check fields excluded)."""
	meta = frappe.get_meta("Ficha")
	out = []
	for name, typ in schema_for_level("Empresa").items():
		df = meta.get_field(name)
		if typ == fl.NUMBER and df:
			out.append((name, _(df.label or name)))
	return out


def competitive_position(empresa: str, periodo: str, user: str | None = None) -> tuple[dict, list[PeerRow]]:
	"""Each numeric variable of the firm's ficha against its network, conglomerado and value chain.

	Only aggregates of the peer groups are returned (never another firm's values); groups smaller
	than MIN_PEER_GROUP are not summarised. Peers count with approved fichas only.
	"""
	user = user or frappe.session.user
	emp = frappe.get_doc("Empresa", empresa)
	if not frappe.has_permission("Empresa", "read", doc=emp, user=user):
		refuse(_("No tiene permiso para ver esta empresa."))
	variables = numeric_variables()
	cols = [v for v, _l in variables]
	# The firm's own values only from a ficha the user may read (a firm that changed networks keeps
	# its earlier fichas in the former network's scope).
	own = frappe.get_list(
		"Ficha",
		filters={"nivel": "Empresa", "periodo": periodo, "empresa": empresa},
		fields=["name", "workflow_state", "red", "conglomerado", *cols],
		order_by="modified desc",
		limit=1,
		user=user,
	)
	own_row = own[0] if own else None
	red = (own_row.red if own_row else None) or emp.red
	congl = (own_row.conglomerado if own_row else None) or emp.conglomerado
	cadena = emp.cadena or (frappe.db.get_value("Conglomerado", congl, "cadena") if congl else None)
	# Peers are read without the user's scope on purpose: only aggregates leave this function.
	peers = frappe.get_all(
		"Ficha",
		filters={"nivel": "Empresa", "periodo": periodo, "workflow_state": "Aprobada"},
		fields=["empresa", "red", "conglomerado", *cols],
		limit_page_length=0,
		order_by=None,
	)
	chains: dict[str, str | None] = {}
	if cadena:
		firm_chain = dict(
			frappe.get_all(
				"Empresa",
				filters={"name": ("in", [p.empresa for p in peers] or [""])},
				fields=["name", "cadena"],
				as_list=True,
			)
		)
		congl_chain = dict(frappe.get_all("Conglomerado", fields=["name", "cadena"], as_list=True))
		for p in peers:
			chains[p.empresa] = firm_chain.get(p.empresa) or congl_chain.get(p.conglomerado)
	groups = [
		("red", _("Red"), red, [p for p in peers if red and p.red == red]),
		("conglomerado", _("Conglomerado"), congl, [p for p in peers if congl and p.conglomerado == congl]),
		(
			"cadena",
			_("Cadena productiva"),
			cadena,
			[p for p in peers if cadena and chains.get(p.empresa) == cadena],
		),
	]
	out: list[PeerRow] = []
	for name, label in variables:
		value = own_row.get(name) if own_row else None
		value = float(value) if value is not None else None
		for _key, glabel, gname, members in groups:
			if not gname:
				continue
			data = [p.get(name) for p in members]
			# The firm itself belongs to its groups even if its ficha is not approved yet.
			if own_row and own_row.workflow_state != "Aprobada" and value is not None:
				data.append(value)
			pos = stats.position(value, data)
			nota = ""
			if pos.n < MIN_PEER_GROUP:
				nota = _("Grupo con menos de {0} empresas: no se muestran estadísticas").format(
					MIN_PEER_GROUP
				)
				pos = stats.Position(pos.n, None, None, None, None)
			out.append(PeerRow(name, label, value, glabel, gname, pos, nota))
	info = {
		"empresa": empresa,
		"razon_social": emp.razon_social,
		"red": red,
		"conglomerado": congl,
		"cadena": cadena,
		"ficha": own_row.name if own_row else None,
		"estado_ficha": own_row.workflow_state if own_row else None,
	}
	return info, out
