"""Set-wise write of many fichas (the Excel upload), inside the caller's transaction.

The rules are the form's and were checked on the whole file before anything is written
(``excel_fichas.plan_upload`` calls the same functions: role and state, scope, entry window, types
and ranges, one ficha per subject). Here each ficha is completed as ``Ficha.validate`` completes it
(``fichas.make_title``, ``fichas.unique_key``) and written in a few statements:

- the Ficha rows (``frappe.db.bulk_insert``; names reserved from the naming series at once), or
  one UPDATE per changed ficha, after locking the stored fichas and checking their state is still
  the one validated (``FOR UPDATE``);
- one Version per ficha naming the upload (``updater_reference``, as Frappe's Data Import does);
- for the fichas sent (``Enviar``): the workflow bookkeeping of ``workflow.validate_transition``
  (``enviado_por``, ``fecha_envio``), the «Workflow» comment ``apply_workflow`` adds, and one
  notification per approver for the whole upload instead of one per ficha;
- the Workflow Action Frappe's ``process_workflow_actions`` keeps per document (Open, with the
  roles of the next transitions; the previous one Completed), so the inbox is the same whichever
  way a ficha was entered.

Per-document hooks of other apps (``doc_events`` on Ficha), Notification, Webhook and Server Script
rules on Ficha would not run here: ``needs_documents()`` tells the caller to save each ficha as a
document on such sites.
"""

from __future__ import annotations

import json
import re

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import now

from redes_smevir.domain import excel_template as tpl
from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import fichas, recipients

FICHA = "Ficha"
_SERIES = re.compile(r"^format:([^{}]*)\{(#+)\}$")
CHUNK = 1000


class StaleFichaError(frappe.ValidationError):
	"""A stored ficha changed (state) between the validation and the write."""


# --- when the set-wise path may not be used ----------------------------------------------------------


def needs_documents() -> bool:
	"""Whether something outside the app listens to Ficha documents (then save each as a document)."""
	events = frappe.get_hooks("doc_events") or {}
	for handlers in (events.get(FICHA) or {}).values():
		handlers = handlers if isinstance(handlers, list) else [handlers]
		if any(not str(h).startswith("redes_smevir.") for h in handlers):
			return True
	checks = (
		("Notification", {"document_type": FICHA, "enabled": 1}),
		("Webhook", {"webhook_doctype": FICHA, "enabled": 1}),
		("Server Script", {"reference_doctype": FICHA, "disabled": 0, "script_type": "DocType Event"}),
	)
	return any(frappe.db.exists(doctype, filters) for doctype, filters in checks)


# --- names -------------------------------------------------------------------------------------------


def reserve_names(count: int, autoname: str | None = None) -> list[str]:
	"""``count`` new Ficha names from its ``format:PREFIX-{#####}`` series, in one locked statement.

	Frappe v15 keeps the counter in ``tabSeries`` keyed by the text before the hashes
	(``frappe.model.naming.getseries``); this takes ``count`` numbers at once. Any other naming rule
	is left to Frappe, one name at a time.
	"""
	if not count:
		return []
	autoname = autoname if autoname is not None else (frappe.get_meta(FICHA).autoname or "")
	match = _SERIES.match(autoname)
	if not match:
		from frappe.model.naming import make_autoname

		return [make_autoname(autoname, FICHA) for _ in range(count)]
	key, digits = match.group(1), len(match.group(2))
	series = DocType("Series")
	current = frappe.qb.from_(series).where(series.name == key).for_update().select("current").run()
	if current and current[0][0] is not None:
		start = int(current[0][0])
		frappe.db.sql("UPDATE `tabSeries` SET `current` = `current` + %s WHERE `name` = %s", (count, key))
	else:
		start = 0
		frappe.db.sql("INSERT INTO `tabSeries` (`name`, `current`) VALUES (%s, %s)", (key, count))
	return [f"{key}{n:0{digits}d}" for n in range(start + 1, start + count + 1)]


# --- the write --------------------------------------------------------------------------------------


def _defaults() -> dict:
	"""Column values of a new Ficha before any field is set (DocType defaults), as stored."""
	doc = frappe.new_doc(FICHA)
	values = doc.get_valid_dict(convert_dates_to_str=True, ignore_nulls=False)
	for key in ("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"):
		values.pop(key, None)
	return values


def _version_rows(entries: list[tuple[str, dict]], user: str, stamp: str) -> list[tuple]:
	return [
		(
			frappe.generate_hash(length=10),
			stamp,
			stamp,
			user,
			user,
			FICHA,
			name,
			json.dumps(data, default=str),
		)
		for name, data in entries
	]


def _formatted(df, value):
	"""A value as Version stores it (``Document.get_formatted`` for non-empty values)."""
	return frappe.format_value(value, df) if value else value


def _next_roles(nivel: str, state: str) -> list[str]:
	"""Roles of the workflow transitions out of ``state`` for a ficha of ``nivel`` (what Frappe records)."""
	from frappe.model.workflow import get_workflow_name
	from frappe.workflow.doctype.workflow_action.workflow_action import get_next_possible_transitions

	workflow = get_workflow_name(FICHA)
	if not workflow:
		return []
	sample = frappe.get_doc({"doctype": FICHA, "nivel": nivel, "workflow_state": state})
	return sorted({t.allowed for t in get_next_possible_transitions(workflow, state, sample)})


def _workflow_actions(items: list[tuple[str, str]], nivel: str, user: str, stamp: str) -> None:
	"""Complete the open Workflow Action of these fichas and open one for their (new) state."""
	if not items:
		return
	names = [n for n, _s in items]
	wa = DocType("Workflow Action")
	for i in range(0, len(names), CHUNK):
		(
			frappe.qb.update(wa)
			.set(wa.status, "Completed")
			.set(wa.completed_by, user)
			.where(
				(wa.reference_doctype == FICHA)
				& wa.reference_name.isin(names[i : i + CHUNK])
				& (wa.status == "Open")
			)
			.run()
		)
	roles_by_state = {s: _next_roles(nivel, s) for s in {s for _n, s in items}}
	actions, permitted = [], []
	for ficha, state in items:
		roles = roles_by_state[state]
		if not roles:
			continue
		action = frappe.generate_hash(length=10)
		actions.append((action, stamp, stamp, user, user, FICHA, ficha, state, "Open"))
		permitted += [
			(
				frappe.generate_hash(length=10),
				stamp,
				stamp,
				user,
				user,
				action,
				"Workflow Action",
				"permitted_roles",
				i,
				r,
			)
			for i, r in enumerate(roles, start=1)
		]
	base = ["name", "creation", "modified", "owner", "modified_by"]
	frappe.db.bulk_insert(
		"Workflow Action",
		[*base, "reference_doctype", "reference_name", "workflow_state", "status"],
		actions,
		chunk_size=CHUNK,
	)
	frappe.db.bulk_insert(
		"Workflow Action Permitted Role",
		[*base, "parent", "parenttype", "parentfield", "idx", "role"],
		permitted,
		chunk_size=CHUNK,
	)


def _lock_existing(rows) -> None:
	"""Lock the stored fichas to change and refuse if one left the state the file was checked against."""
	names = [r.existing for r in rows if r.existing]
	F = DocType(FICHA)
	for i in range(0, len(names), CHUNK):
		stored = dict(
			frappe.qb.from_(F)
			.select(F.name, F.workflow_state)
			.where(F.name.isin(names[i : i + CHUNK]))
			.for_update()
			.run()
		)
		for r in rows[i : i + CHUNK]:
			if r.existing and (stored.get(r.existing) or rules.BORRADOR) != (r.state or rules.BORRADOR):
				frappe.throw(
					_(
						"La ficha {0} cambió de estado mientras se validaba el archivo. Vuelva a cargarlo."
					).format(r.existing),
					StaleFichaError,
				)


def write(meta, rows: list, sending: bool, carga: str | None = None, specs: dict | None = None) -> dict:
	"""Create, update and (when ``sending``) send the planned fichas set-wise; returns the counts.

	``meta``: the template's TemplateMeta (periodo, nivel); ``rows``: ``excel_fichas.RowPlan`` rows
	that passed every check, with action create / update / unchanged; ``specs``: the template's
	ColumnSpec by fieldname (how a cell compares with the stored value).
	"""
	try:
		return _write(meta, rows, sending, carga, specs or {})
	except Exception as e:
		if frappe.db.is_unique_key_violation(e) or frappe.db.is_duplicate_entry(e):
			frappe.throw(
				_("Otra persona registró al mismo tiempo una ficha de este archivo. Vuelva a cargarlo."),
				StaleFichaError,
			)
		raise


def _write(meta, rows: list, sending: bool, carga: str | None, specs: dict) -> dict:
	nivel, periodo = meta.nivel, meta.periodo
	user, stamp = frappe.session.user, now()
	reference = (
		{"doctype": "Carga de Fichas", "docname": carga, "label": _("Carga de Fichas")} if carga else None
	)
	ficha_meta = frappe.get_meta(FICHA)
	counts = {"creadas": 0, "actualizadas": 0, "sin_cambios": 0, "enviadas": 0}
	existing_rows = [r for r in rows if r.action in ("update", "unchanged")]
	_lock_existing(existing_rows)

	def sends(state: str | None) -> bool:
		return sending and (state or rules.BORRADOR) in rules.EDITABLE_STATES

	versions: list[tuple[str, dict]] = []
	comments: list[str] = []
	actions: list[tuple[str, str]] = []
	sent_to: dict[str | None, int] = {}

	# --- new fichas
	new = [r for r in rows if r.action == "create"]
	if new:
		firm_names = {}
		if nivel == rules.EMPRESA:
			subjects = [r.subject for r in new]
			for i in range(0, len(subjects), CHUNK):
				firm_names.update(
					frappe.get_all(
						"Empresa",
						filters={"name": ("in", subjects[i : i + CHUNK])},
						fields=["name", "razon_social"],
						as_list=True,
					)
				)
		defaults = _defaults()
		names = reserve_names(len(new), ficha_meta.autoname)
		records = []
		for name, r in zip(names, new, strict=True):
			values = {
				**defaults,
				**r.values,
				"nivel": nivel,
				"periodo": periodo,
				"red": r.red,
				"conglomerado": r.conglomerado,
				"empresa": r.subject if nivel == rules.EMPRESA else None,
				"razon_social": firm_names.get(r.subject) if nivel == rules.EMPRESA else None,
				"workflow_state": rules.BORRADOR,
			}
			values["titulo"] = fichas.make_title(frappe._dict(values))
			values["clave_unica"] = fichas.unique_key(nivel, r.subject, periodo)
			if sends(None):
				values.update(workflow_state=rules.ENVIADA, enviado_por=user, fecha_envio=stamp)
				comments.append(name)
				sent_to[r.conglomerado] = sent_to.get(r.conglomerado, 0) + 1
				counts["enviadas"] += 1
			records.append((name, values))
			created = {"creation": stamp, "created_by": user}
			if reference:
				created["updater_reference"] = reference
			versions.append((name, created))
			actions.append((name, values["workflow_state"]))
		columns = list(records[0][1])
		frappe.db.bulk_insert(
			FICHA,
			["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx", *columns],
			[(n, stamp, stamp, user, user, 0, 0, *(v[c] for c in columns)) for n, v in records],
			chunk_size=CHUNK,
		)
		counts["creadas"] = len(new)

	# --- stored fichas: changed values, and the state change of those sent
	if existing_rows:
		F = DocType(FICHA)
		stored = {}
		fields = sorted({f for r in existing_rows for f in r.values} | {"enviado_por", "fecha_envio"})
		names = [r.existing for r in existing_rows]
		for i in range(0, len(names), CHUNK):
			for row in frappe.get_all(
				FICHA,
				filters={"name": ("in", names[i : i + CHUNK])},
				fields=["name", "workflow_state", *fields],
			):
				stored[row.name] = row
		for r in existing_rows:
			old = stored[r.existing]
			changes = {
				f: v
				for f, v in r.values.items()
				if r.action == "update" and not (f in specs and tpl.same_value(specs[f], v, old.get(f)))
			}
			if sends(r.state):
				changes.update(workflow_state=rules.ENVIADA, enviado_por=user, fecha_envio=stamp)
				comments.append(r.existing)
				sent_to[r.conglomerado] = sent_to.get(r.conglomerado, 0) + 1
				actions.append((r.existing, rules.ENVIADA))
				counts["enviadas"] += 1
			counts["actualizadas" if r.action == "update" else "sin_cambios"] += 1
			if not changes:
				continue
			q = frappe.qb.update(F).set(F.modified, stamp).set(F.modified_by, user)
			for f, v in changes.items():
				q = q.set(F[f], v)
			q.where(F.name == r.existing).run()
			diff = [
				(f, _formatted(ficha_meta.get_field(f), old.get(f)), _formatted(ficha_meta.get_field(f), v))
				for f, v in changes.items()
				if ficha_meta.get_field(f)
			]
			versions.append(
				(
					r.existing,
					{
						"changed": diff,
						"added": [],
						"removed": [],
						"row_changed": [],
						"data_import": None,
						"updater_reference": reference,
					},
				)
			)

	frappe.db.bulk_insert(
		"Version",
		["name", "creation", "modified", "owner", "modified_by", "ref_doctype", "docname", "data"],
		_version_rows(versions, user, stamp),
		chunk_size=CHUNK,
	)
	if comments:
		label = _(rules.ENVIADA)
		fullname = frappe.utils.get_fullname(user)
		frappe.db.bulk_insert(
			"Comment",
			[
				"name",
				"creation",
				"modified",
				"owner",
				"modified_by",
				"comment_type",
				"reference_doctype",
				"reference_name",
				"comment_email",
				"comment_by",
				"content",
			],
			[
				(
					frappe.generate_hash(length=10),
					stamp,
					stamp,
					user,
					user,
					"Workflow",
					FICHA,
					c,
					user,
					fullname,
					label,
				)
				for c in comments
			],
			chunk_size=CHUNK,
		)
	_workflow_actions(actions, nivel, user, stamp)
	_notify_sent(nivel, periodo, sent_to)
	return counts


def _notify_sent(nivel: str, periodo: str, sent_to: dict[str | None, int]) -> None:
	"""One notification per approver for the whole upload (the form sends one per ficha)."""
	from redes_smevir.services import notifications

	for conglomerado, n in sent_to.items():
		approvers = recipients.approvers_of(frappe._dict(nivel=nivel, conglomerado=conglomerado))
		notifications.notify(
			approvers,
			_("{0} ficha(s) de nivel {1} del periodo {2} enviadas para su revisión").format(
				n, _(nivel), periodo
			),
			"Periodo",
			periodo,
		)
