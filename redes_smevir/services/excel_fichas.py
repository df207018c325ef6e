"""Excel round trip of fichas: a template for offline collection and an all-or-nothing upload.

Download: one row per subject that should have a ficha in the period (Empresa level: the
members of the network(s) on the period's reference date; Red level: the conglomerado's
networks active on that date) with the values already entered.

Upload: the whole file is checked first (template identity and version, known subjects,
scope, entry window, ficha state, types, ranges, duplicates) and every problem is reported
per row and column; only a clean file is written, in one transaction, through the Ficha
documents so that the form's own validation runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import getdate

from redes_smevir.domain import excel_template as tpl
from redes_smevir.domain import excel_workbook as xw
from redes_smevir.domain import ficha_rules as rules
from redes_smevir.services import (
	ficha_fields,
	fichas,
	fichas_bulk,
	frappe_compat,
	guards,
	membership,
	scoping,
)
from redes_smevir.services.progress import expected_subjects
from redes_smevir.services.roles import ADMINISTRADOR, COORDINADOR, GERENTE, is_admin

MAX_ERRORS_STORED = 500
PROGRESS_EVERY = 50


# --- the Ficha rules (services.fichas: the same functions the form and the workflow use) --------


def variables_for_level(nivel: str) -> list:
	"""DocFields of the Ficha variables of ``nivel`` (custom fields included)."""
	return list(ficha_fields.variables_for_level(nivel))


def entry_problem(doc, action: str) -> str | None:
	"""Spanish reason why ``action`` (create, edit, send) on ``doc`` is refused, or None.

	Role and ficha state first (``domain.ficha_rules``), then the entry window
	(``services.fichas.entry_refusal``, the single window rule).
	"""
	user_roles, admin = fichas.user_roles(), is_admin()
	problem = None
	if action == rules.CREATE:
		problem = rules.create_problem(doc.nivel, user_roles, admin)
	elif action == rules.EDIT:
		problem = rules.edit_problem(
			doc.nivel, doc.get("workflow_state") or rules.BORRADOR, user_roles, admin
		)
	if problem:
		return fichas.problem_message(problem, doc.periodo)
	return fichas.entry_refusal(doc, action)


def scope_problem(doc) -> str | None:
	"""Spanish reason why ``doc`` lies outside the user's networks, or None."""
	try:
		fichas.check_scope(doc)
	except frappe.PermissionError as e:
		_drop_messages()
		return _clean(str(e))
	return None


def may_send(nivel: str) -> bool:
	"""Whether the user holds the role that sends fichas of ``nivel`` (the workflow's «Enviar»)."""
	return frappe.session.user == "Administrator" or rules.ENTERING_ROLE[nivel] in fichas.user_roles()


def send_ficha(doc) -> None:
	"""Send a ficha for review through the workflow (the form's «Enviar» action)."""
	from frappe.model.workflow import apply_workflow

	apply_workflow(doc.as_dict(), rules.ENVIAR)


def _clean(message: str) -> str:
	return re.sub(r"<[^>]+>", "", message or "").strip()


def _drop_messages() -> None:
	if getattr(frappe.local, "message_log", None):
		frappe.local.message_log = []


# --- columns and subjects ------------------------------------------------------------------------


def _currency() -> str:
	return frappe.db.get_single_value("Configuracion SMEVIR", "moneda") or ""


def column_specs(nivel: str) -> list[tpl.ColumnSpec]:
	"""Identifier columns followed by one column per variable of ``nivel``, in form order."""
	currency = _currency()
	specs = tpl.identifier_columns(nivel)
	for df in variables_for_level(nivel):
		spec = tpl.variable_column(
			df.fieldname,
			_(df.label) if df.label else df.fieldname,
			df.fieldtype,
			df.options,
			bool(df.get("non_negative")),
			currency,
		)
		if spec:
			specs.append(spec)
	return specs


def _reference_date(periodo: str):
	return getdate(frappe.db.get_value("Periodo", periodo, "fecha_referencia"))


def subjects(
	periodo: str, nivel: str, red: str | None = None, conglomerado: str | None = None, scoped: bool = True
) -> list[dict]:
	"""Identifier values of every row the template holds, in order (only the user's networks if scoped).

	The rows are the period's expected subjects of the level (``services.progress``, the rule of
	«Avance de Fichas»): members of the network(s) on the reference date, or the active networks.
	"""
	rows = expected_subjects(
		[periodo],
		(nivel,),
		scoped=scoped,
		conglomerado=None if red else conglomerado,
		red=red,
		firm_fields=nivel == "Empresa",
	)
	if nivel == "Red":
		return [{"red": r.red, "conglomerado": r.conglomerado} for r in sorted(rows, key=lambda r: r.red)]
	rows.sort(key=lambda r: (r.red, r.razon_social or "", r.subject))
	return [
		{"empresa": r.subject, "ruc": r.ruc or "", "razon_social": r.razon_social or "", "red": r.red}
		for r in rows
	]


def _existing_fichas(periodo: str, nivel: str, specs: list[tpl.ColumnSpec]) -> dict[str, dict]:
	"""Fichas of the period and level keyed by subject (empresa or red)."""
	key = tpl.subject_field(nivel)
	fields = ["name", "workflow_state", "red", "conglomerado", "empresa"]
	fields += [s.fieldname for s in specs if not s.identifier and s.fieldname not in fields]
	rows = frappe.get_all("Ficha", filters={"periodo": periodo, "nivel": nivel}, fields=fields)
	return {r[key]: r for r in rows if r.get(key)}


# --- download ------------------------------------------------------------------------------------


def check_template_access(periodo: str, nivel: str, red: str | None, conglomerado: str | None) -> None:
	"""Refuse (PermissionError, in Spanish) a template the user may not ask for."""
	user = frappe.session.user
	if not frappe.db.exists("Periodo", periodo or ""):
		frappe.throw(_("Periodo: elija un periodo existente."), frappe.ValidationError)
	frappe.has_permission("Periodo", "read", periodo, throw=True)
	if nivel not in tpl.LEVELS:
		frappe.throw(_("Nivel: la plantilla Excel existe para los niveles Empresa y Red."))
	if nivel == "Red" and not conglomerado:
		frappe.throw(_("Conglomerado: la plantilla de nivel Red se descarga por conglomerado."))
	if not red and not conglomerado:
		frappe.throw(_("Indique la red o el conglomerado de la plantilla."))
	if red:
		if not frappe.db.exists("Red", red):
			frappe.throw(_("Red: no existe la red {0}.").format(red))
		visible = scoping.visible_redes(user)
		if visible is not None and red not in visible:
			frappe.throw(
				_("No puede descargar la plantilla de la red {0}: no está a su cargo.").format(red),
				frappe.PermissionError,
			)
	if conglomerado:
		if not frappe.db.exists("Conglomerado", conglomerado):
			frappe.throw(_("Conglomerado: no existe el conglomerado {0}.").format(conglomerado))
		if not is_admin(user) and conglomerado not in scoping.Scope.of(user).conglomerados:
			frappe.throw(
				_(
					"Solo el Coordinador UO del conglomerado {0} o el Administrador SMEVIR descargan su plantilla."
				).format(conglomerado),
				frappe.PermissionError,
			)
	if not (is_admin(user) or {GERENTE, COORDINADOR, ADMINISTRADOR} & set(frappe.get_roles(user))):
		frappe.throw(_("Su usuario no tiene un rol SMEVIR."), frappe.PermissionError)


def template_filename(periodo: str, nivel: str, red: str | None, conglomerado: str | None) -> str:
	name = f"Fichas {nivel} - {periodo} - {red or conglomerado}"
	return re.sub(r"[^\w\- ]+", "", name).strip().replace(" ", "_") + ".xlsx"


def build_template(
	periodo: str, nivel: str = "Empresa", red: str | None = None, conglomerado: str | None = None
) -> tuple[str, bytes]:
	"""(filename, xlsx bytes) of the template; permissions are checked here."""
	if red and not conglomerado and nivel == "Red":
		conglomerado = frappe.db.get_value("Red", red, "conglomerado")
	check_template_access(periodo, nivel, red, conglomerado)
	specs = column_specs(nivel)
	rows = subjects(periodo, nivel, red, conglomerado)
	existing = _existing_fichas(periodo, nivel, specs)
	key = tpl.subject_field(nivel)
	for row in rows:
		ficha = existing.get(row[key])
		if ficha:
			for spec in specs:
				if not spec.identifier:
					row[spec.fieldname] = ficha.get(spec.fieldname)
	meta = tpl.TemplateMeta(
		periodo=periodo,
		nivel=nivel,
		red=red or "",
		conglomerado=conglomerado or "",
		columns=tuple(s.fieldname for s in specs),
		headers=tuple(s.header for s in specs),
	)
	title = _("Fichas de nivel {0} del periodo {1}").format(_(nivel), periodo)
	return template_filename(periodo, nivel, red, conglomerado), xw.build_workbook(meta, specs, rows, title)


# --- upload: validation --------------------------------------------------------------------------


@dataclass
class RowPlan:
	row: int
	subject: str
	red: str | None
	conglomerado: str | None
	existing: str | None  # Ficha name
	state: str | None
	values: dict  # fieldname -> value to store
	action: str  # "create", "update", "unchanged", "empty"


@dataclass
class UploadPlan:
	meta: tpl.TemplateMeta | None = None
	specs: list = field(default_factory=list)
	rows: list[RowPlan] = field(default_factory=list)
	issues: list[tpl.CellIssue] = field(default_factory=list)

	def count(self, action: str) -> int:
		return sum(1 for r in self.rows if r.action == action)


def _file_issue(message: str) -> tpl.CellIssue:
	return tpl.CellIssue(0, "", "", message)


def plan_upload(content: bytes, enviar: bool = False) -> UploadPlan:
	"""Check the whole file and decide what each row would do; writes nothing."""
	plan = UploadPlan()
	try:
		meta, header, data = xw.read_workbook(content)
	except tpl.TemplateError as e:
		plan.issues.append(_file_issue(e.message))  # already Spanish, built with the file's values
		return plan
	plan.meta = meta
	if not frappe.db.exists("Periodo", meta.periodo):
		plan.issues.append(_file_issue(_("El periodo {0} de la plantilla no existe.").format(meta.periodo)))
		return plan
	current = {s.fieldname: s for s in column_specs(meta.nivel)}
	stale = [f for f in meta.columns if f not in current]
	if stale:
		plan.issues.append(
			_file_issue(
				_(
					"La plantilla tiene columnas que la ficha ya no tiene ({0}). Descargue una plantilla nueva."
				).format(", ".join(stale))
			)
		)
		return plan
	positions, column_issues = tpl.locate_columns(meta, header)
	plan.issues += column_issues
	missing_ident = [s for s in tpl.identifier_columns(meta.nivel) if s.fieldname not in positions]
	if column_issues and missing_ident:
		return plan
	plan.specs = [current[f] for f in meta.columns]
	parsed, cell_issues = tpl.parse_rows(plan.specs, positions, data)
	plan.issues += cell_issues
	if not parsed:
		plan.issues.append(_file_issue(_("El archivo no tiene filas de datos.")))
		return plan
	bad_rows = {i.row for i in cell_issues}
	_plan_rows(plan, parsed, bad_rows, enviar)
	if not plan.issues and not any(r.action != "empty" for r in plan.rows):
		plan.issues.append(
			_file_issue(_("La plantilla no tiene valores: complete al menos una fila antes de cargarla."))
		)
	plan.issues.sort(key=lambda i: (i.row, i.column))
	return plan


def _subject_label(row: tpl.ParsedRow, nivel: str) -> str:
	if nivel == "Empresa":
		return (
			row.identifiers.get("razon_social")
			or row.identifiers.get("ruc")
			or row.identifiers.get("empresa")
			or ""
		)
	return row.identifiers.get("red") or ""


def _plan_rows(plan: UploadPlan, parsed: list[tpl.ParsedRow], bad_rows: set[int], enviar: bool) -> None:
	meta = plan.meta
	nivel = meta.nivel
	key = tpl.subject_field(nivel)
	ident = {s.fieldname: s for s in tpl.identifier_columns(nivel)}
	expected = {
		r[key]: r
		for r in subjects(meta.periodo, nivel, meta.red or None, meta.conglomerado or None, scoped=False)
	}
	existing = _existing_fichas(meta.periodo, nivel, plan.specs)
	on = _reference_date(meta.periodo)
	scope_cache: dict[tuple, str | None] = {}
	rule_cache: dict[tuple, str | None] = {}
	sending = enviar and may_send(nivel)
	red_congl = dict(frappe.get_all("Red", fields=["name", "conglomerado"], as_list=True))
	firms_by_ruc: dict[str, str] = {}
	if nivel == "Empresa":
		rucs = [r.identifiers.get("ruc") for r in parsed if r.identifiers.get("ruc")]
		if rucs:
			firms_by_ruc = dict(
				frappe.get_all("Empresa", filters={"ruc": ("in", rucs)}, fields=["ruc", "name"], as_list=True)
			)

	def issue(row: tpl.ParsedRow, fieldname: str, message: str) -> None:
		spec = ident.get(fieldname)
		column = spec.header if spec else fieldname
		plan.issues.append(tpl.CellIssue(row.row, column, row.identifiers.get(fieldname, ""), message))

	seen: list[tuple[int, str, str]] = []
	for row in parsed:
		subject = _resolve_subject(row, nivel, expected, firms_by_ruc, on, meta, issue)
		if not subject:
			continue
		seen.append((row.row, subject, _subject_label(row, nivel)))
		red = expected[subject]["red"]
		conglomerado = red_congl.get(red) if nivel == "Empresa" else expected[subject]["conglomerado"]
		if (red, conglomerado) not in scope_cache:
			scope_cache[(red, conglomerado)] = scope_problem(
				frappe._dict(
					doctype="Ficha",
					nivel=nivel,
					red=red,
					conglomerado=conglomerado,
					empresa=None,
					razon_social=None,
				)
			)
		if scope_cache[(red, conglomerado)]:
			issue(row, key, _("No puede registrar fichas de la red {0}: no está a su cargo.").format(red))
			continue
		if row.row in bad_rows:
			continue
		ficha = existing.get(subject)
		values = {
			s.fieldname: tpl.stored_value(s, row.values.get(s.fieldname))
			for s in plan.specs
			if not s.identifier
		}
		values = {f: v for f, v in values.items() if f in row.values}
		if _value_issues(plan, row, values):
			continue
		plan_row = RowPlan(
			row.row,
			subject,
			red,
			conglomerado,
			ficha.name if ficha else None,
			ficha.workflow_state if ficha else None,
			values,
			"empty",
		)
		if row.is_empty:
			plan.rows.append(plan_row)
			continue
		if _link_issues(plan, row):
			continue
		if ficha:
			specs = {s.fieldname: s for s in plan.specs}
			changed = any(not tpl.same_value(specs[f], v, ficha.get(f)) for f, v in values.items())
			plan_row.action = "update" if changed else "unchanged"
		else:
			plan_row.action = "create"
		problem = _row_problem(plan_row, meta, sending, rule_cache)
		if problem:
			issue(row, key, problem)
			continue
		plan.rows.append(plan_row)
	# the noun is part of a Spanish sentence: not a lone word for the translator ("red" became "rojo")
	plan.issues += tpl.duplicate_issues(seen, ident[key].header, "empresa" if nivel == "Empresa" else "red")


def _value_issues(plan: UploadPlan, row: tpl.ParsedRow, values: dict) -> bool:
	"""Report values the form would refuse (``guards.validate_values``: type, size); True if any."""
	meta = frappe.get_meta("Ficha")
	specs = {s.fieldname: s for s in plan.specs}
	found = False
	for fieldname, value in values.items():
		df = meta.get_field(fieldname)
		problem = guards.value_problem(df, value) if df else None
		if problem:
			spec = specs.get(fieldname)
			plan.issues.append(
				tpl.CellIssue(row.row, spec.header if spec else fieldname, str(value)[:140], _clean(problem))
			)
			found = True
	return found


def _link_issues(plan: UploadPlan, row: tpl.ParsedRow) -> bool:
	"""Report values of Link columns (custom fields) that name no record; True if any."""
	found = False
	for spec in plan.specs:
		value = row.values.get(spec.fieldname)
		if spec.kind == tpl.LINK and value and spec.options and not frappe.db.exists(spec.options[0], value):
			plan.issues.append(
				tpl.CellIssue(
					row.row,
					spec.header,
					str(value),
					_("{0}: no existe «{1}» en {2}.").format(spec.label, value, _(spec.options[0])),
				)
			)
			found = True
	return found


def _resolve_subject(row, nivel, expected, firms_by_ruc, on, meta, issue) -> str | None:
	"""Name of the row's firm or network, if it belongs to the template; report why not."""
	if nivel == "Red":
		red = row.identifiers.get("red")
		if not red:
			issue(row, "red", _("Falta el nombre de la red."))
			return None
		if red not in expected:
			if not frappe.db.exists("Red", red):
				issue(row, "red", _("La red «{0}» no existe.").format(red))
			else:
				issue(
					row,
					"red",
					_("La red «{0}» no es una red activa del conglomerado {1} en este periodo.").format(
						red, meta.conglomerado
					),
				)
			return None
		return red
	code = row.identifiers.get("empresa")
	ruc = row.identifiers.get("ruc")
	by_ruc = firms_by_ruc.get(ruc) if ruc else None
	# Messages never tell which firm owns a RUC or which network a firm belongs to unless the
	# user may see that firm: a template row is not a way to look up other networks' members.
	if ruc and not by_ruc and not code:
		issue(row, "ruc", _("El RUC {0} no corresponde a ninguna empresa de esta plantilla.").format(ruc))
		return None
	if code and by_ruc and code != by_ruc:
		issue(row, "ruc", _("El RUC {0} no corresponde a la empresa {1} de esta fila.").format(ruc, code))
		return None
	empresa = code or by_ruc
	if not empresa:
		issue(row, "empresa", _("Indique el código de la empresa o su RUC."))
		return None
	if empresa not in expected:
		column = "ruc" if ruc else "empresa"
		where = meta.red or meta.conglomerado
		actual = membership.network_of(empresa, on) if frappe.db.exists("Empresa", empresa) else None
		if actual and frappe.has_permission("Red", "read", actual):
			message = _(
				"La empresa {0} ({1}) pertenece a la red {2} en la fecha de referencia del periodo, no a {3}."
			).format(empresa, ruc or _("sin RUC"), actual, where)
		else:
			message = _("La empresa {0} no es miembro de {1} en la fecha de referencia del periodo.").format(
				empresa, where
			)
		issue(row, column, message)
		return None
	return empresa


def _row_problem(
	plan_row: RowPlan, meta: tpl.TemplateMeta, sending: bool, cache: dict | None = None
) -> str | None:
	"""Spanish reason why the row may not be written (or sent), using the Ficha rules.

	The rules (role, ficha state, entry window) depend on the level, period, state and action only,
	so each distinct case is asked once per file (``cache``); the scope was checked per network.
	"""
	if plan_row.action == "unchanged" and not sending:
		return None
	key = (plan_row.action, plan_row.state, sending)
	if cache is not None and key in cache:
		return cache[key]
	doc = frappe._dict(
		doctype="Ficha",
		name=plan_row.existing,
		nivel=meta.nivel,
		periodo=meta.periodo,
		red=plan_row.red,
		conglomerado=plan_row.conglomerado,
		workflow_state=plan_row.state,
	)
	if meta.nivel == "Empresa":
		doc.empresa = plan_row.subject
	if plan_row.action == "create":
		problem = entry_problem(doc, rules.CREATE)
	elif plan_row.action == "update":
		problem = entry_problem(doc, rules.EDIT)
	else:
		problem = None
	if problem:
		problem = _cap(problem)
	elif sending and (plan_row.state or rules.BORRADOR) in rules.EDITABLE_STATES:
		problem = entry_problem(doc, rules.SEND)
		if problem:
			problem = _cap(_("No se puede enviar: {0}").format(problem))
	if cache is not None:
		cache[key] = problem
	return problem


def _cap(message: str) -> str:
	return message[:1].upper() + message[1:] if message else message


# --- upload: writing -----------------------------------------------------------------------------


def apply_plan(
	plan: UploadPlan,
	enviar: bool = False,
	progress: Callable[[int, int], None] | None = None,
	carga: str | None = None,
) -> dict:
	"""Write the planned fichas; the caller owns the transaction (all or nothing).

	Set-wise (``services.fichas_bulk``) unless the site has per-document listeners on Ficha (other
	apps' hooks, Notification, Webhook or Server Script rules): then each ficha is saved as a document.
	"""
	todo = [r for r in plan.rows if r.action != "empty"]
	sending = enviar and may_send(plan.meta.nivel) if plan.meta else False
	if fichas_bulk.needs_documents():
		return _apply_documents(plan, todo, sending, progress)
	counts = fichas_bulk.write(plan.meta, todo, sending, carga, {s.fieldname: s for s in plan.specs})
	counts["omitidas"] = len(plan.rows) - len(todo)
	if progress and todo:
		progress(len(todo), len(todo))
	_drop_messages()
	frappe.publish_realtime("list_update", {"doctype": "Ficha"}, after_commit=True)
	return counts


def _apply_documents(
	plan: UploadPlan, todo: list[RowPlan], sending: bool, progress: Callable[[int, int], None] | None
) -> dict:
	"""The per-document path: each ficha through ``insert``/``save`` and the workflow's «Enviar»."""
	counts = {"creadas": 0, "actualizadas": 0, "sin_cambios": 0, "omitidas": 0, "enviadas": 0}
	counts["omitidas"] = len(plan.rows) - len(todo)
	for i, row in enumerate(todo, start=1):
		try:
			doc = _write_row(plan.meta, row)
			if row.action == "create":
				counts["creadas"] += 1
			elif row.action == "update":
				counts["actualizadas"] += 1
			else:
				counts["sin_cambios"] += 1
			if sending and (doc.workflow_state or rules.BORRADOR) in rules.EDITABLE_STATES:
				send_ficha(doc)
				counts["enviadas"] += 1
		except Exception as e:
			e.smevir_row = row.row
			raise
		if progress and (i % PROGRESS_EVERY == 0 or i == len(todo)):
			progress(i, len(todo))
		if i % PROGRESS_EVERY == 0:
			_drop_messages()
			frappe_compat.drop_pending_realtime()
	_drop_messages()
	frappe_compat.drop_pending_realtime()
	frappe.publish_realtime("list_update", {"doctype": "Ficha"}, after_commit=True)
	return counts


def _write_row(meta: tpl.TemplateMeta, row: RowPlan):
	if row.action == "create":
		doc = frappe.new_doc("Ficha")
		doc.update(
			{"nivel": meta.nivel, "periodo": meta.periodo, "red": row.red, "conglomerado": row.conglomerado}
		)
		if meta.nivel == "Empresa":
			doc.empresa = row.subject
		doc.update(row.values)
		doc.insert()
		return doc
	doc = frappe.get_doc("Ficha", row.existing)
	if row.action == "update":
		doc.update(row.values)
		doc.save()
	return doc


# --- the Carga de Fichas document ----------------------------------------------------------------


def _file_content(file_url: str) -> bytes:
	name = frappe.db.get_value("File", {"file_url": file_url}, "name")
	if not name:
		frappe.throw(_("Archivo: no se encuentra el archivo adjunto; adjúntelo de nuevo."))
	content = frappe.get_doc("File", name).get_content()
	return content.encode() if isinstance(content, str) else (content or b"")


def _record_issues(carga, issues: list[tpl.CellIssue]) -> None:
	carga.set("errores", [])
	for i in issues[:MAX_ERRORS_STORED]:
		carga.append(
			"errores",
			{
				"fila": i.row or None,
				"columna": (i.column or _("Archivo"))[:140],
				"valor": (i.value or "")[:140],
				"mensaje": i.message,
			},
		)
	carga.total_errores = len(issues)


def validate_carga(carga) -> UploadPlan:
	"""Check the attached file, record the problems on ``carga`` and return the plan."""
	carga.reset_counts()
	if not carga.archivo:
		frappe.throw(_("Archivo: adjunte la plantilla completada."))
	plan = plan_upload(_file_content(carga.archivo), bool(carga.enviar))
	if plan.meta:
		carga.periodo = plan.meta.periodo if frappe.db.exists("Periodo", plan.meta.periodo) else carga.periodo
		carga.nivel = plan.meta.nivel
		carga.red = plan.meta.red or None
		carga.conglomerado = plan.meta.conglomerado or None
	carga.filas = len([r for r in plan.rows if r.action != "empty"])
	carga.omitidas = plan.count("empty")
	_record_issues(carga, plan.issues)
	carga.estado = "Con errores" if plan.issues else "Pendiente"
	return plan


def run_carga(carga_name: str, validate_only: bool = False) -> dict:
	"""Validate the file of a Carga de Fichas and, if clean, write it all or nothing."""
	carga = frappe.get_doc("Carga de Fichas", carga_name)
	plan = validate_carga(carga)
	result = {"estado": carga.estado, "errores": carga.total_errores}
	if plan.issues or validate_only:
		carga.validado = 0 if plan.issues else 1
		_save_carga(carga)
		return result

	beat(carga.name)

	def progress(done: int, total: int) -> None:
		beat(carga.name)
		frappe.publish_progress(
			done * 100 / total,
			title=_("Cargando fichas"),
			doctype="Carga de Fichas",
			docname=carga.name,
			description=_("{0} de {1} filas").format(done, total),
		)

	frappe.db.savepoint("carga_fichas")
	try:
		counts = apply_plan(plan, bool(carga.enviar), progress, carga.name)
	except Exception as e:
		frappe.db.rollback(save_point="carga_fichas")
		_drop_messages()
		row = getattr(e, "smevir_row", 0)
		message = _clean(str(e)) or e.__class__.__name__
		carga.reset_counts()
		_record_issues(
			carga,
			[
				tpl.CellIssue(
					row,
					"",
					"",
					_("No se guardó ninguna ficha. Error al guardar la fila: {0}").format(message),
				)
			],
		)
		carga.estado = "Con errores"
		carga.validado = 0
		_save_carga(carga)
		return {"estado": carga.estado, "errores": carga.total_errores}
	carga.update(counts)
	carga.filas = sum(counts[k] for k in ("creadas", "actualizadas", "sin_cambios"))
	carga.estado = "Completada"
	carga.validado = 1
	carga.fecha_carga = frappe.utils.now_datetime()
	_save_carga(carga)
	result.update(counts, estado=carga.estado)
	return result


def _save_carga(carga) -> None:
	carga.flags.ignore_permissions = True
	carga.flags.from_run = True
	carga.save()


def run_carga_job(carga_name: str) -> dict | None:
	"""Background job: ``run_carga``, and never leave the carga «En proceso» after a crash."""
	try:
		return run_carga(carga_name)
	except Exception:
		frappe.db.rollback()
		frappe.log_error(title=_("Carga de Fichas {0}").format(carga_name))
		carga = frappe.get_doc("Carga de Fichas", carga_name)
		_record_issues(
			carga,
			[
				tpl.CellIssue(
					0, "", "", _("La carga falló y no se guardó ninguna ficha. Avise al administrador.")
				)
			],
		)
		carga.estado = "Con errores"
		carga.validado = 0
		_save_carga(carga)
		return None


def start_carga(carga, now: bool = False) -> str:
	"""Queue the upload of ``carga`` (synchronously in tests or when ``now``)."""
	if carga.estado == "Completada":
		frappe.throw(_("Esta carga ya se completó. Cree una carga nueva para subir otro archivo."))
	if not carga.archivo:
		frappe.throw(_("Archivo: adjunte la plantilla completada."))
	now = now or bool(frappe.flags.in_test)
	if not now:
		carga.db_set("estado", "En proceso")
		beat(carga.name)
	# In tests (now) the plain function runs, so a crash surfaces instead of rolling the test back.
	frappe.enqueue(
		"redes_smevir.services.excel_fichas." + ("run_carga" if now else "run_carga_job"),
		queue="long",
		timeout=3600,
		carga_name=carga.name,
		now=now,
		enqueue_after_commit=not now,
		job_id=job_id(carga.name),
		deduplicate=not now,
	)
	return "En proceso"


# --- a job that died (worker killed, machine restarted) must not leave the carga «En proceso» ------

# Seconds without a heartbeat (set when queued, at the start and on every progress tick) after
# which a carga whose job is not waiting in the queue counts as dead.
HEARTBEAT_TTL = 180


def job_id(carga_name: str) -> str:
	return f"carga_fichas::{carga_name}"


def _heartbeat_key(carga_name: str) -> str:
	return f"redes_smevir:carga_fichas:{carga_name}:latido"


def beat(carga_name: str) -> None:
	frappe.cache.set_value(_heartbeat_key(carga_name), 1, expires_in_sec=HEARTBEAT_TTL)


def job_alive(carga_name: str) -> bool:
	"""A recent heartbeat, or a job still waiting in the queue (a killed job stays «started» in RQ)."""
	if frappe.cache.get_value(_heartbeat_key(carga_name)):
		return True
	from frappe.utils.background_jobs import get_job_status

	try:
		status = get_job_status(job_id(carga_name))
	except Exception:
		return False
	return str(getattr(status, "value", status) or "") in ("queued", "deferred", "scheduled")


def release_if_dead(carga) -> bool:
	"""Mark a carga whose job died as failed, with a Spanish message and the way to retry; True if so."""
	if carga.estado != "En proceso" or job_alive(carga.name):
		return False
	_record_issues(
		carga,
		[
			tpl.CellIssue(
				0,
				"",
				"",
				_(
					"La carga se interrumpió: el proceso en segundo plano terminó sin concluir. No se guardó "
					"ninguna ficha. Pulse Cargar para intentarlo de nuevo."
				),
			)
		],
	)
	carga.estado = "Con errores"
	carga.validado = 0
	_save_carga(carga)
	if not frappe.flags.in_test:
		frappe.db.commit()  # nosemgrep: a GET (the form's poll) must keep the released state
	return True


def release_dead_cargas() -> int:
	"""Scheduled job: every carga left «En proceso» by a dead job becomes visible as failed."""
	released = 0
	for name in frappe.get_all("Carga de Fichas", filters={"estado": "En proceso"}, pluck="name"):
		released += release_if_dead(frappe.get_doc("Carga de Fichas", name))
	return released
