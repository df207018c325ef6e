"""Benchmark: upload of N Empresa fichas through «Carga de Fichas» vs Frappe's own Data Import.

Run ONLY on a throw-away site (it creates 5,000 firms and 10,000 fichas and commits):

    fb new-site bench5.localhost --db-root-password admin --admin-password admin --install-app redes_smevir
    fb --site bench5.localhost execute redes_smevir.benchmark.excel_upload.run --kwargs "{'rows': 5000}"
    fb drop-site bench5.localhost --db-root-password admin --force

Both paths insert the same number of new Borrador fichas with the same values, as the same
Administrador SMEVIR user, through Ficha.insert (so the controller validation runs in both):
- Excel: template download (openpyxl), then validation of the whole file and the write in one
  transaction (``services.excel_fichas.run_carga``, the function the background job runs).
- Data Import: a CSV in Data Import's column format run by
  ``frappe.core.doctype.data_import.data_import.import_file`` (commits after every row).
"""

from __future__ import annotations

import csv
import os
import tempfile
import time
from io import BytesIO

import frappe
from frappe.utils import add_days, nowdate
from openpyxl import load_workbook

from redes_smevir.domain import excel_template as tpl
from redes_smevir.domain import ruc as ruc_rules
from redes_smevir.services import excel_fichas
from redes_smevir.services.roles import ADMINISTRADOR

PREFIX = "BXL"
USER = "bench.admin@smevir.test"
CONGLOMERADO = f"{PREFIX} Conglomerado"
PERIODO_EXCEL = f"{PREFIX} Periodo Excel"
PERIODO_IMPORT = f"{PREFIX} Periodo Data Import"


def _values(i: int) -> dict:
	return {
		"ventas_brutas": 50_000 + (i * 37) % 900_000,
		"trabajadores": 3 + i % 40,
		"agrego_valor": i % 2,
		"innovo_procesos": (i // 2) % 2,
		"diagnostico_individual": 1,
		"plan_mejora_individual": int(i % 3 == 0),
		"eventos_comerciales": i % 5,
		"nuevos_clientes": i % 11,
	}


def _ensure_world(rows: int, networks: int) -> list[str]:
	"""User, conglomerado, periods, networks and firms (bulk-inserted); returns the firm names."""
	if not frappe.db.exists("User", USER):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": USER,
				"first_name": "Bench",
				"send_welcome_email": 0,
				"roles": [{"role": ADMINISTRADOR}],
			}
		)
		user.flags.ignore_password_policy = True
		frappe.flags.in_import = True  # the surface benchmark's bulk users would trip Frappe's throttle
		try:
			user.insert(ignore_permissions=True)
		finally:
			frappe.flags.in_import = False
	if not frappe.db.exists("Conglomerado", CONGLOMERADO):
		frappe.get_doc({"doctype": "Conglomerado", "nombre_conglomerado": CONGLOMERADO}).insert(
			ignore_permissions=True
		)
	for periodo in (PERIODO_EXCEL, PERIODO_IMPORT):
		if not frappe.db.exists("Periodo", periodo):
			frappe.get_doc(
				{
					"doctype": "Periodo",
					"nombre_periodo": periodo,
					"tipo": "Medición Anual",
					"fecha_referencia": add_days(nowdate(), -30),
					"inicio_registro": add_days(nowdate(), -10),
					"fin_registro": add_days(nowdate(), 20),
				}
			).insert(ignore_permissions=True)
	per_network = -(-rows // networks)
	redes = []
	for n in range(networks):
		red = f"{PREFIX} Red {n + 1:03d}"
		if not frappe.db.exists("Red", red):
			frappe.get_doc(
				{
					"doctype": "Red",
					"nombre_red": red,
					"conglomerado": CONGLOMERADO,
					"estado": "Red activa",
					"fecha_ingreso": "2010-01-01",
				}
			).insert(ignore_permissions=True)
		redes.append(red)
	firms = [f"{PREFIX}-EMP-{i:05d}" for i in range(rows)]
	if not frappe.db.exists("Empresa", firms[-1]):
		now = frappe.utils.now()
		empresa_rows, member_rows = [], []
		for i, name in enumerate(firms):
			red = redes[i // per_network]
			empresa_rows.append(
				(
					name,
					now,
					now,
					USER,
					USER,
					f"Empresa {PREFIX} {i:05d} SAC",
					ruc_rules.make("20", 60_000_000 + i),
					1,
					red,
					"2010-01-01",
					CONGLOMERADO,
					"Activa",
					1,
				)
			)
			member_rows.append(
				(
					frappe.generate_hash(length=12),
					now,
					now,
					USER,
					USER,
					red,
					"Red",
					"miembros",
					i % per_network + 1,
					name,
					f"Empresa {PREFIX} {i:05d} SAC",
					"2010-01-01",
				)
			)
		frappe.db.bulk_insert(
			"Empresa",
			[
				"name",
				"creation",
				"modified",
				"owner",
				"modified_by",
				"razon_social",
				"ruc",
				"formal",
				"red",
				"fecha_ingreso_red",
				"conglomerado",
				"estado",
				"es_pequena_empresa",
			],
			empresa_rows,
		)
		frappe.db.bulk_insert(
			"Red Miembro",
			[
				"name",
				"creation",
				"modified",
				"owner",
				"modified_by",
				"parent",
				"parenttype",
				"parentfield",
				"idx",
				"empresa",
				"razon_social",
				"fecha_ingreso",
			],
			member_rows,
		)
	frappe.db.commit()  # nosemgrep: benchmark on a throw-away site
	return firms


def _fill_template(content: bytes) -> bytes:
	wb = load_workbook(BytesIO(content))
	meta = tpl.read_meta(wb[tpl.META_SHEET].iter_rows(values_only=True))
	cols = {f: i for i, f in enumerate(meta.columns, start=1)}
	specs = {s.fieldname: s for s in excel_fichas.column_specs(meta.nivel)}
	ws = wb[tpl.DATA_SHEET]
	for r in range(2, ws.max_row + 1):
		index = int(str(ws.cell(row=r, column=cols["empresa"]).value).rsplit("-", 1)[1])
		for fieldname, value in _values(index).items():
			ws.cell(row=r, column=cols[fieldname], value=tpl.cell_value(specs[fieldname], value))
	out = BytesIO()
	wb.save(out)
	return out.getvalue()


def _excel_path(rows: int) -> dict:
	t0 = time.perf_counter()
	_, content = excel_fichas.build_template(PERIODO_EXCEL, "Empresa", conglomerado=CONGLOMERADO)
	t_download = time.perf_counter() - t0
	filled = _fill_template(content)
	file = frappe.get_doc(
		{"doctype": "File", "file_name": "bench-fichas.xlsx", "content": filled, "is_private": 1}
	).insert()
	carga = frappe.get_doc({"doctype": "Carga de Fichas", "archivo": file.file_url}).insert()
	frappe.db.commit()  # nosemgrep
	t0 = time.perf_counter()
	excel_fichas.run_carga(carga.name, validate_only=True)
	t_validate = time.perf_counter() - t0
	t0 = time.perf_counter()
	result = excel_fichas.run_carga(carga.name)
	frappe.db.commit()  # nosemgrep
	t_upload = time.perf_counter() - t0
	return {
		"download_s": round(t_download, 1),
		"validate_only_s": round(t_validate, 1),
		"upload_s": round(t_upload, 1),
		"result": result,
		"fichas": frappe.db.count("Ficha", {"periodo": PERIODO_EXCEL}),
	}


def _data_import_path(firms: list[str]) -> dict:
	from frappe.core.doctype.data_import.data_import import import_file

	fields = list(_values(0))
	path = os.path.join(tempfile.mkdtemp(), "fichas_data_import.csv")
	firm_network = dict(
		frappe.get_all("Empresa", filters={"name": ("in", firms)}, fields=["name", "red"], as_list=True)
	)
	with open(path, "w", newline="", encoding="utf-8") as f:
		writer = csv.writer(f)
		writer.writerow(["nivel", "periodo", "empresa", "red", "conglomerado", *fields])
		for i, firm in enumerate(firms):
			values = _values(i)
			writer.writerow(
				[
					"Empresa",
					PERIODO_IMPORT,
					firm,
					firm_network[firm],
					CONGLOMERADO,
					*[values[k] for k in fields],
				]
			)
	with open(path, "rb") as f:
		file = frappe.get_doc(
			{"doctype": "File", "file_name": "fichas_data_import.csv", "content": f.read(), "is_private": 1}
		).insert()
	frappe.db.commit()  # nosemgrep
	t0 = time.perf_counter()
	import_file("Ficha", file.file_url, "Insert", console=False)
	frappe.db.commit()  # nosemgrep
	elapsed = time.perf_counter() - t0
	return {"import_s": round(elapsed, 1), "fichas": frappe.db.count("Ficha", {"periodo": PERIODO_IMPORT})}


def run(rows: int = 5000, networks: int = 50, paths: str = "excel,import") -> dict:
	if not frappe.local.site.startswith("bench"):
		frappe.throw("Benchmark only on a throw-away site (bench*.localhost).")
	frappe.set_user("Administrator")
	firms = _ensure_world(rows, networks)
	frappe.set_user(USER)
	excel = data_import = None
	if "excel" in paths:
		excel = _excel_path(rows)
		print(f"Carga de Fichas ({rows} filas): {excel}")
	if "import" in paths:
		data_import = _data_import_path(firms)
		print(f"Data Import de Frappe ({rows} filas): {data_import}")
	frappe.set_user("Administrator")
	return {"rows": rows, "excel": excel, "data_import": data_import}
