"""Excel round trip of fichas: template download, all-or-nothing upload through Carga de Fichas."""

from __future__ import annotations

from io import BytesIO
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from openpyxl import Workbook, load_workbook

from redes_smevir.api import excel as api
from redes_smevir.domain import excel_template as tpl
from redes_smevir.services import excel_fichas, ficha_fields, fichas, fichas_bulk
from redes_smevir.tests import factories as f

EMPRESA_VALUES = {
	"ventas_brutas": 185000.5,
	"trabajadores": 12,
	"agrego_valor": "Sí",
	"como_agrego_valor": "Bordado y empaque propio",
	"innovo_procesos": "No",
	"eventos_comerciales": 3,
	"diagnostico_individual": "Sí",
}


def download(user: str, periodo: str, **kw) -> bytes:
	frappe.set_user(user)
	try:
		api.download_template(periodo, **kw)
		return frappe.response.pop("filecontent")
	finally:
		frappe.response.pop("filename", None)
		frappe.response.pop("type", None)
		frappe.set_user("Administrator")


def columns(wb) -> dict[str, int]:
	"""fieldname -> 1-based column of the data sheet, read from the hidden sheet."""
	meta = tpl.read_meta(wb[tpl.META_SHEET].iter_rows(values_only=True))
	return {fieldname: i for i, fieldname in enumerate(meta.columns, start=1)}


def sheet_rows(content: bytes) -> dict[str, dict]:
	"""Rows of the data sheet keyed by subject (first column), values keyed by fieldname."""
	wb = load_workbook(BytesIO(content))
	cols = columns(wb)
	ws = wb[tpl.DATA_SHEET]
	out = {}
	for r in range(2, ws.max_row + 1):
		values = {fieldname: ws.cell(row=r, column=c).value for fieldname, c in cols.items()}
		out[values[next(iter(cols))]] = values
	return out


def edit(content: bytes, fill: dict[str, dict] | None = None, change=None) -> bytes:
	"""Type ``fill`` values (by subject and fieldname) into the template; ``change(wb, cols)`` for more."""
	wb = load_workbook(BytesIO(content))
	cols = columns(wb)
	ws = wb[tpl.DATA_SHEET]
	for r in range(2, ws.max_row + 1):
		subject = ws.cell(row=r, column=1).value
		for fieldname, value in (fill or {}).get(subject, {}).items():
			ws.cell(row=r, column=cols[fieldname], value=value)
	if change:
		change(wb, cols)
	out = BytesIO()
	wb.save(out)
	return out.getvalue()


def upload(user: str, content: bytes, enviar: bool = False, filename: str = "fichas.xlsx"):
	"""Attach ``content`` to a new Carga de Fichas as ``user`` and run it (synchronously in tests)."""
	frappe.set_user(user)
	try:
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{frappe.generate_hash(length=8)}-{filename}",
				"content": content,
				"is_private": 1,
			}
		).insert()
		carga = frappe.get_doc(
			{"doctype": "Carga de Fichas", "archivo": file.file_url, "enviar": 1 if enviar else 0}
		).insert()
		carga.cargar()
		return frappe.get_doc("Carga de Fichas", carga.name)
	finally:
		frappe.set_user("Administrator")


def ficha_count() -> int:
	return frappe.db.count("Ficha")


class TestExcelFichas(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = f.basic_world()
		cls.abierto = f.make_periodo("XL Abierto")
		cls.cerrado = f.make_periodo("XL Cerrado", abierto=False)

	def setUp(self):
		frappe.db.savepoint("excel_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="excel_test")

	def messages(self, carga) -> str:
		return "\n".join(e.mensaje for e in carga.errores)

	def assert_refused(
		self, content: bytes, *expected: str, user: str | None = None, filename: str = "f.xlsx"
	):
		before = ficha_count()
		modified = frappe.db.get_all("Ficha", fields=["name", "modified"], order_by="name")
		carga = upload(user or self.w.ger_a1, content, filename=filename)
		self.assertEqual(carga.estado, "Con errores")
		for text in expected:
			self.assertIn(text, self.messages(carga))
		self.assertEqual(ficha_count(), before, "no ficha may be created")
		self.assertEqual(frappe.db.get_all("Ficha", fields=["name", "modified"], order_by="name"), modified)
		self.assertEqual((carga.creadas, carga.actualizadas), (0, 0))
		return carga

	def test_a_carga_whose_job_died_leaves_en_proceso_with_a_retry(self):
		from redes_smevir.services import excel_fichas

		carga = frappe.get_doc(
			{"doctype": "Carga de Fichas", "periodo": self.abierto, "nivel": "Empresa", "red": self.w.red_a1}
		).insert(ignore_permissions=True)
		carga.db_set("estado", "En proceso")
		excel_fichas.beat(carga.name)  # the job is alive: the form keeps waiting
		frappe.set_user(self.w.ger_a1)
		doc = frappe.get_doc("Carga de Fichas", carga.name)
		doc.run_method("onload")
		self.assertEqual(doc.estado, "En proceso")
		frappe.cache.delete_value(excel_fichas._heartbeat_key(carga.name))  # the worker was killed
		doc = frappe.get_doc("Carga de Fichas", carga.name)
		doc.run_method("onload")
		self.assertEqual(doc.estado, "Con errores")
		self.assertIn("Pulse Cargar para intentarlo de nuevo", self.messages(doc))
		self.assertEqual(frappe.db.get_value("Carga de Fichas", carga.name, "estado"), "Con errores")
		frappe.set_user("Administrator")
		carga2 = frappe.get_doc("Carga de Fichas", carga.name)
		carga2.db_set("estado", "En proceso")
		self.assertEqual(excel_fichas.release_dead_cargas(), 1)  # the scheduled sweep does the same

	# --- download ------------------------------------------------------------------------------

	def test_template_lists_the_network_members_with_identifiers(self):
		content = download(self.w.ger_a1, self.abierto, red=self.w.red_a1)
		wb = load_workbook(BytesIO(content))
		ws = wb[tpl.DATA_SHEET]
		headers = [c.value for c in ws[1]]
		self.assertEqual(headers[:4], ["Código de empresa", "RUC", "Razón social", "Red"])
		self.assertIn("Ventas brutas anuales (PEN)", headers)
		self.assertIn("Agregó valor a sus productos o servicios (Sí/No)", headers)
		self.assertEqual(wb[tpl.META_SHEET].sheet_state, "veryHidden")
		self.assertTrue(ws.protection.sheet)
		rows = sheet_rows(content)
		self.assertEqual(set(rows), set(self.w.emp_a1))
		emp = frappe.get_doc("Empresa", self.w.emp_a1[0])
		self.assertEqual(rows[emp.name]["ruc"], emp.ruc)
		self.assertEqual(rows[emp.name]["red"], self.w.red_a1)

	def test_template_includes_custom_fields_of_the_level(self):
		with patch.object(ficha_fields, "variables_for_level", wraps=ficha_fields.variables_for_level) as spy:
			specs = excel_fichas.column_specs("Empresa")
		spy.assert_called_with("Empresa")
		self.assertEqual(
			[s.fieldname for s in specs if not s.identifier],
			[
				df.fieldname
				for df in ficha_fields.variables_for_level("Empresa")
				if tpl.FIELDTYPE_KINDS.get(df.fieldtype)
			],
		)

	def test_gerente_cannot_download_another_network_or_a_conglomerado(self):
		with self.assertRaises(frappe.PermissionError):
			download(self.w.ger_a1, self.abierto, red=self.w.red_a2)
		with self.assertRaises(frappe.PermissionError):
			download(self.w.ger_a1, self.abierto, conglomerado=self.w.cong_a)
		with self.assertRaises(frappe.PermissionError):
			download(self.w.coord_b, self.abierto, conglomerado=self.w.cong_a, nivel="Red")

	# --- round trip ----------------------------------------------------------------------------

	def test_round_trip_gives_back_the_same_values(self):
		content = download(self.w.ger_a1, self.abierto, red=self.w.red_a1)
		second = {**EMPRESA_VALUES, "ventas_brutas": 99000, "agrego_valor": "No", "como_agrego_valor": None}
		filled = edit(content, {self.w.emp_a1[0]: EMPRESA_VALUES, self.w.emp_a1[1]: second})
		before = ficha_count()
		carga = upload(self.w.ger_a1, filled)
		self.assertEqual(carga.estado, "Completada", self.messages(carga))
		self.assertEqual((carga.creadas, carga.actualizadas, carga.sin_cambios), (2, 0, 0))
		self.assertEqual(ficha_count(), before + 2)
		ficha = frappe.get_doc("Ficha", {"empresa": self.w.emp_a1[0], "periodo": self.abierto})
		self.assertEqual(
			(ficha.workflow_state, ficha.ventas_brutas, ficha.agrego_valor), ("Borrador", 185000.5, 1)
		)
		self.assertEqual(ficha.red, self.w.red_a1)

		again = sheet_rows(download(self.w.ger_a1, self.abierto, red=self.w.red_a1))
		for subject, values in ((self.w.emp_a1[0], EMPRESA_VALUES), (self.w.emp_a1[1], second)):
			for fieldname, value in values.items():
				self.assertEqual(again[subject][fieldname], value, fieldname)

		# The downloaded file uploaded as is changes nothing.
		carga = upload(self.w.ger_a1, download(self.w.ger_a1, self.abierto, red=self.w.red_a1))
		self.assertEqual(
			(carga.estado, carga.creadas, carga.actualizadas, carga.sin_cambios), ("Completada", 0, 0, 2)
		)

		# One changed cell updates one ficha.
		changed = edit(
			download(self.w.ger_a1, self.abierto, red=self.w.red_a1), {self.w.emp_a1[1]: {"trabajadores": 30}}
		)
		carga = upload(self.w.ger_a1, changed)
		self.assertEqual((carga.creadas, carga.actualizadas, carga.sin_cambios), (0, 1, 1))
		self.assertEqual(
			frappe.db.get_value(
				"Ficha", {"empresa": self.w.emp_a1[1], "periodo": self.abierto}, "trabajadores"
			),
			30,
		)

	def test_validate_writes_nothing_and_a_completed_upload_cannot_run_twice(self):
		content = download(self.w.ger_a1, self.abierto, red=self.w.red_a1)
		filled = edit(content, {self.w.emp_a1[0]: EMPRESA_VALUES})
		frappe.set_user(self.w.ger_a1)
		file = frappe.get_doc(
			{"doctype": "File", "file_name": "valida.xlsx", "content": filled, "is_private": 1}
		).insert()
		carga = frappe.get_doc({"doctype": "Carga de Fichas", "archivo": file.file_url}).insert()
		before = ficha_count()
		result = carga.validar()
		carga.reload()
		self.assertEqual(
			(result["estado"], carga.validado, carga.filas, carga.omitidas), ("Pendiente", 1, 1, 1)
		)
		self.assertEqual((carga.periodo, carga.nivel, carga.red), (self.abierto, "Empresa", self.w.red_a1))
		self.assertEqual(ficha_count(), before)
		carga.cargar()
		carga.reload()
		self.assertEqual((carga.estado, carga.creadas), ("Completada", 1))
		with self.assertRaises(frappe.ValidationError):
			carga.cargar()
		self.assertEqual(ficha_count(), before + 1)

	def test_rows_without_values_are_skipped(self):
		content = download(self.w.ger_a2, self.abierto, red=self.w.red_a2)
		carga = upload(self.w.ger_a2, edit(content, {self.w.emp_a2[0]: EMPRESA_VALUES}))
		self.assertEqual((carga.estado, carga.creadas, carga.omitidas), ("Completada", 1, 1))
		self.assertFalse(frappe.db.exists("Ficha", {"empresa": self.w.emp_a2[1], "periodo": self.abierto}))

	def test_send_after_upload(self):
		content = download(self.w.ger_b1, self.abierto, red=self.w.red_b1)
		fill = {e: EMPRESA_VALUES for e in self.w.emp_b1}
		carga = upload(self.w.ger_b1, edit(content, fill), enviar=True)
		self.assertEqual(carga.estado, "Completada", self.messages(carga))
		self.assertEqual((carga.creadas, carga.enviadas), (2, 2))
		states = frappe.get_all(
			"Ficha", filters={"periodo": self.abierto, "red": self.w.red_b1}, pluck="workflow_state"
		)
		self.assertEqual(states, ["Enviada", "Enviada"])

	def test_red_level_by_the_coordinator(self):
		content = download(self.w.coord_a, self.abierto, conglomerado=self.w.cong_a, nivel="Red")
		rows = sheet_rows(content)
		self.assertEqual(set(rows), {self.w.red_a1, self.w.red_a2})
		values = {"fase_alcanzada": "4. Proyecto piloto", "plan_mejora_red": "Sí", "proyecto_piloto": "Sí"}
		carga = upload(self.w.coord_a, edit(content, {self.w.red_a1: values, self.w.red_a2: values}))
		self.assertEqual(
			(carga.estado, carga.nivel, carga.creadas), ("Completada", "Red", 2), self.messages(carga)
		)
		again = sheet_rows(download(self.w.coord_a, self.abierto, conglomerado=self.w.cong_a, nivel="Red"))
		self.assertEqual(again[self.w.red_a1]["fase_alcanzada"], "4. Proyecto piloto")

	def test_a_ficha_en_correccion_may_change(self):
		name = fichas.insert_historical(
			{"nivel": "Empresa", "periodo": self.abierto, "empresa": self.w.emp_a1[0], "ventas_brutas": 10},
			"En Corrección",
		).name
		content = download(self.w.ger_a1, self.abierto, red=self.w.red_a1)
		carga = upload(self.w.ger_a1, edit(content, {self.w.emp_a1[0]: {"ventas_brutas": 20}}))
		self.assertEqual((carga.estado, carga.actualizadas), ("Completada", 1), self.messages(carga))
		self.assertEqual(frappe.db.get_value("Ficha", name, "ventas_brutas"), 20)

	# --- broken files: a clear message, nothing written ------------------------------------------

	def good_file(self) -> bytes:
		content = download(self.w.ger_a1, self.abierto, red=self.w.red_a1)
		return edit(content, {self.w.emp_a1[0]: EMPRESA_VALUES})

	def test_wrong_template(self):
		wb = Workbook()
		wb.active.append(["RUC", "Ventas"])
		wb.active.append(["20100070970", 100])
		out = BytesIO()
		wb.save(out)
		self.assert_refused(out.getvalue(), "no es una plantilla de fichas SMEVIR")

	def test_old_template_version(self):
		def old(wb, cols):
			for row in wb[tpl.META_SHEET].iter_rows():
				if row[0].value == "version":
					row[1].value = "0"

		self.assert_refused(edit(self.good_file(), change=old), "versión 0")

	def test_missing_column(self):
		def drop(wb, cols):
			wb[tpl.DATA_SHEET].delete_cols(cols["trabajadores"])

		self.assert_refused(edit(self.good_file(), change=drop), "Falta la columna «Número de trabajadores")

	def test_text_in_a_money_cell_refuses_the_whole_file(self):
		content = edit(self.good_file(), {self.w.emp_a1[1]: {**EMPRESA_VALUES, "ventas_brutas": "mil soles"}})
		carga = self.assert_refused(content, "«mil soles» no es un monto válido")
		error = next(e for e in carga.errores if "mil soles" in e.mensaje)
		self.assertEqual(error.columna, "Ventas brutas anuales (PEN)")
		self.assertIn(error.fila, (2, 3))

	def test_ruc_of_another_network(self):
		other = frappe.get_doc("Empresa", self.w.emp_a2[0])

		def add_row(wb, cols):
			ws = wb[tpl.DATA_SHEET]
			r = ws.max_row + 1
			ws.cell(row=r, column=cols["ruc"], value=other.ruc)
			ws.cell(row=r, column=cols["ventas_brutas"], value=5000)

		carga = self.assert_refused(
			edit(self.good_file(), change=add_row), f"no es miembro de {self.w.red_a1}"
		)
		self.assertEqual(carga.errores[0].columna, "RUC")
		# a Gerente learns nothing about the competitor's network from the error
		self.assertNotIn(self.w.red_a2, self.messages(carga))

	def test_file_of_a_network_outside_the_scope(self):
		content = download(self.w.ger_a2, self.abierto, red=self.w.red_a2)
		filled = edit(content, {self.w.emp_a2[0]: EMPRESA_VALUES})
		self.assert_refused(filled, "no está a su cargo", user=self.w.ger_a1)

	def test_closed_period(self):
		content = download(self.w.ger_a1, self.cerrado, red=self.w.red_a1)
		filled = edit(content, {self.w.emp_a1[0]: EMPRESA_VALUES})
		self.assert_refused(filled, "ya cerró")

	def test_approved_ficha_does_not_change(self):
		fichas.insert_historical(
			{"nivel": "Empresa", "periodo": self.abierto, "empresa": self.w.emp_a1[1], "ventas_brutas": 777},
			"Aprobada",
		)
		content = download(self.w.ger_a1, self.abierto, red=self.w.red_a1)
		self.assertEqual(sheet_rows(content)[self.w.emp_a1[1]]["ventas_brutas"], 777)
		filled = edit(content, {self.w.emp_a1[0]: EMPRESA_VALUES, self.w.emp_a1[1]: {"ventas_brutas": 800}})
		self.assert_refused(filled, "La ficha está Aprobada")
		self.assertEqual(
			frappe.db.get_value(
				"Ficha", {"empresa": self.w.emp_a1[1], "periodo": self.abierto}, "ventas_brutas"
			),
			777,
		)

	def test_duplicated_row(self):
		def duplicate(wb, cols):
			ws = wb[tpl.DATA_SHEET]
			ws.append([c.value for c in ws[2]])

		carga = self.assert_refused(
			edit(self.good_file(), change=duplicate), "está repetida: ya figura en la fila 2"
		)
		self.assertEqual(carga.errores[0].fila, 4)

	def test_empty_template_and_empty_workbook(self):
		content = download(self.w.ger_a1, self.abierto, red=self.w.red_a1)
		self.assert_refused(content, "La plantilla no tiene valores")

		def wipe(wb, cols):
			ws = wb[tpl.DATA_SHEET]
			ws.delete_rows(1, ws.max_row)

		self.assert_refused(edit(content, change=wipe), "El archivo está vacío")

	def test_not_an_excel_file(self):
		self.assert_refused(
			b"RUC;ventas\n20100070970;100\n", "no es un libro de Excel", filename="fichas.csv"
		)

	def test_failure_while_writing_rolls_back_every_ficha(self):
		content = download(self.w.ger_a1, self.abierto, red=self.w.red_a1)
		filled = edit(content, {e: EMPRESA_VALUES for e in self.w.emp_a1})
		real = fichas_bulk._workflow_actions
		calls = []

		def flaky(*args, **kwargs):
			real(*args, **kwargs)  # the fichas and their versions are written by now
			calls.append(1)
			frappe.throw("Falla simulada")

		before = ficha_count()
		versions = frappe.db.count("Version", {"ref_doctype": "Ficha"})
		with patch.object(fichas_bulk, "_workflow_actions", flaky):
			carga = upload(self.w.ger_a1, filled)
		self.assertEqual(len(calls), 1)
		self.assertEqual(carga.estado, "Con errores")
		self.assertIn("No se guardó ninguna ficha", self.messages(carga))
		self.assertIn("Falla simulada", self.messages(carga))
		self.assertEqual(ficha_count(), before)
		self.assertEqual(frappe.db.count("Version", {"ref_doctype": "Ficha"}), versions)

	def test_failure_while_saving_documents_rolls_back_every_ficha(self):
		"""Where something else listens to Ficha documents each ficha is saved as one: all or nothing too."""
		content = download(self.w.ger_a1, self.abierto, red=self.w.red_a1)
		filled = edit(content, {e: EMPRESA_VALUES for e in self.w.emp_a1})
		real_write = excel_fichas._write_row
		calls = []

		def flaky(meta, row):
			calls.append(row.row)
			if len(calls) == 2:
				frappe.throw("Falla simulada")
			return real_write(meta, row)

		before = ficha_count()
		with (
			patch.object(fichas_bulk, "needs_documents", return_value=True),
			patch.object(excel_fichas, "_write_row", flaky),
		):
			carga = upload(self.w.ger_a1, filled)
		self.assertEqual(len(calls), 2)
		self.assertEqual(carga.estado, "Con errores")
		self.assertIn("No se guardó ninguna ficha", self.messages(carga))
		self.assertIn("Falla simulada", self.messages(carga))
		self.assertEqual(ficha_count(), before)

	def test_set_wise_upload_stores_what_the_form_path_stores(self):
		"""Ficha columns, Version, «Workflow» comment, Workflow Action and the approvers' notification."""
		a, b = self.w.emp_b1
		content = download(self.w.ger_b1, self.abierto, red=self.w.red_b1)
		frappe.db.delete("Notification Log", {"for_user": self.w.coord_b})
		bulk = upload(self.w.ger_b1, edit(content, {a: EMPRESA_VALUES}), enviar=True)
		with patch.object(fichas_bulk, "needs_documents", return_value=True):
			docs = upload(self.w.ger_b1, edit(content, {b: EMPRESA_VALUES}), enviar=True)
		self.assertEqual(
			(bulk.estado, bulk.creadas, bulk.enviadas), ("Completada", 1, 1), self.messages(bulk)
		)
		self.assertEqual(
			(docs.estado, docs.creadas, docs.enviadas), ("Completada", 1, 1), self.messages(docs)
		)
		fa = frappe.get_doc("Ficha", {"empresa": a, "periodo": self.abierto})
		fb = frappe.get_doc("Ficha", {"empresa": b, "periodo": self.abierto})
		own = {
			"name",
			"creation",
			"modified",
			"empresa",
			"razon_social",
			"titulo",
			"clave_unica",
			"fecha_envio",
		}
		fields = [c for c in frappe.get_meta("Ficha").get_valid_columns() if c not in own and c[0] != "_"]
		self.assertEqual({k: fa.get(k) for k in fields}, {k: fb.get(k) for k in fields})
		self.assertEqual(fa.titulo, fichas.make_title(fa))
		self.assertEqual(fa.clave_unica, fichas.unique_key("Empresa", a, self.abierto))
		self.assertEqual((fa.workflow_state, fa.enviado_por), ("Enviada", self.w.ger_b1))
		# the upload is named in the ficha's history
		data = frappe.parse_json(
			frappe.db.get_value("Version", {"ref_doctype": "Ficha", "docname": fa.name}, "data")
		)
		self.assertEqual(data["updater_reference"]["docname"], bulk.name)
		for ficha in (fa, fb):
			self.assertEqual(
				frappe.get_all(
					"Comment",
					filters={
						"reference_doctype": "Ficha",
						"reference_name": ficha.name,
						"comment_type": "Workflow",
					},
					pluck="content",
				),
				["Enviada"],
			)
		actions = {}
		for ficha in (fa, fb):
			wa = frappe.get_all(
				"Workflow Action",
				filters={"reference_doctype": "Ficha", "reference_name": ficha.name, "status": "Open"},
				fields=["name", "workflow_state"],
			)
			self.assertEqual([w.workflow_state for w in wa], ["Enviada"])
			actions[ficha.name] = sorted(
				frappe.get_all("Workflow Action Permitted Role", filters={"parent": wa[0].name}, pluck="role")
			)
		self.assertEqual(actions[fa.name], actions[fb.name])
		self.assertIn("Coordinador UO", actions[fa.name])
		# the coordinator of the conglomerado hears of both uploads
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.w.coord_b, "document_name": self.abierto})
		)

	def test_a_ficha_that_changed_state_meanwhile_stops_the_whole_upload(self):
		name = fichas.insert_historical(
			{"nivel": "Empresa", "periodo": self.abierto, "empresa": self.w.emp_a1[0], "ventas_brutas": 10},
			"Borrador",
		).name
		content = download(self.w.ger_a1, self.abierto, red=self.w.red_a1)
		filled = edit(content, {e: {"ventas_brutas": 20} for e in self.w.emp_a1})
		real = excel_fichas.plan_upload

		def approved_meanwhile(*args, **kwargs):
			plan = real(*args, **kwargs)
			frappe.db.set_value("Ficha", name, "workflow_state", "Aprobada")
			return plan

		before = ficha_count()
		with patch.object(excel_fichas, "plan_upload", approved_meanwhile):
			carga = upload(self.w.ger_a1, filled)
		self.assertEqual(carga.estado, "Con errores")
		self.assertIn("cambió de estado", self.messages(carga))
		self.assertEqual(ficha_count(), before)
		self.assertEqual(frappe.db.get_value("Ficha", name, "ventas_brutas"), 10)
