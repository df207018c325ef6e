"""Surface benchmark: every read surface of the app, for each role, against the plain-SQL floor.

Run ONLY on a throw-away site (it commits synthetic data)::

	bench new-site bench.localhost --db-root-password admin --admin-password admin --install-app redes_smevir
	bench --site bench.localhost execute redes_smevir.benchmark.surfaces.run \
		--kwargs "{'firms': 20000, 'networks': 2000, 'periods': 6, 'repeat': 3}"
	# the ten-fold site (200,000 firms, 20,000 networks, 1.3 million fichas), slowest surfaces only
	bench --site bench10.localhost execute redes_smevir.benchmark.surfaces.run \
		--kwargs "{'firms': 200000, 'networks': 20000, 'only': 'Avance de Fichas,workspace_tasks'}"
	bench drop-site bench.localhost --db-root-password admin --force

The data is ``benchmark.marco_logico.fill`` (bulk inserts, ``BENCH-`` names) plus one gerente user
per network (bulk inserted), a Coordinador UO of the first conglomerado and an Administrador
SMEVIR; the last period's entry window is opened today and its fichas spread over the workflow
states (a tenth deleted: «sin registrar»). Each surface runs as Desk calls it (the whitelisted
method Frappe dispatches, overrides included) ``repeat`` times per role; the table shows the median
and its ratio to the floor: one plain ``GROUP BY periodo, conglomerado, nivel`` pass over all
approved fichas (``marco_logico.sql_pass``), timed in the same run.

``concurrent=False`` runs every surface on one connection (``services.concurrent_reads`` off), to
compare with the default, where independent queries of one surface run side by side.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable

import frappe
from frappe.utils import add_days, nowdate

from redes_smevir.benchmark import marco_logico
from redes_smevir.services.roles import ADMINISTRADOR, COORDINADOR, GERENTE

PREFIX = marco_logico.PREFIX
DOMAIN = "smevir.bench"
ADMIN = f"bench.admin@{DOMAIN}"
COORD = f"bench.coord@{DOMAIN}"
ROLES = ("Administrador", "Coordinador UO", "Gerente")
STATES = ("Borrador", "Enviada", "Observada", "En Corrección", "Aprobada")


def gerente_of(j: int) -> str:
	return f"bench.g{j:05d}@{DOMAIN}"


def _check_site() -> None:
	if not frappe.local.site.startswith("bench"):
		frappe.throw("Benchmark only on a throw-away site (bench*.localhost).")


# --- data ---------------------------------------------------------------------------------------


def _bulk_users(users: list[tuple[str, str]]) -> None:
	"""Insert (email, role) users that do not exist yet, with one Has Role row each."""
	have = set(frappe.get_all("User", filters={"name": ("like", f"%@{DOMAIN}")}, pluck="name"))
	todo = [(u, r) for u, r in users if u not in have]
	if not todo:
		return
	now = frappe.utils.now()
	frappe.db.bulk_insert(
		"User",
		[
			"name",
			"email",
			"first_name",
			"enabled",
			"user_type",
			"creation",
			"modified",
			"owner",
			"modified_by",
		],
		[
			(u, u, u.split("@")[0], 1, "System User", now, now, "Administrator", "Administrator")
			for u, _r in todo
		],
		chunk_size=5000,
	)
	frappe.db.bulk_insert(
		"Has Role",
		[
			"name",
			"parent",
			"parenttype",
			"parentfield",
			"role",
			"idx",
			"creation",
			"modified",
			"owner",
			"modified_by",
		],
		[
			(
				frappe.generate_hash(length=12),
				u,
				"User",
				"roles",
				r,
				1,
				now,
				now,
				"Administrator",
				"Administrator",
			)
			for u, r in todo
		],
		chunk_size=5000,
	)


def prepare(firms: int = 20000, networks: int = 2000, periods: int = 6) -> dict:
	"""Fill the site (idempotent) and give it users, an open period and fichas in every state."""
	_check_site()
	frappe.set_user("Administrator")
	t0 = time.perf_counter()
	filled = marco_logico.fill(firms, networks, periods)
	names = marco_logico.period_names(periods)
	_bulk_users(
		[(ADMIN, ADMINISTRADOR), (COORD, COORDINADOR)] + [(gerente_of(j), GERENTE) for j in range(networks)]
	)
	if not frappe.db.get_value("Red", f"{PREFIX}R00000", "gerente"):
		# BENCH-R00042 -> bench.g00042@smevir.bench (the name gerente_of gives), in one statement
		frappe.db.sql(
			"update `tabRed` set gerente = concat(%s, substring(name, %s), %s) where name like %s",
			("bench.g", len(PREFIX) + 2, f"@{DOMAIN}", f"{PREFIX}R%"),
		)
	congl = f"{PREFIX}C0"
	doc = frappe.get_doc("Conglomerado", congl)
	if COORD not in {c.usuario for c in doc.coordinadores}:
		doc.append("coordinadores", {"usuario": COORD})
		doc.save(ignore_permissions=True)
	# the last period is the current one: its window is open and closes in dias_recordatorio days
	days = frappe.db.get_single_value("Configuracion SMEVIR", "dias_recordatorio") or 3
	last = names[-1]
	frappe.db.set_value(
		"Periodo",
		last,
		{"inicio_registro": add_days(nowdate(), -10), "fin_registro": add_days(nowdate(), int(days))},
		update_modified=False,
	)
	F = frappe.qb.DocType("Ficha")
	if not frappe.db.exists("Ficha", {"periodo": last, "workflow_state": ("!=", "Aprobada")}):
		rows = frappe.get_all("Ficha", filters={"periodo": last}, pluck="name", order_by="name asc")
		drop = rows[::10]
		for i in range(0, len(drop), 5000):
			frappe.qb.from_(F).delete().where(F.name.isin(drop[i : i + 5000])).run()
		dropped = set(drop)
		rest = [r for r in rows if r not in dropped]
		for s, state in enumerate(STATES[:-1]):
			chosen = rest[s::9]  # 4 of every 9 leave «Aprobada»
			for i in range(0, len(chosen), 5000):
				frappe.qb.update(F).set(F.workflow_state, state).where(
					F.name.isin(chosen[i : i + 5000])
				).run()
	frappe.db.commit()  # nosemgrep: benchmark loader on a throw-away site
	frappe.clear_cache()
	return {"filled": filled, "prepare_seconds": round(time.perf_counter() - t0, 1)}


# --- surfaces -------------------------------------------------------------------------------------


def _method(path: str) -> Callable:
	"""The function Desk runs for whitelisted ``path`` (the app's override when there is one)."""
	from redes_smevir.api.frappe_overrides import resolve_override

	return frappe.get_attr(resolve_override(path))


def _report(name: str, filters: dict) -> Callable:
	def call():
		return _method("frappe.desk.query_report.run")(
			name, filters=json.dumps(filters), ignore_prepared_report=True
		)

	return call


def _form_call(path: str, **params) -> Callable:
	def call():
		frappe.local.form_dict = frappe._dict(params)
		return _method(path)()

	return call


def _card(name: str) -> Callable:
	card = frappe.get_doc("Number Card", name).as_dict()

	def call():
		if card.type == "Custom":
			return frappe.get_attr(card.method)(filters=card.filters_json)
		return _method("frappe.desk.doctype.number_card.number_card.get_result")(card, card.filters_json)

	return call


def surfaces(names: list[str], firm: str, ficha: str) -> dict[str, Callable]:
	"""Every read surface, as the callable Desk runs."""
	from redes_smevir.api import desk

	last = names[-1]
	out = {
		"Marco Lógico": _report("Marco Lógico", {"periodo": names}),
		"Incremento de Ventas por Red": _report("Incremento de Ventas por Red", {"periodo": last}),
		"Avance de Fichas": _report("Avance de Fichas", {}),
		"Avance de Fichas (por gerente)": _report(
			"Avance de Fichas", {"periodo": last, "agrupar_por": "Gerente"}
		),
		"Redes por Fase": _report("Redes por Fase", {"periodo": last}),
		"Posición Competitiva": _report("Posición Competitiva", {"empresa": firm, "periodo": last}),
	}
	for card in frappe.get_all(
		"Number Card", filters={"name": ("like", "SMEVIR%")}, pluck="name", order_by="name"
	):
		out[f"card: {card}"] = _card(card)
	for fn in ("chart_fichas_by_state", "chart_networks_by_phase", "chart_active_by_conglomerado"):
		out[f"chart: {fn}"] = getattr(desk, fn)
	out["chart: chart_sales_baseline_vs_latest"] = desk.chart_sales_baseline_vs_latest
	out["workspace_tasks"] = desk.workspace_tasks
	list_fields = json.dumps(
		["`tabFicha`.`name`", "`tabFicha`.`titulo`", "`tabFicha`.`workflow_state`", "`tabFicha`.`modified`"]
	)
	out["Ficha list (20 rows)"] = _form_call(
		"frappe.desk.reportview.get",
		doctype="Ficha",
		fields=list_fields,
		filters="[]",
		order_by="`tabFicha`.`modified` desc",
		start=0,
		page_length=20,
		view="List",
		with_comment_count=1,
	)
	out["Ficha list count"] = _form_call("frappe.desk.reportview.get_count", doctype="Ficha", filters="[]")

	group = _method("frappe.desk.listview.get_group_by_count")
	for field in ("assigned_to", "owner", "workflow_state"):
		out[f"Ficha list sidebar: {field}"] = lambda field=field: group("Ficha", "[]", field)

	def form():
		from frappe.desk.form.load import getdoc

		getdoc("Ficha", ficha)

	from redes_smevir.api import fichas as api_fichas

	out["Ficha form (Frappe getdoc)"] = form
	out["Ficha form panel: form_context (the form's one read)"] = lambda: api_fichas.form_context(ficha)
	link = _method("frappe.desk.search.search_link")
	out["link search: Empresa"] = lambda: link("Empresa", f"{PREFIX}E0000", page_length=10)
	out["link search: Red"] = lambda: link("Red", f"{PREFIX}R000", page_length=10)
	return out


def _time(fn: Callable, repeat: int) -> float:
	times = []
	for _ in range(repeat):
		frappe.local.message_log = []
		t0 = time.perf_counter()
		fn()
		times.append(time.perf_counter() - t0)
		frappe.db.rollback()  # nothing a read surface does may stay (and no open snapshot)
	return statistics.median(times)


def floor(names: list[str], repeat: int) -> float:
	columns = marco_logico.used_columns()
	marco_logico.sql_pass(names, columns)  # warm
	return _time(lambda: marco_logico.sql_pass(names, columns), repeat)


def jobs(names: list[str]) -> dict:
	"""The scheduled jobs at this size: reminders (the query, then the whole job) and period states."""
	from redes_smevir.services import notifications, periods

	frappe.set_user("Administrator")
	last = names[-1]
	t0 = time.perf_counter()
	pending = notifications.pending_by_user(last)
	t_pending = time.perf_counter() - t0
	t0 = time.perf_counter()
	reminded = notifications.send_window_reminders()
	t_job = time.perf_counter() - t0
	frappe.db.rollback()
	t0 = time.perf_counter()
	periods.update_period_states()
	t_states = time.perf_counter() - t0
	frappe.db.rollback()
	return {
		"reminder_recipients": len(pending),
		"pending_subjects": sum(len(v) for v in pending.values()),
		"pending_by_user_s": round(t_pending, 3),
		"send_window_reminders_s": round(t_job, 3),
		"users_reminded": reminded,
		"update_period_states_s": round(t_states, 3),
	}


def run(
	firms: int = 20000,
	networks: int = 2000,
	periods: int = 6,
	repeat: int = 3,
	only: str | None = None,
	roles: str | None = None,
	with_jobs: bool = True,
	concurrent: bool = True,
) -> dict:
	"""Prepare the site, then print the surface × role table (median seconds, ratio to the floor)."""
	from redes_smevir.services import concurrent_reads

	info = prepare(firms, networks, periods)
	frappe.conf.smevir_concurrent_reads = int(concurrent)
	side_before = concurrent_reads.stats["side_queries"]
	names = marco_logico.period_names(periods)
	last = names[-1]
	firm = f"{PREFIX}E000000"
	ficha = frappe.db.get_value("Ficha", {"periodo": last, "empresa": firm}, "name") or frappe.db.get_value(
		"Ficha", {"periodo": names[-2], "empresa": firm}, "name"
	)
	users = {"Administrador": ADMIN, "Coordinador UO": COORD, "Gerente": gerente_of(0)}
	chosen_roles = [r for r in ROLES if not roles or r in roles.split(",")]
	table = surfaces(names, firm, ficha)
	if only:
		wanted = [w.strip() for w in only.split(",")]
		table = {k: v for k, v in table.items() if any(w in k for w in wanted)}
	fichas_total = frappe.db.count("Ficha", {"periodo": ("in", names)})
	columns = marco_logico.used_columns()
	floor_s = floor(names, max(repeat, 3))
	results: dict[str, dict[str, float]] = {}
	floors: dict[str, float] = {}
	for surface, fn in table.items():
		results[surface] = {}
		row_floor = []
		for role in chosen_roles:
			frappe.set_user(users[role])
			try:
				fn()  # warm (meta, caches) once per role
				frappe.db.rollback()
				results[surface][role] = _time(fn, repeat)
			except Exception as e:
				frappe.db.rollback()
				results[surface][role] = float("nan")
				print(f"  ! {surface} as {role}: {e.__class__.__name__}: {e}")
			finally:
				frappe.set_user("Administrator")
			# the floor again right after, so that the ratio compares runs under the same load
			row_floor.append(_time(lambda: marco_logico.sql_pass(names, columns), 1))
		floors[surface] = statistics.median(row_floor)
	job_times = jobs(names) if with_jobs else {}
	load = " ".join(f"{x:.2f}" for x in os.getloadavg())
	side = concurrent_reads.stats["side_queries"] - side_before
	print(
		f"\nSurfaces at {firms:,} firms, {networks:,} networks, {fichas_total:,} fichas (median of {repeat};"
		f" floor = plain SQL pass, {floor_s:.3f} s at the start, timed again after each cell; load {load};"
		f" concurrent reads {'on' if concurrent else 'off'}: {side:,} queries on the side connection)\n"
	)
	print("| surface | " + " | ".join(chosen_roles) + " | floor |")
	print("|---|" + "---|" * (len(chosen_roles) + 1))
	worst = 0.0
	for surface, by_role in results.items():
		cells = []
		for role in chosen_roles:
			s = by_role[role]
			ratio = s / floors[surface] if floors[surface] else 0
			worst = max(worst, ratio) if s == s else worst
			cells.append(f"{s:.3f} s ({ratio:.2f}×)")
		print(f"| {surface} | " + " | ".join(cells) + f" | {floors[surface]:.3f} s |")
	print(f"\nworst ratio: {worst:.2f}× the floor")
	if job_times:
		print(f"scheduled jobs ({networks:,} gerentes): {job_times}")
	return {
		"firms": firms,
		"networks": networks,
		"fichas": fichas_total,
		"floor_s": round(floor_s, 3),
		"floors": {k: round(v, 3) for k, v in floors.items()},
		"results": results,
		"worst_ratio": round(worst, 2),
		"jobs": job_times,
		"prepare": info,
		"load_average": load,
		"concurrent_reads": concurrent,
		"side_queries": side,
	}
