"""Independent read queries of one request, run side by side on a second connection.

MariaDB runs each statement on one core. The Marco Lógico's indicator pass and its sales baseline
join, or Avance de Fichas' one query per period and level, do not depend on each other: run one
after the other, the user waits for their sum; on two connections, for about the longest. The
work the server does is the same, only the wait is shorter.

The second (side) connection sees committed data only, so it is used only when that is exactly
what this request's connection sees:

- nothing written and not yet committed in this transaction (``frappe.db.transaction_writes``);
- not inside Frappe's test runner, which keeps every test's data uncommitted and rolls back to
  savepoints (a test turns it on with ``frappe.flags.smevir_concurrent_reads``);
- the same server and session: the side connection is opened with ``frappe.db``'s own settings
  (the replica's, inside ``@frappe.read_only()`` with ``read_from_replica``) and copies the
  session's temporary-table sizes and statement timeout; it is READ ONLY.

Otherwise, and whenever the side connection fails (refused, lost), the queries run here, in order.
``smevir_concurrent_reads: 0`` in the site config turns it off.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import frappe
from frappe.query_builder.terms import NamedParameterWrapper
from frappe.utils import cint

# Session variables the side connection copies from this request's connection.
SESSION_VARIABLES = ("tmp_table_size", "max_heap_table_size", "max_statement_time")

# How many times the side connection answered (tests and the benchmark read it).
stats = {"side_queries": 0, "fallbacks": 0}


def side_connection_allowed() -> bool:
	"""Whether a second connection would see exactly what ``frappe.db`` sees now."""
	if frappe.db.db_type != "mariadb" or not cint(frappe.conf.get("smevir_concurrent_reads", 1)):
		return False
	if frappe.flags.in_test and not frappe.flags.smevir_concurrent_reads:
		return False
	return not frappe.db.transaction_writes


def _prepared(query) -> tuple[str, dict | None]:
	"""SQL text and parameters of a frappe.qb query, as ``query.run()`` sends them."""
	if isinstance(query, str):
		return query, None
	params = NamedParameterWrapper()
	sql = query.get_sql(param_wrapper=params)
	return sql, params.get_parameters() or None


def _here(sql: str, params: dict | None, as_dict: bool) -> list:
	return frappe.db.sql(sql, params, as_dict=as_dict) if params else frappe.db.sql(sql, as_dict=as_dict)


def _rows(cursor, as_dict: bool) -> list:
	data = cursor.fetchall()
	if not as_dict:
		return list(data)
	keys = [c[0] for c in cursor.description]
	return [frappe._dict(zip(keys, row, strict=True)) for row in data]


def run(queries: Sequence[Any], as_dict: bool = False) -> list[list]:
	"""Results of ``queries`` (frappe.qb queries or SQL text), in order, as ``frappe.db.sql`` gives them.

	Every other query (the 2nd, 4th, …) runs on the side connection while this one runs the rest.
	"""
	prepared = [_prepared(q) for q in queries]
	results: list[list | None] = [None] * len(prepared)
	side = list(range(1, len(prepared), 2))
	if side and side_connection_allowed():
		settings = frappe.db.get_connection_settings()
		session = dict(
			zip(
				SESSION_VARIABLES,
				frappe.db.sql("select " + ", ".join(f"@@session.{v}" for v in SESSION_VARIABLES))[0],
				strict=True,
			)
		)
		failure: list[BaseException] = []

		def work():
			import pymysql

			try:
				conn = pymysql.connect(**settings)
			except Exception as e:
				failure.append(e)
				return
			try:
				with conn.cursor() as cur:
					cur.execute("set session " + ", ".join(f"{k} = %({k})s" for k in session), session)
					cur.execute("start transaction read only")
					for i in side:
						cur.execute(*prepared[i])
						results[i] = _rows(cur, as_dict)
				conn.rollback()
			except Exception as e:
				failure.append(e)
			finally:
				conn.close()

		thread = threading.Thread(target=work, name="smevir-side-read", daemon=True)
		thread.start()
		try:
			for i in range(0, len(prepared), 2):
				results[i] = _here(*prepared[i], as_dict)
		finally:
			thread.join()
		if failure:
			stats["fallbacks"] += 1
			frappe.logger("redes_smevir").warning(
				f"side read connection failed, reading here: {failure[0]!r}"
			)
		else:
			stats["side_queries"] += len(side)
	for i, (sql, params) in enumerate(prepared):
		if results[i] is None:
			results[i] = _here(sql, params, as_dict)
	return [list(r) for r in results]
