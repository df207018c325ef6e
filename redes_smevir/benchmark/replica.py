"""Proof that SMEVIR's read surfaces run on the read replica and its writes on the primary.

On a site whose database is a primary with a replica (``read_from_replica: 1``, ``replica_host``,
``replica_db_port``; see README «Réplica de lectura» and ``benchmark/replica_pair.sh``)::

	bench --site replica.localhost smevir-demo
	bench --site replica.localhost execute redes_smevir.benchmark.replica.run

For each surface (called as Desk calls it, as the Administrador, a Coordinador UO and a Gerente) it
reads MariaDB's per-user statistics (``userstat=1``: ``INFORMATION_SCHEMA.USER_STATISTICS``) of
the site's database user on both servers before and after, and prints the statements each server
received from the site. The replica applies the primary's changes through its replication thread,
which is not the site's user, so a write the site sent to the replica would show as
``UPDATE_COMMANDS`` there (and fail: the replica is ``read_only``).
"""

from __future__ import annotations

import frappe
import pymysql
from frappe.utils import cint

STATS = ("SELECT_COMMANDS", "UPDATE_COMMANDS", "OTHER_COMMANDS")


def _connect(port: int, password: str):
	host = frappe.conf.replica_host if port == cint(frappe.conf.replica_db_port) else frappe.conf.db_host
	return pymysql.connect(host=host or "127.0.0.1", port=port, user="root", password=password)


def _stats(conn) -> dict[str, int]:
	with conn.cursor() as cur:
		cur.execute(
			"SELECT SELECT_COMMANDS, UPDATE_COMMANDS, OTHER_COMMANDS FROM INFORMATION_SCHEMA.USER_STATISTICS"
			" WHERE USER = %s",
			(frappe.conf.db_name,),
		)
		row = cur.fetchone() or (0, 0, 0)
	conn.commit()
	return dict(zip(STATS, (int(v) for v in row), strict=True))


def _new_request() -> None:
	"""Each Desk request starts without a replica connection (``frappe.connect_replica`` keeps one per request)."""
	for attr in ("replica_db", "primary_db"):
		if hasattr(frappe.local, attr):
			delattr(frappe.local, attr)


def _demo_users() -> dict[str, str]:
	from redes_smevir.services.roles import ADMINISTRADOR, COORDINADOR, GERENTE

	def first(role: str) -> str:
		HasRole = frappe.qb.DocType("Has Role")
		return (
			frappe.qb.from_(HasRole)
			.select(HasRole.parent)
			.where((HasRole.role == role) & (HasRole.parenttype == "User"))
			.orderby(HasRole.parent)
			.limit(1)
			.run()[0][0]
		)

	return {
		"Administrador": first(ADMINISTRADOR),
		"Coordinador UO": first(COORDINADOR),
		"Gerente": first(GERENTE),
	}


def run(root_password: str = "admin") -> dict:
	if not cint(frappe.conf.read_from_replica):
		frappe.throw("The site has no read replica configured (read_from_replica).")
	from redes_smevir.benchmark import surfaces as bench_surfaces
	from redes_smevir.services import concurrent_reads, dashboard

	primary = _connect(cint(frappe.conf.db_port) or 3306, root_password)
	replica = _connect(cint(frappe.conf.replica_db_port), root_password)
	users = _demo_users()
	periodo = dashboard.current_period().name
	frappe.set_user(users["Gerente"])
	red = frappe.get_list("Red", pluck="name", limit=1)[0]
	firms = frappe.get_list("Empresa", filters={"red": red}, pluck="name", order_by="name asc")
	frappe.set_user("Administrator")
	# a firm whose ficha of the open period the gerente may still save and send (none, or Borrador)
	firm = next(
		(
			e
			for e in firms
			if frappe.db.get_value("Ficha", {"empresa": e, "periodo": periodo}, "workflow_state")
			in (None, "Borrador")
		),
		firms[0],
	)
	ficha = frappe.get_all(
		"Ficha", filters={"empresa": firm}, pluck="name", limit=1, order_by="modified desc"
	)[0]
	periods = frappe.get_all("Periodo", pluck="name", order_by="fecha_referencia asc")
	table = bench_surfaces.surfaces(periods, firm, ficha)
	# Frappe's getdoc writes (seen, view log) when a form opens: it stays on the primary, shown apart
	rows = []

	def measure(label: str, role: str, fn) -> None:
		frappe.set_user(users[role] if role in users else "Administrator")
		_new_request()
		before = (_stats(primary), _stats(replica))
		error = ""
		try:
			fn()
			frappe.db.commit()  # what the request would commit (a read surface commits nothing)
		except Exception as e:
			frappe.db.rollback()
			error = f"{e.__class__.__name__}: {e}"[:80]
		after = (_stats(primary), _stats(replica))
		_new_request()
		frappe.set_user("Administrator")
		delta = [{k: a[k] - b[k] for k in STATS} for b, a in zip(before, after, strict=True)]
		rows.append((label, role, delta[0], delta[1], error))

	side_before = concurrent_reads.stats["side_queries"]
	for label, fn in table.items():
		for role in ("Administrador", "Coordinador UO", "Gerente"):
			measure(label, role, fn)
	side_queries = concurrent_reads.stats["side_queries"] - side_before

	# writes: a form save and a workflow action, as the Gerente of the firm's network
	def save_form():
		doc = (
			frappe.get_doc("Ficha", {"empresa": firm, "periodo": periodo})
			if frappe.db.exists("Ficha", {"empresa": firm, "periodo": periodo})
			else frappe.get_doc({"doctype": "Ficha", "nivel": "Empresa", "periodo": periodo, "empresa": firm})
		)
		doc.ventas_brutas = (doc.ventas_brutas or 100000) + 1
		doc.save()

	def send():
		from frappe.model.workflow import apply_workflow

		doc = frappe.get_doc("Ficha", {"empresa": firm, "periodo": periodo})
		apply_workflow(doc.as_dict(), "Enviar")

	measure("WRITE form save (Ficha)", "Gerente", save_form)
	measure("WRITE workflow «Enviar»", "Gerente", send)

	print("\n| surface | role | primary SELECT / writes | replica SELECT / writes | note |")
	print("|---|---|---|---|---|")
	for label, role, p, r, error in rows:
		print(
			f"| {label} | {role} | {p['SELECT_COMMANDS']} / {p['UPDATE_COMMANDS']} "
			f"| {r['SELECT_COMMANDS']} / {r['UPDATE_COMMANDS']} | {error} |"
		)
	reads = [x for x in rows if not x[0].startswith("WRITE")]
	writes = [x for x in rows if x[0].startswith("WRITE")]
	summary = {
		"read_calls": len(reads),
		"read_calls_on_replica": sum(1 for x in reads if x[3]["SELECT_COMMANDS"] > 0),
		"read_selects_primary": sum(x[2]["SELECT_COMMANDS"] for x in reads),
		"read_selects_replica": sum(x[3]["SELECT_COMMANDS"] for x in reads),
		"writes_to_replica": sum(x[3]["UPDATE_COMMANDS"] for x in rows),
		# independent queries run on a second connection (services.concurrent_reads): to the replica too
		"side_connection_queries": side_queries,
		"write_calls_writes_on_primary": [x[2]["UPDATE_COMMANDS"] for x in writes],
		"errors": [f"{x[0]} ({x[1]}): {x[4]}" for x in rows if x[4]],
	}
	print(summary)
	primary.close()
	replica.close()
	return summary
