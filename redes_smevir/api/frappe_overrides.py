"""Scope-aware replacements of Frappe's generic endpoints (``override_whitelisted_methods``).

Frappe v15 (checked against v15.55.1) has whitelisted endpoints that read rows with
``frappe.get_all``/``frappe.db.*`` or check permission on values sent by the client, which skips
the app's ``permission_query_conditions`` and ``has_permission`` hooks. Each wrapper below keeps
the original signature (Desk calls them by name) and, for a user whose view is restricted
(``services.scoping``), answers from the permission-aware path; administrators get Frappe's
original behaviour unchanged. The list and the reasons are in ``docs/seguridad.md``.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from redes_smevir.services import scoping
from redes_smevir.services.scoping import CHILD_PARENTS, REFERENCE_COLUMNS, SCOPED_DOCTYPES

# Every DocType whose rows (or rows pointing at them) the app keeps confidential.
CONFIDENTIAL = frozenset((*SCOPED_DOCTYPES, *CHILD_PARENTS, *REFERENCE_COLUMNS))


def _original(path: str):
	"""Frappe's own function (``frappe.get_attr`` ignores overrides)."""
	return frappe.get_attr(path)


def resolve_override(method: str | None) -> str | None:
	"""The method Frappe would really run for ``method`` (dispatchers skip the overrides)."""
	if not method:
		return method
	hooks = frappe.get_hooks("override_whitelisted_methods", {}).get(method, [])
	return hooks[-1] if hooks else method


def _not_found(doctype: str):
	frappe.throw(scoping.not_found_message(doctype), frappe.DoesNotExistError)


def _parent_of(doctype: str) -> str | None:
	return CHILD_PARENTS.get(doctype)


def _check_readable(doctype: str, name) -> None:
	if scoping.is_scoped() and doctype in CONFIDENTIAL:
		scoping.check_record_readable(doctype, name)


def _safe_filters(filters):
	from frappe.client import get_safe_filters

	return get_safe_filters(filters)


# --- counts ------------------------------------------------------------------------------------


@frappe.whitelist()
@frappe.read_only()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""``frappe.client.get_count``: Frappe counts every row; a restricted user counts only theirs."""
	if not scoping.is_scoped():
		return _original("frappe.client.get_count")(doctype, filters, debug, cache)
	rows = frappe.get_list(
		doctype,
		filters=_safe_filters(filters),
		fields=["count(*) as total"],
		parent_doctype=_parent_of(doctype),
	)
	return rows[0].total if rows else 0


@frappe.whitelist()
@frappe.read_only()
def get_workflow_state_count(doctype, workflow_state_field, states):
	if not scoping.is_scoped():
		return _original("frappe.workflow.doctype.workflow.workflow.get_workflow_state_count")(
			doctype, workflow_state_field, states
		)
	frappe.has_permission(doctype=doctype, ptype="read", throw=True)
	states = frappe.parse_json(states) or []
	if workflow_state_field not in frappe.get_meta(doctype).get_valid_columns():
		return []
	rows = frappe.get_list(
		doctype,
		fields=[workflow_state_field, "count(*) as count"],
		filters={workflow_state_field: ["not in", states]} if states else None,
		group_by=workflow_state_field,
	)
	return [r for r in rows if r.get(workflow_state_field)]


@frappe.whitelist()
@frappe.read_only()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""List sidebar counts: the 'assigned to' and 'owner' groups read rows without permission."""
	original = _original("frappe.desk.listview.get_group_by_count")
	# 'owner' (like every field but 'assigned_to') is counted by Frappe through get_list: scoped already
	if not scoping.is_scoped() or doctype not in CONFIDENTIAL or field != "assigned_to":
		return original(doctype, current_filters, field)
	filters = frappe.parse_json(current_filters) or []
	if doctype in scoping.SCOPE_COLUMNS:
		return _assigned_to_counts(doctype, filters)
	visible = frappe.get_list(doctype, filters=filters, pluck="name", limit_page_length=0)
	if not visible:
		return []
	if isinstance(filters, dict):
		filters = [
			[doctype, k, "=", v] if not isinstance(v, list | tuple) else [doctype, k, *v]
			for k, v in filters.items()
		]
	return original(doctype, json.dumps([*filters, [doctype, "name", "in", visible]]), field)


def _assigned_to_counts(doctype: str, filters) -> list[dict]:
	"""Frappe's 'assigned to' sidebar query over the visible rows only, as one query (the scope's criterion
	in the subquery) instead of a list of every visible name."""
	from frappe.query_builder import DocType, Order
	from frappe.query_builder.functions import Count
	from frappe.query_builder.terms import SubQuery

	table = DocType(doctype)
	visible = frappe.qb.get_query(doctype, filters=filters, fields=["name"], validate_filters=True)
	criterion = scoping.Scope.of().criterion(table, *(c or "" for c in scoping.SCOPE_COLUMNS[doctype]))
	if criterion is not None:
		visible = visible.where(criterion)
	ToDo, User = DocType("ToDo"), DocType("User")
	count = Count("*").as_("count")
	return (
		frappe.qb.from_(ToDo)
		.from_(User)
		.select(ToDo.allocated_to.as_("name"), count)
		.where(
			(ToDo.status != "Cancelled")
			& (ToDo.allocated_to == User.name)
			& (User.user_type == "System User")
			& (ToDo.reference_type == doctype)
			& (ToDo.reference_name.isin(SubQuery(visible)))
		)
		.groupby(ToDo.allocated_to)
		.orderby(count, order=Order.desc)
		.limit(50)
		.run(as_dict=True)
	)


@frappe.whitelist()
@frappe.read_only()
def get_open_count(doctype: str, name: str, items=None):
	"""Form dashboard counts: only the dashboard's own DocTypes, counted with the user's permissions."""
	original = _original("frappe.desk.notifications.get_open_count")
	if not scoping.is_scoped():
		return original(doctype, name, items)
	frappe.get_doc(doctype, name).check_permission()
	links = frappe.get_meta(doctype).get_dashboard_data()
	allowed = [i for group in links.get("transactions") or [] for i in group.get("items") or []]
	if isinstance(items, str):
		items = frappe.parse_json(items)
	items = [i for i in (items if items is not None else allowed) if i in allowed]
	out = original(doctype, name, items)
	for entry in (out.get("count") or {}).get("external_links_found", []):
		d = entry.get("doctype")
		if d not in CONFIDENTIAL:
			continue
		fieldname = links.get("non_standard_fieldnames", {}).get(d, links.get("fieldname"))
		try:
			entry["count"] = get_count(d, {fieldname: name})
		except frappe.PermissionError:
			frappe.clear_last_message()
			entry["count"] = 0
		entry["open_count"] = min(entry.get("open_count") or 0, entry["count"])
	return out


# --- search and titles ------------------------------------------------------------------------------


@frappe.whitelist()
@frappe.read_only()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters=None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""Frappe skips every row rule when ``ignore_user_permissions`` is set: never for confidential rows."""
	if scoping.is_scoped() and doctype in CONFIDENTIAL:
		ignore_user_permissions = False
	return _original("frappe.desk.search.search_widget")(
		doctype,
		txt,
		query=resolve_override(query),
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
@frappe.read_only()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters=None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	from frappe.desk.search import build_for_autosuggest

	results = search_widget(
		doctype,
		(txt or "").strip(),
		query,
		searchfield=searchfield,
		page_length=page_length,
		filters=filters,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)
	return build_for_autosuggest(results, doctype)


@frappe.whitelist()
@frappe.read_only()
def get_link_title(doctype, docname):
	if scoping.is_scoped() and doctype in CONFIDENTIAL:
		if not frappe.get_list(doctype, filters={"name": docname}, pluck="name", limit_page_length=1):
			return docname
	return _original("frappe.desk.search.get_link_title")(doctype, docname)


@frappe.whitelist()
@frappe.read_only()
def validate_link(doctype: str, docname: str, fields=None):
	"""Link validation tells whether a name exists: outside the scope it does not."""
	if scoping.is_scoped() and isinstance(doctype, str) and doctype in CONFIDENTIAL:
		if not frappe.get_list(doctype, filters={"name": docname}, pluck="name", limit_page_length=1):
			return frappe._dict()
	return _original("frappe.client.validate_link")(doctype, docname, fields)


@frappe.whitelist()
def global_search(text, start=0, limit=20, doctype=""):
	results = _original("frappe.utils.global_search.search")(text, start, limit, doctype)
	if not scoping.is_scoped():
		return results
	return [
		r
		for r in results
		if r.get("doctype") not in CONFIDENTIAL
		or frappe.has_permission(r.get("doctype"), "read", r.get("name"))
	]


@frappe.whitelist()
def get_tagged_docs(doctype, tag):
	if not scoping.is_scoped():
		return _original("frappe.desk.doctype.tag.tag.get_tagged_docs")(doctype, tag)
	return frappe.get_list(doctype, filters=[["_user_tags", "like", tag]], fields=["name"], as_list=True)


# --- documents ---------------------------------------------------------------------------------------


@frappe.whitelist()
def client_get(doctype, name=None, filters=None, parent=None):
	"""``frappe.client.get``: filters must not test hidden rows (403 versus 404 was an oracle)."""
	if scoping.is_scoped() and doctype in CONFIDENTIAL and not name and filters:
		found = frappe.get_list(
			doctype,
			filters=_safe_filters(filters),
			pluck="name",
			limit_page_length=1,
			parent_doctype=parent or _parent_of(doctype),
		)
		if not found:
			_not_found(doctype)
		name, filters = found[0], None
	if scoping.is_scoped() and doctype in CONFIDENTIAL and name and not frappe.is_table(doctype):
		scoping.check_record_readable(doctype, name)
	return _original("frappe.client.get")(doctype, name=name, filters=filters, parent=parent)


@frappe.whitelist()
def get_next(doctype, value, prev, filters=None, sort_order="desc", sort_field="modified"):
	_check_readable(doctype, value)
	return _original("frappe.desk.form.utils.get_next")(doctype, value, prev, filters, sort_order, sort_field)


@frappe.whitelist()
def toggle_like(doctype, name, add=False):
	_check_readable(doctype, name)
	return _original("frappe.desk.like.toggle_like")(doctype, name, add)


@frappe.whitelist(methods=["POST", "PUT"])
def add_comment(
	reference_doctype: str, reference_name: str, content: str, comment_email: str, comment_by: str
):
	"""Timeline comments are always signed by the session user (the client chose the author)."""
	user = frappe.session.user
	return _original("frappe.desk.form.utils.add_comment")(
		reference_doctype, reference_name, content, user, frappe.utils.get_fullname(user)
	)


@frappe.whitelist()
def get_follow_users(doctype, doc_name):
	_check_readable(doctype, doc_name)
	return _original("frappe.desk.form.document_follow.get_follow_users")(doctype, doc_name)


@frappe.whitelist()
def get_submitted_linked_docs(doctype: str, name: str, ignore_doctypes_on_cancel_all=None):
	_check_readable(doctype, name)
	return _original("frappe.desk.form.linked_with.get_submitted_linked_docs")(
		doctype, name, ignore_doctypes_on_cancel_all
	)


@frappe.whitelist()
def unlock_document(doctype: str | None = None, name: str | None = None, args=None):
	if not doctype and not name and args:
		args = json.loads(args)
		doctype, name = str(args["doctype"]), str(args["name"])
	if scoping.is_scoped() and doctype in CONFIDENTIAL:
		scoping.check_record_readable(doctype, name)
		frappe.has_permission(doctype, "write", name, throw=True)
	return _original("frappe.model.document.unlock_document")(doctype, name)


def _stored_doc_check(payload) -> None:
	"""A document sent by the client is judged by the record stored under its name."""
	if not scoping.is_scoped() or not payload:
		return
	data = frappe.parse_json(payload) if isinstance(payload, str) else payload
	if not isinstance(data, dict):
		return
	doctype, name = data.get("doctype"), data.get("name")
	if doctype in CONFIDENTIAL and name and frappe.db.exists(doctype, name):
		scoping.check_record_readable(doctype, name)


@frappe.whitelist()
def run_doc_method(method, docs=None, dt=None, dn=None, arg=None, args=None):
	"""``run_doc_method``/``runserverobj``: permission on the stored record; no forged timeline entries."""
	if scoping.is_scoped():
		doctype = dt or (frappe.parse_json(docs) or {}).get("doctype") if (dt or docs) else None
		if method == "add_comment" and doctype in CONFIDENTIAL:
			frappe.throw(
				_("Use el cuadro de comentarios del formulario para comentar."), frappe.PermissionError
			)
		_stored_doc_check(docs)
	return _original("frappe.handler.run_doc_method")(method, docs=docs, dt=dt, dn=dn, arg=arg, args=args)


@frappe.whitelist()
def get_html_and_style(
	doc: str,
	name: str | None = None,
	print_format: str | None = None,
	no_letterhead: bool | None = None,
	letterhead: str | None = None,
	trigger_print: bool = False,
	style: str | None = None,
	settings: str | None = None,
):
	_stored_doc_check(doc)
	return _original("frappe.www.printview.get_html_and_style")(
		doc, name, print_format, no_letterhead, letterhead, trigger_print, style, settings
	)


# --- dispatchers that would call an original function behind the overrides -------------------------


@frappe.whitelist()
def get_all_nodes(doctype, label, parent, tree_method, **filters):
	return _original("frappe.desk.treeview.get_all_nodes")(
		doctype, label, parent, resolve_override(tree_method), **filters
	)


@frappe.whitelist(allow_guest=True)
def upload_file():
	if frappe.form_dict.get("method"):
		frappe.form_dict.method = resolve_override(frappe.form_dict.method)
	return _original("frappe.handler.upload_file")()


@frappe.whitelist()
def uploadfile():
	if frappe.form_dict.get("method"):
		frappe.form_dict.method = resolve_override(frappe.form_dict.method)
	return _original("frappe.handler.uploadfile")()


# --- reports, charts, goals --------------------------------------------------------------------------


@frappe.whitelist()
@frappe.read_only()
def run_report(
	report_name,
	filters=None,
	user=None,
	ignore_prepared_report=False,
	custom_columns=None,
	is_tree=False,
	parent_field=None,
	are_default_filters=True,
):
	"""``frappe.desk.query_report.run``: the client may not choose whose results (or prepared report) it gets."""
	if scoping.is_scoped():
		user = frappe.session.user
		parsed = frappe.parse_json(filters) if isinstance(filters, str) else filters
		if isinstance(parsed, dict) and parsed.get("prepared_report_name"):
			if not frappe.has_permission("Prepared Report", "read", parsed["prepared_report_name"]):
				_not_found("Prepared Report")
	return _original("frappe.desk.query_report.run")(
		report_name,
		filters=filters,
		user=user,
		ignore_prepared_report=ignore_prepared_report,
		custom_columns=custom_columns,
		is_tree=is_tree,
		parent_field=parent_field,
		are_default_filters=are_default_filters,
	)


@frappe.whitelist()
def dashboard_chart_get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	"""Charts: a restricted user gets saved charts only, computed for them and never cached for others."""
	original = _original("frappe.desk.doctype.dashboard_chart.dashboard_chart.get")
	kwargs = dict(
		chart_name=chart_name,
		chart=chart,
		no_cache=no_cache,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
		refresh=refresh,
	)
	if not scoping.is_scoped():
		return original(**kwargs)
	if not chart_name:
		frappe.throw(_("Indique un gráfico guardado."), frappe.PermissionError)
	doc = frappe.get_doc("Dashboard Chart", chart_name)
	doc.check_permission("read")
	if doc.document_type in CONFIDENTIAL and doc.type == "Heatmap":
		frappe.throw(_("Este tipo de gráfico no está disponible para su rol."), frappe.PermissionError)
	# The undecorated function: no shared cache (the cache key ignores the user).
	return original.__wrapped__(**{**kwargs, "chart": None})


@frappe.whitelist()
def get_monthly_goal_graph_data(*args, **kwargs):
	if scoping.is_scoped():
		goal_doctype = kwargs.get("goal_doctype") or (args[6] if len(args) > 6 else None)
		doctype = kwargs.get("doctype") or (args[1] if len(args) > 1 else None)
		if goal_doctype in CONFIDENTIAL or doctype in CONFIDENTIAL:
			frappe.throw(_("Este gráfico no está disponible para su rol."), frappe.PermissionError)
	return frappe.call(_original("frappe.utils.goal.get_monthly_goal_graph_data"), *args, **kwargs)


# --- mail and attachments ----------------------------------------------------------------------------


def _check_files_readable(attachments) -> None:
	if isinstance(attachments, str):
		attachments = frappe.parse_json(attachments)
	for a in attachments or []:
		name = a if isinstance(a, str) else (a or {}).get("fid") or (a or {}).get("name")
		if name and frappe.db.exists("File", name) and not frappe.has_permission("File", "read", name):
			_not_found("File")


@frappe.whitelist()
def add_attachments(doctype, name, attachments):
	if scoping.is_scoped():
		_check_files_readable(attachments)
		frappe.has_permission(doctype, "write", name, throw=True)
	return _original("frappe.utils.file_manager.add_attachments")(doctype, name, attachments)


@frappe.whitelist(methods=["POST", "PUT"])
def make_communication(**kwargs):
	if scoping.is_scoped():
		_check_files_readable(kwargs.get("attachments"))
		if kwargs.get("doctype") in CONFIDENTIAL and kwargs.get("name"):
			scoping.check_record_readable(kwargs["doctype"], kwargs["name"])
	return frappe.call(_original("frappe.core.doctype.communication.email.make"), **kwargs)


@frappe.whitelist()
def relink(name, reference_doctype=None, reference_name=None):
	if scoping.is_scoped():
		frappe.has_permission("Communication", "write", name, throw=True)
		if reference_doctype in CONFIDENTIAL:
			scoping.check_record_readable(reference_doctype, reference_name)
	return _original("frappe.email.relink")(name, reference_doctype, reference_name)


@frappe.whitelist()
def print_by_server(*args, **kwargs):
	if scoping.is_scoped():
		frappe.throw(_("La impresión en servidor no está disponible para su rol."), frappe.PermissionError)
	return frappe.call(_original("frappe.utils.print_format.print_by_server"), *args, **kwargs)
