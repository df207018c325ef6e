"""Benchmark of the Marco Lógico report against one plain SQL aggregate pass over the same fichas.

Run on a throw-away site (it commits synthetic data)::

	bench --site bench.localhost execute redes_smevir.benchmark.marco_logico.run \
		--kwargs "{'firms': 20000, 'networks': 2000, 'periods': 6, 'repeat': 5}"
	# the same with every formula evaluated over rows in Python (the path before the SQL pushdown)
	bench --site bench.localhost execute redes_smevir.benchmark.marco_logico.run --kwargs "{'pushdown': False}"
	bench --site bench.localhost execute redes_smevir.benchmark.marco_logico.cleanup

Synthetic records are named with the ``BENCH-`` prefix and inserted with ``frappe.db.bulk_insert``.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import frappe
from frappe.utils import now_datetime

PREFIX = "BENCH-"
CONGLOMERADOS = 4


def _base(name: str, now) -> list:
	return [name, now, now, "Administrator", "Administrator", 0]


BASE_FIELDS = ["name", "creation", "modified", "owner", "modified_by", "docstatus"]


def period_names(periods: int) -> list[str]:
	return [f"{PREFIX}P{i}" for i in range(periods)]


def fill(firms: int = 20000, networks: int = 2000, periods: int = 6, seed: int = 7) -> dict:
	"""Insert conglomerados, periods, networks, firms, memberships and approved fichas."""
	rng = random.Random(seed)
	now = now_datetime()
	congls = [f"{PREFIX}C{i}" for i in range(CONGLOMERADOS)]
	for c in congls:
		if not frappe.db.exists("Conglomerado", c):
			frappe.get_doc(
				{
					"doctype": "Conglomerado",
					"nombre_conglomerado": c,
					"fecha_inicio": "2010-01-01",
					"activo": 1,
				}
			).insert(ignore_permissions=True)
	start = date(2010, 3, 31)
	names = period_names(periods)
	for i, p in enumerate(names):
		if frappe.db.exists("Periodo", p):
			continue
		ref = start + timedelta(days=182 * i)
		tipo = "Línea de Base" if i == 0 else ("Medición Final" if i == periods - 1 else "Medición Anual")
		frappe.get_doc(
			{
				"doctype": "Periodo",
				"nombre_periodo": p,
				"tipo": tipo,
				"fecha_referencia": ref,
				"inicio_registro": ref + timedelta(days=1),
				"fin_registro": ref + timedelta(days=60),
				"periodo_base": names[0] if i else None,
			}
		).insert(ignore_permissions=True)
	if frappe.db.exists("Red", f"{PREFIX}R00000"):
		return {"skipped": True}

	red_rows, red_congl, late = [], {}, set()
	for j in range(networks):
		name = f"{PREFIX}R{j:05d}"
		congl = congls[j % len(congls)]
		red_congl[name] = congl
		joined = "2010-01-01"
		if j % 20 == 19:  # 5 % join after the baseline
			joined = "2010-10-01"
			late.add(name)
		red_rows.append((*_base(name, now), name, congl, "Red activa", joined, "4. Proyecto piloto"))
	frappe.db.bulk_insert(
		"Red", [*BASE_FIELDS, "nombre_red", "conglomerado", "estado", "fecha_ingreso", "fase"], red_rows
	)
	emp_rows, member_rows, firm_red = [], [], {}
	for k in range(firms):
		name = f"{PREFIX}E{k:06d}"
		red = f"{PREFIX}R{k % networks:05d}"
		firm_red[name] = red
		joined = "2010-10-01" if red in late else "2010-01-01"
		emp_rows.append((*_base(name, now), name, red, red_congl[red], "Activa", joined))
		member_rows.append(
			(*_base(f"{PREFIX}M{k:06d}", now), red, "Red", "miembros", k % 7 + 1, name, joined)
		)
	frappe.db.bulk_insert(
		"Empresa",
		[*BASE_FIELDS, "razon_social", "red", "conglomerado", "estado", "fecha_ingreso_red"],
		emp_rows,
	)
	frappe.db.bulk_insert(
		"Red Miembro",
		[*BASE_FIELDS, "parent", "parenttype", "parentfield", "idx", "empresa", "fecha_ingreso"],
		member_rows,
	)

	emp_fields = [
		*BASE_FIELDS,
		"nivel",
		"periodo",
		"empresa",
		"red",
		"conglomerado",
		"workflow_state",
		"ventas_brutas",
		"trabajadores",
		"agrego_valor",
		"innovo_procesos",
		"innovacion_comercial",
		"diagnostico_individual",
		"plan_mejora_individual",
		"ejecuta_plan_negocios",
		"capacitacion_recibida",
		"asistencia_tecnica_recibida",
	]
	n = 0
	base_sales = {e: rng.uniform(50_000, 500_000) for e in firm_red}
	for i, p in enumerate(names):
		rows = []
		for e, red in firm_red.items():
			if i == 0 and red in late:
				continue
			n += 1
			growth = 1 + rng.uniform(-0.1, 0.6) * i / max(periods - 1, 1)
			rows.append(
				(
					*_base(f"{PREFIX}F{n:07d}", now),
					"Empresa",
					p,
					e,
					red,
					red_congl[red],
					"Aprobada",
					round(base_sales[e] * growth, 2),
					rng.randint(2, 40),
					int(rng.random() < 0.2 + 0.1 * i),
					int(rng.random() < 0.1 + 0.08 * i),
					int(rng.random() < 0.1),
					1,
					int(i > 0),
					int(i > 1 and rng.random() < 0.5),
					int(i > 0),
					int(i > 0 and rng.random() < 0.8),
				)
			)
		frappe.db.bulk_insert("Ficha", emp_fields, rows, chunk_size=10000)
	red_fields = [
		*BASE_FIELDS,
		"nivel",
		"periodo",
		"red",
		"conglomerado",
		"workflow_state",
		"fase_alcanzada",
		"plan_mejora_red",
		"proyecto_piloto",
		"plan_negocios_ejecucion",
		"articulada_nuevos_mercados",
		"clientes_nichos_rentables",
		"negocio_sostenible_exportacion",
		"negocio_sostenible_interno",
		"red_capacitada",
		"participa_eventos_comerciales",
	]
	rows = []
	for i, p in enumerate(names):
		for red, congl in red_congl.items():
			n += 1
			rows.append(
				(
					*_base(f"{PREFIX}F{n:07d}", now),
					"Red",
					p,
					red,
					congl,
					"Aprobada",
					"4. Proyecto piloto" if i else "2. Promoción y selección (pre-red)",
					*(int(i > 0 and rng.random() < 0.7) for _ in range(9)),
				)
			)
	frappe.db.bulk_insert("Ficha", red_fields, rows, chunk_size=10000)
	reg_fields = [
		*BASE_FIELDS,
		"nivel",
		"periodo",
		"conglomerado",
		"workflow_state",
		"politica_publica_en_proceso",
		"estrategia_validada",
		"estrategia_documentada",
		"estrategia_difundida",
		"entidades_publicas_metodologia",
		"sistema_monitoreo_funcionando",
	]
	rows = []
	for i, p in enumerate(names):
		for c in congls:
			n += 1
			rows.append(
				(
					*_base(f"{PREFIX}F{n:07d}", now),
					"Región",
					p,
					c,
					"Aprobada",
					int(i > 2),
					1,
					1,
					int(i > 3),
					i,
					1,
				)
			)
	frappe.db.bulk_insert("Ficha", reg_fields, rows, chunk_size=10000)
	frappe.db.commit()  # nosemgrep: benchmark loader on a throw-away site
	return {"fichas": n}


def used_columns() -> list[str]:
	"""Stored Ficha columns read by the active indicators' formulas."""
	from redes_smevir.services import ficha_rows, indicator_defs

	meta = frappe.get_meta("Ficha")
	used: set[str] = set()
	for ind in indicator_defs.load_indicators():
		if ind.formula:
			used |= {f for f in ind.formula.fields if meta.has_field(f)}
	return sorted(used - set(ficha_rows.KEY_COLUMNS))


def sql_pass(periodos: list[str], columns: list[str] | None = None) -> list:
	"""The yardstick: one plain aggregate query over the same approved fichas.

	GROUP BY periodo, conglomerado, nivel with COUNT(*) and, for every column the indicators read,
	SUM (numbers, checks) or COUNT (texts).
	"""
	from frappe.query_builder.functions import Count, Sum

	ficha = frappe.qb.DocType("Ficha")
	meta = frappe.get_meta("Ficha")
	columns = used_columns() if columns is None else columns
	aggs = [
		Count(ficha[c])
		if meta.get_field(c).fieldtype in ("Data", "Select", "Link", "Small Text")
		else Sum(ficha[c])
		for c in columns
	]
	return (
		frappe.qb.from_(ficha)
		.select(ficha.periodo, ficha.conglomerado, ficha.nivel, Count("*"), *aggs)
		.where(ficha.periodo.isin(periodos))
		.where(ficha.workflow_state == "Aprobada")
		.groupby(ficha.periodo, ficha.conglomerado, ficha.nivel)
	).run()


def _times(fn, repeat: int) -> list[float]:
	times = []
	for _ in range(repeat):
		t0 = time.perf_counter()
		fn()
		times.append(time.perf_counter() - t0)
	return times


def run(
	firms: int = 20000,
	networks: int = 2000,
	periods: int = 6,
	repeat: int = 5,
	cleanup_after: bool = False,
	pushdown: bool = True,
) -> dict:
	"""Fill the site (if not filled yet), then time the report and the SQL pass; print the figures.

	Each timing runs ``repeat`` times, alternating report and SQL pass; min and median are shown.
	``pushdown=False`` times the all-Python path of the report, for comparison.
	"""
	import os
	import statistics

	from redes_smevir.redes_smevir.report.marco_lógico import marco_lógico as report
	from redes_smevir.services import marco_logico

	frappe.set_user("Administrator")
	t0 = time.perf_counter()
	filled = fill(firms, networks, periods)
	fill_time = time.perf_counter() - t0
	names = period_names(periods)
	count = frappe.db.count("Ficha", {"periodo": ("in", names), "workflow_state": "Aprobada"})
	columns = used_columns()
	report_rows: list = []

	def run_report():
		if pushdown:
			report_rows[:] = report.execute({"periodo": names})[1]
		else:
			report_rows[:] = marco_logico.marco_logico(periodos=names, pushdown=False).rows

	sql_pass(names, columns)  # warm caches (meta, buffer pool) before timing either side
	run_report()
	rep, sql = [], []
	for _ in range(repeat):
		rep += _times(run_report, 1)
		sql += _times(lambda: sql_pass(names, columns), 1)
	rep_min, rep_med = min(rep), statistics.median(rep)
	sql_min, sql_med = min(sql), statistics.median(sql)
	result = {
		"firms": firms,
		"networks": networks,
		"periods": periods,
		"approved_fichas": count,
		"indicators": frappe.db.count("Indicador", {"activo": 1}),
		"columns_aggregated": len(columns),
		"fill_seconds": round(fill_time, 2),
		"filled": filled,
		"pushdown": pushdown,
		"report_rows": len(report_rows),
		"repeat": repeat,
		"report_seconds_min": round(rep_min, 3),
		"report_seconds_median": round(rep_med, 3),
		"sql_seconds_min": round(sql_min, 3),
		"sql_seconds_median": round(sql_med, 3),
		"ratio_min": round(rep_min / sql_min, 2) if sql_min else None,
		"ratio_median": round(rep_med / sql_med, 2) if sql_med else None,
		"load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
	}
	print("Marco Lógico benchmark")
	for k, v in result.items():
		print(f"  {k:<22} {v}")
	if cleanup_after:
		cleanup()
	return result


def cleanup() -> None:
	"""Delete every BENCH- record."""
	like = f"{PREFIX}%"
	for doctype, column in (
		("Ficha", "name"),
		("Red Miembro", "name"),
		("Empresa", "name"),
		("Red", "name"),
		("Periodo", "name"),
		("Conglomerado", "name"),
	):
		frappe.db.delete(doctype, {column: ("like", like)})
	frappe.db.commit()  # nosemgrep: benchmark cleanup on a throw-away site
	print("BENCH- records deleted")
