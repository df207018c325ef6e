"""Row-level scoping of SMEVIR records: one rule, rendered three ways.

A Gerente de Red sees the networks where they are ``gerente`` and those networks' firms and
fichas; a Coordinador UO sees everything of the conglomerados whose coordinators table lists
them; the Administrador SMEVIR (and System Manager, Administrator) sees all. Any other user sees
no SMEVIR row at all (the rule fails closed). The rule is evaluated live from ``Red.gerente`` and
``Conglomerado.coordinadores``, so reassigning a network moves the access at once.

``Scope`` is the one representation of that rule. It renders as:

- a SQL condition (``Scope.sql``) for ``permission_query_conditions``: list, report view, REST,
  ``frappe.get_list``, link search, counts, child tables and the Comment/File/Version/... rows
  attached to the app's records;
- a ``frappe.qb`` criterion (``Scope.criterion``) for the app's own set-based queries;
- a per-record check (``Scope.allows``) for ``has_permission``, which always looks at the record
  **as stored** (and at the new values when they differ), so a write cannot pull a record into
  one's scope and a document forged by the client cannot borrow someone else's permission.

See ``docs/seguridad.md`` for why hooks were chosen over synchronised User Permissions.
"""

from __future__ import annotations

from functools import cached_property

import frappe
from frappe import _
from frappe.query_builder import Criterion, DocType
from frappe.query_builder.terms import ValueWrapper

from redes_smevir.services.roles import COORDINADOR, GERENTE, is_admin

# DocType -> (network column, conglomerado column) of its rows; None where it has none.
SCOPE_COLUMNS: dict[str, tuple[str | None, str | None]] = {
	"Red": ("name", "conglomerado"),
	"Empresa": ("red", "conglomerado"),
	"Ficha": ("red", "conglomerado"),
	"Solicitud Correccion": ("red", "conglomerado"),
	# comparison firms' fichas: no network, seen by the coordinators of their conglomerado
	"Ficha Comparacion": (None, "conglomerado"),
	# programme costs and their link to ERPNext: coordinators of the conglomerado (no Gerente access)
	"Costo Programa": (None, "conglomerado"),
	"Vinculo Contable": (None, "conglomerado"),
}
# Conglomerado rows: coordinated ones, and those where the user manages a network.
CONGLOMERADO = "Conglomerado"
# Uploads belong to whoever created them (the Administrador sees all).
OWNED_DOCTYPES = ("Carga de Fichas",)
# Child tables inherit the scope of their parent record.
CHILD_PARENTS: dict[str, str] = {
	"Red Miembro": "Red",
	"Red Fase": "Red",
	"Conglomerado Coordinador": "Conglomerado",
	"Carga de Fichas Error": "Carga de Fichas",
}
# Every DocType whose rows are confidential (a record outside the scope must not be revealed).
SCOPED_DOCTYPES: tuple[str, ...] = (CONGLOMERADO, *SCOPE_COLUMNS, *OWNED_DOCTYPES)
# Frappe rows that point at another document: (doctype column, name column).
REFERENCE_COLUMNS: dict[str, tuple[str, str]] = {
	"Comment": ("reference_doctype", "reference_name"),
	"File": ("attached_to_doctype", "attached_to_name"),
	"Version": ("ref_doctype", "docname"),
	"Communication": ("reference_doctype", "reference_name"),
	"ToDo": ("reference_type", "reference_name"),
	"Workflow Action": ("reference_doctype", "reference_name"),
	"DocShare": ("share_doctype", "share_name"),
	"Document Follow": ("ref_doctype", "ref_docname"),
	"Tag Link": ("document_type", "document_name"),
	"Activity Log": ("reference_doctype", "reference_name"),
	"Notification Log": ("document_type", "document_name"),
}


def _q(value: str) -> str:
	return frappe.db.escape(value, percent=False)


def _col(doctype: str, column: str) -> str:
	return f"`tab{doctype}`.`{column}`"


class Scope:
	"""What ``user`` may see. Build with ``Scope.of(user)``; cheap, evaluated live on each call."""

	def __init__(self, user: str):
		self.user = user
		self.unrestricted = is_admin(user)
		roles = set() if self.unrestricted else set(frappe.get_roles(user))
		self.as_gerente = GERENTE in roles
		self.as_coordinador = COORDINADOR in roles

	@classmethod
	def of(cls, user: str | None = None) -> Scope:
		return cls(user or frappe.session.user)

	@property
	def restricted(self) -> bool:
		return not self.unrestricted

	# --- sets (for per-record checks and the app's own queries) ------------------------------

	@cached_property
	def redes(self) -> frozenset[str]:
		"""Networks where the user is ``gerente``."""
		if not self.as_gerente:
			return frozenset()
		return frozenset(frappe.get_all("Red", filters={"gerente": self.user}, pluck="name"))

	@cached_property
	def conglomerados(self) -> frozenset[str]:
		"""Conglomerados the user coordinates."""
		if not self.as_coordinador:
			return frozenset()
		return frozenset(
			frappe.get_all(
				"Conglomerado Coordinador",
				filters={"usuario": self.user, "parenttype": CONGLOMERADO, "parentfield": "coordinadores"},
				pluck="parent",
				distinct=True,
			)
		)

	@cached_property
	def conglomerados_de_redes(self) -> frozenset[str]:
		"""Conglomerados of the networks the user manages (a Gerente sees those Conglomerado rows)."""
		if not self.redes:
			return frozenset()
		return frozenset(
			c
			for c in frappe.get_all(
				"Red", filters={"name": ("in", sorted(self.redes))}, pluck="conglomerado", distinct=True
			)
			if c
		)

	def allows(self, red: str | None, conglomerado: str | None) -> bool:
		"""Whether a row with this network and conglomerado is inside the scope."""
		if self.unrestricted:
			return True
		if red and red in self.redes:
			return True
		return bool(conglomerado and conglomerado in self.conglomerados)

	def allows_conglomerado(self, conglomerado: str | None) -> bool:
		if self.unrestricted:
			return True
		return bool(
			conglomerado
			and (conglomerado in self.conglomerados or conglomerado in self.conglomerados_de_redes)
		)

	def visible_redes(self) -> list[str] | None:
		"""Networks the user may see; None means no restriction."""
		if self.unrestricted:
			return None
		redes = set(self.redes)
		if self.conglomerados:
			redes.update(
				frappe.get_all(
					"Red", filters={"conglomerado": ("in", sorted(self.conglomerados))}, pluck="name"
				)
			)
		return sorted(redes)

	def visible_conglomerados(self) -> list[str] | None:
		"""Conglomerados the user may see; None means no restriction."""
		if self.unrestricted:
			return None
		return sorted(self.conglomerados | self.conglomerados_de_redes)

	# --- SQL (permission_query_conditions) ----------------------------------------------------

	def _gerente_redes_sql(self) -> str:
		return f"(select `tabRed`.`name` from `tabRed` where `tabRed`.`gerente` = {_q(self.user)})"

	def _coordinador_congl_sql(self) -> str:
		return (
			"(select `tabConglomerado Coordinador`.`parent` from `tabConglomerado Coordinador`"
			" where `tabConglomerado Coordinador`.`parenttype` = 'Conglomerado'"
			" and `tabConglomerado Coordinador`.`parentfield` = 'coordinadores'"
			f" and `tabConglomerado Coordinador`.`usuario` = {_q(self.user)})"
		)

	def sql(self, red_column: str | None, congl_column: str | None) -> str:
		"""SQL condition on two columns; "" when unrestricted, ``1=0`` when nothing is visible."""
		if self.unrestricted:
			return ""
		parts = []
		if self.as_gerente and red_column:
			parts.append(f"{red_column} in {self._gerente_redes_sql()}")
		if self.as_coordinador and congl_column:
			parts.append(f"{congl_column} in {self._coordinador_congl_sql()}")
		return "(" + " or ".join(parts) + ")" if parts else "(1=0)"

	def sql_for(self, doctype: str, alias: str | None = None) -> str:
		"""SQL condition selecting the visible rows of a scoped DocType (table ``alias``)."""
		if self.unrestricted:
			return ""
		table = alias or doctype
		if doctype == CONGLOMERADO:
			parts = []
			name = _col(table, "name")
			if self.as_gerente:
				parts.append(
					f"{name} in (select `tabRed`.`conglomerado` from `tabRed`"
					f" where `tabRed`.`gerente` = {_q(self.user)})"
				)
			if self.as_coordinador:
				parts.append(f"{name} in {self._coordinador_congl_sql()}")
			return "(" + " or ".join(parts) + ")" if parts else "(1=0)"
		if doctype in OWNED_DOCTYPES:
			return f"({_col(table, 'owner')} = {_q(self.user)})"
		red, congl = SCOPE_COLUMNS[doctype]
		return self.sql(red and _col(table, red), congl and _col(table, congl))

	def sql_names(self, doctype: str) -> str:
		"""``(select name from tabX where <visible>)``: the visible names of a scoped DocType."""
		condition = self.sql_for(doctype) or "1=1"
		return f"(select `tab{doctype}`.`name` from `tab{doctype}` where {condition})"

	def sql_child(self, child: str) -> str:
		"""Rows of a child table whose parent record is visible."""
		if self.unrestricted:
			return ""
		parent = CHILD_PARENTS[child]
		return (
			f"({_col(child, 'parenttype')} = {_q(parent)}"
			f" and {_col(child, 'parent')} in {self.sql_names(parent)})"
		)

	def sql_reference(self, doctype: str) -> str:
		"""Rows of a Frappe DocType pointing at a document: hide those that point at hidden records."""
		if self.unrestricted:
			return ""
		dt_col, name_col = (_col(doctype, c) for c in REFERENCE_COLUMNS[doctype])
		allowed = " or ".join(
			f"({dt_col} = {_q(dt)} and {name_col} in {self.sql_names(dt)})" for dt in SCOPED_DOCTYPES
		)
		listed = ", ".join(_q(dt) for dt in SCOPED_DOCTYPES)
		return f"(ifnull({dt_col}, '') not in ({listed}) or {allowed})"

	# --- frappe.qb ------------------------------------------------------------------------------

	def criterion(self, table, red: str = "red", conglomerado: str = "conglomerado") -> Criterion | None:
		"""The same rule as a ``frappe.qb`` criterion on ``table`` (None = unrestricted)."""
		if self.unrestricted:
			return None
		parts = []
		if self.as_gerente and red:
			rt = DocType("Red")
			parts.append(table[red].isin(frappe.qb.from_(rt).select(rt.name).where(rt.gerente == self.user)))
		if self.as_coordinador and conglomerado:
			cc = DocType("Conglomerado Coordinador")
			parts.append(
				table[conglomerado].isin(
					frappe.qb.from_(cc)
					.select(cc.parent)
					.where(
						(cc.usuario == self.user)
						& (cc.parenttype == CONGLOMERADO)
						& (cc.parentfield == "coordinadores")
					)
				)
			)
		if not parts:
			return ValueWrapper(1) == ValueWrapper(0)
		return Criterion.any(parts)

	# --- single records -----------------------------------------------------------------------

	def allows_values(self, doctype: str, values) -> bool:
		"""Whether a record of ``doctype`` with these field values (dict or doc) is visible."""
		if self.unrestricted:
			return True
		if doctype == CONGLOMERADO:
			return self.allows_conglomerado(values.get("name"))
		if doctype in OWNED_DOCTYPES:
			return (values.get("owner") or "").lower() == self.user.lower()
		red, congl = SCOPE_COLUMNS[doctype]
		return self.allows(values.get(red) if red else None, values.get(congl) if congl else None)

	def allows_stored(self, doctype: str, name: str | None) -> bool | None:
		"""Scope check on the record as stored; None when no such record exists."""
		if self.unrestricted:
			return True
		if not name:
			return None
		fields = ["name", "owner", *(c for c in SCOPE_COLUMNS.get(doctype, ()) if c and c != "name")]
		row = frappe.db.get_value(doctype, name, fields, as_dict=True)
		if not row:
			return None
		return self.allows_values(doctype, row)

	def allows_doc(self, doc) -> bool:
		"""Stored record and current values both inside the scope (a forged or edited doc included)."""
		if self.unrestricted:
			return True
		stored = self.allows_stored(doc.doctype, doc.name)
		if stored is False:
			return False
		return self.allows_values(doc.doctype, doc)


# --- hooks: permission_query_conditions ------------------------------------------------------------


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for every DocType the app scopes (Frappe passes ``doctype``)."""
	scope = Scope.of(user)
	if scope.unrestricted or not doctype:
		return ""
	if doctype in SCOPED_DOCTYPES:
		return scope.sql_for(doctype)
	if doctype in CHILD_PARENTS:
		return scope.sql_child(doctype)
	if doctype in REFERENCE_COLUMNS:
		return scope.sql_reference(doctype)
	return ""


# --- hooks: has_permission ---------------------------------------------------------------------------


def has_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool | None:
	"""has_permission for the app's DocTypes: deny outside the scope (stored and new values), defer otherwise.

	Child rows need no hook: Frappe checks them on their stored parent (``has_child_permission``).
	"""
	scope = Scope.of(user)
	if scope.unrestricted:
		return None
	if ptype == "create" and doc.is_new() and not frappe.db.exists(doc.doctype, doc.name or ""):
		# The new values are checked on save (validate), where the form gets a clear message.
		return None
	return None if scope.allows_doc(doc) else False


def reference_has_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool | None:
	"""has_permission for Comment, File, Version, ...: hidden when they point at a hidden record."""
	scope = Scope.of(user)
	if scope.unrestricted:
		return None
	dt_col, name_col = REFERENCE_COLUMNS[doc.doctype]
	stored = (
		frappe.db.get_value(doc.doctype, doc.name, [dt_col, name_col], as_dict=True)
		if doc.name and not doc.is_new()
		else None
	)
	for row in filter(None, (stored, doc)):
		ref_dt, ref_name = row.get(dt_col), row.get(name_col)
		if ref_dt in SCOPED_DOCTYPES and (not ref_name or scope.allows_stored(ref_dt, ref_name) is False):
			return False
	return None


# --- convenience for services ------------------------------------------------------------------------


def is_scoped(user: str | None = None) -> bool:
	"""True when the user's view is limited (everyone but the administrators)."""
	return Scope.of(user).restricted


def doc_in_scope(doc, user: str | None = None) -> bool:
	"""Whether ``doc``'s current values (Conglomerado, Red, Empresa, Ficha, ...) lie inside the scope."""
	return Scope.of(user).allows_values(doc.doctype, doc)


def visible_redes(user: str | None = None) -> list[str] | None:
	return Scope.of(user).visible_redes()


def visible_conglomerados(user: str | None = None) -> list[str] | None:
	return Scope.of(user).visible_conglomerados()


def check_record_readable(doctype: str, name: str) -> None:
	"""Refuse a record the session user may not read, with the same message whether it exists or not."""
	if not (name and frappe.db.exists(doctype, name) and frappe.has_permission(doctype, "read", name)):
		frappe.throw(not_found_message(doctype), frappe.DoesNotExistError)


def not_found_message(doctype: str) -> str:
	"""One answer for 'does not exist' and 'not yours', so existence is not an oracle."""
	return _("No se encontró el registro de {0} o no tiene acceso a él.").format(_(doctype))
