"""Layout rules of the Excel template for offline collection of fichas (pure Python).

A template is one workbook with a data sheet (one row per subject: firm or network) and a
hidden sheet that identifies the template: kind, version, period, level, network or
conglomerado, and the fieldnames of its columns. This module decides the columns, the
Spanish header texts with units, the cell validation rules and how a typed-in cell becomes a
typed value (or a Spanish error). It knows nothing about Frappe or openpyxl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

TEMPLATE_KIND = "SMEVIR-FICHAS"
TEMPLATE_VERSION = "1"
DATA_SHEET = "Fichas"
META_SHEET = "plantilla"
LISTS_SHEET = "listas"

YES, NO = "Sí", "No"
_YES_WORDS = {"si", "sí", "s", "x", "1", "true", "verdadero", "yes", "y"}
_NO_WORDS = {"no", "n", "0", "false", "falso"}

# Kinds of variable columns and the Frappe fieldtypes that map to them.
CHECK, INT, MONEY, NUMBER, PERCENT, SELECT, TEXT, DATE, LINK = (
	"check",
	"int",
	"money",
	"number",
	"percent",
	"select",
	"text",
	"date",
	"link",
)
FIELDTYPE_KINDS = {
	"Check": CHECK,
	"Int": INT,
	"Currency": MONEY,
	"Float": NUMBER,
	"Percent": PERCENT,
	"Select": SELECT,
	"Data": TEXT,
	"Small Text": TEXT,
	"Text": TEXT,
	"Long Text": TEXT,
	"Date": DATE,
	"Link": LINK,
}
LEVELS = ("Empresa", "Red")


class CellError(ValueError):
	"""A cell value cannot be accepted; ``message`` is Spanish and ready for the user."""

	def __init__(self, message: str):
		super().__init__(message)
		self.message = message


@dataclass(frozen=True)
class ColumnSpec:
	"""One column of the data sheet."""

	fieldname: str
	label: str
	kind: str = TEXT
	unit: str = ""
	options: tuple[str, ...] = ()
	non_negative: bool = False
	identifier: bool = False
	width: int = 18

	@property
	def header(self) -> str:
		return header_text(self.label, self.unit)


@dataclass(frozen=True)
class ValidationRule:
	"""An Excel data-validation rule for a column, independent of the library that writes it."""

	type: str  # "list", "whole", "decimal", "date", "textLength"
	operator: str | None = None
	formula1: str | None = None
	list_options: tuple[str, ...] = ()  # for "list" rules whose options live on the lists sheet
	error: str = ""
	prompt: str = ""


@dataclass(frozen=True)
class TemplateMeta:
	"""What the hidden sheet records about a template."""

	periodo: str
	nivel: str
	red: str = ""
	conglomerado: str = ""
	version: str = TEMPLATE_VERSION
	kind: str = TEMPLATE_KIND
	columns: tuple[str, ...] = ()  # fieldnames of every column of the data sheet, in order
	headers: tuple[str, ...] = ()  # the header text written for each column


@dataclass
class CellIssue:
	"""One problem found in the file; row 0 / empty column mean the whole file."""

	row: int
	column: str
	value: str
	message: str


@dataclass
class ParsedRow:
	row: int
	identifiers: dict = field(default_factory=dict)
	values: dict = field(default_factory=dict)  # fieldname -> typed value (None = empty cell)

	@property
	def is_empty(self) -> bool:
		return all(v is None for v in self.values.values())


# --- columns and headers -------------------------------------------------------------------------


def header_text(label: str, unit: str = "") -> str:
	"""Header shown in the template: the Spanish label and, if any, its unit in parentheses."""
	label = " ".join((label or "").split())
	return f"{label} ({unit})" if unit else label


def unit_for(kind: str, currency: str = "") -> str:
	return {
		CHECK: f"{YES}/{NO}",
		INT: "número entero",
		MONEY: currency or "monto",
		PERCENT: "%",
		DATE: "dd-mm-aaaa",
	}.get(kind, "")


def variable_column(
	fieldname: str,
	label: str,
	fieldtype: str,
	options: str | Iterable[str] | None = None,
	non_negative: bool = False,
	currency: str = "",
) -> ColumnSpec | None:
	"""Column for a Ficha variable, or None when the fieldtype cannot be typed into a cell."""
	kind = FIELDTYPE_KINDS.get(fieldtype)
	if kind is None:
		return None
	opts: tuple[str, ...] = ()
	if kind == SELECT:
		raw = options.split("\n") if isinstance(options, str) else list(options or [])
		opts = tuple(o.strip() for o in raw if o and o.strip())
	elif kind == LINK:
		opts = (options,) if isinstance(options, str) and options else ()
	width = {CHECK: 12, INT: 14, MONEY: 18, SELECT: 34, TEXT: 30}.get(kind, 18)
	return ColumnSpec(
		fieldname=fieldname,
		label=label or fieldname,
		kind=kind,
		unit=unit_for(kind, currency),
		options=opts,
		non_negative=bool(non_negative) or kind in (INT, MONEY),
		width=max(width, min(len(header_text(label, unit_for(kind, currency))) + 2, 40)),
	)


def identifier_columns(nivel: str) -> list[ColumnSpec]:
	"""Pre-filled, locked columns that say which firm or network a row is about."""
	if nivel == "Empresa":
		return [
			ColumnSpec("empresa", "Código de empresa", identifier=True, width=14),
			ColumnSpec("ruc", "RUC", identifier=True, width=14),
			ColumnSpec("razon_social", "Razón social", identifier=True, width=36),
			ColumnSpec("red", "Red", identifier=True, width=26),
		]
	if nivel == "Red":
		return [
			ColumnSpec("red", "Red", identifier=True, width=30),
			ColumnSpec("conglomerado", "Conglomerado", identifier=True, width=20),
		]
	raise ValueError(f"Nivel sin plantilla Excel: {nivel}")


def subject_field(nivel: str) -> str:
	"""The identifier column that names the subject of a row."""
	return "empresa" if nivel == "Empresa" else "red"


def validation_for(spec: ColumnSpec) -> ValidationRule | None:
	"""The data-validation rule that guides typing in a variable column."""
	if spec.identifier:
		return None
	if spec.kind == CHECK:
		return ValidationRule(
			"list",
			formula1=f'"{YES},{NO}"',
			error=f"Elija {YES} o {NO}.",
			prompt=f"{YES} o {NO}",
		)
	if spec.kind == INT:
		return ValidationRule(
			"whole",
			"greaterThanOrEqual",
			"0",
			error="Escriba un número entero mayor o igual a 0.",
			prompt="Número entero ≥ 0",
		)
	if spec.kind == MONEY:
		return ValidationRule(
			"decimal",
			"greaterThanOrEqual",
			"0",
			error="Escriba un monto mayor o igual a 0, solo con números.",
			prompt=f"Monto ≥ 0 en {spec.unit}",
		)
	if spec.kind in (NUMBER, PERCENT):
		if spec.non_negative:
			return ValidationRule(
				"decimal", "greaterThanOrEqual", "0", error="Escriba un número mayor o igual a 0."
			)
		return ValidationRule("decimal", "between", "-1E+15", error="Escriba un número.")
	if spec.kind == SELECT and spec.options:
		return ValidationRule(
			"list",
			list_options=spec.options,
			error="Elija una opción de la lista.",
			prompt="Elija de la lista",
		)
	if spec.kind == DATE:
		return ValidationRule(
			"date", "greaterThan", "1", error="Escriba una fecha (dd-mm-aaaa).", prompt="Fecha dd-mm-aaaa"
		)
	return None


# --- typed values <-> cells ----------------------------------------------------------------------


def is_blank(value) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def _number(spec: ColumnSpec, value) -> float:
	if isinstance(value, bool):
		raise CellError(f"{spec.label}: «{value}» no es un número.")
	if isinstance(value, int | float):
		return float(value)
	text = str(value).strip()
	text = re.sub(r"^(S/\.?|US\$|\$|PEN|USD)\s*", "", text, flags=re.IGNORECASE).replace(" ", "")
	if spec.kind == PERCENT:
		text = text.rstrip("%")
	if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
		text = text.replace(",", "")
	elif re.fullmatch(r"-?\d+,\d+", text):
		text = text.replace(",", ".")
	try:
		return float(text)
	except ValueError:
		if spec.kind == MONEY:
			raise CellError(
				f"{spec.label}: «{value}» no es un monto válido; escriba solo números (por ejemplo 125000.50)."
			) from None
		raise CellError(f"{spec.label}: «{value}» no es un número válido.") from None


def parse_cell(spec: ColumnSpec, value):
	"""Typed value of a cell for ``spec`` (None for an empty cell) or raise CellError in Spanish."""
	if is_blank(value):
		return None
	if spec.kind == CHECK:
		if isinstance(value, bool):
			return 1 if value else 0
		word = str(value).strip().lower()
		if isinstance(value, int | float) and value in (0, 1):
			return int(value)
		if word in _YES_WORDS:
			return 1
		if word in _NO_WORDS:
			return 0
		raise CellError(f"{spec.label}: «{value}» no es válido; escriba {YES} o {NO}.")
	if spec.kind in (INT, MONEY, NUMBER, PERCENT):
		number = _number(spec, value)
		if spec.non_negative and number < 0:
			raise CellError(f"{spec.label}: {value} no puede ser negativo.")
		if spec.kind == INT:
			if number != int(number):
				raise CellError(f"{spec.label}: {value} debe ser un número entero.")
			return int(number)
		return round(number, 2) if spec.kind == MONEY else number
	if spec.kind == SELECT:
		text = str(value).strip()
		for option in spec.options:
			if option.lower() == text.lower():
				return option
		raise CellError(f"{spec.label}: «{text}» no es una opción válida. Elija una de la lista.")
	if spec.kind == DATE:
		if isinstance(value, datetime):
			return value.date()
		if isinstance(value, date):
			return value
		text = str(value).strip()
		for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
			try:
				return datetime.strptime(text, fmt).date()
			except ValueError:
				continue
		raise CellError(f"{spec.label}: «{text}» no es una fecha válida; use dd-mm-aaaa.")
	if isinstance(value, float) and value == int(value):
		value = int(value)
	return str(value).strip()


def cell_value(spec: ColumnSpec, value):
	"""What the template shows for a stored value (the inverse of ``parse_cell``)."""
	if value is None or value == "":
		return None
	if spec.kind == CHECK:
		return YES if int(value) else NO
	if spec.kind == INT:
		return int(value)
	if spec.kind in (MONEY, NUMBER, PERCENT):
		return float(value)
	return value


def same_value(spec: ColumnSpec, new, old) -> bool:
	"""Whether writing ``new`` over the stored ``old`` changes nothing."""
	if spec.kind in (CHECK, INT):
		return int(new or 0) == int(old or 0)
	if spec.kind in (MONEY, NUMBER, PERCENT):
		return abs(float(new or 0) - float(old or 0)) < 0.005
	if spec.kind == DATE:
		return str(new or "") == str(old or "")[:10]
	return (new or "") == (old or "")


def stored_value(spec: ColumnSpec, value):
	"""Value to store for a parsed cell; empty numbers and checks become 0 as in the form."""
	if value is None:
		return 0 if spec.kind in (CHECK, INT, MONEY, NUMBER, PERCENT) else None
	return value


# --- the hidden sheet ----------------------------------------------------------------------------

META_KEYS = ("plantilla", "version", "periodo", "nivel", "red", "conglomerado")


def meta_rows(meta: TemplateMeta) -> list[tuple[str, str]]:
	"""Key/value rows written to the hidden sheet; columns follow as ``columna`` rows."""
	rows = [
		("plantilla", meta.kind),
		("version", meta.version),
		("periodo", meta.periodo),
		("nivel", meta.nivel),
		("red", meta.red or ""),
		("conglomerado", meta.conglomerado or ""),
	]
	rows += [(f"columna:{f}", h) for f, h in zip(meta.columns, meta.headers, strict=True)]
	return rows


class TemplateError(ValueError):
	"""The file as a whole cannot be read as a template; ``message`` is Spanish."""

	def __init__(self, message: str):
		super().__init__(message)
		self.message = message


WRONG_TEMPLATE = (
	"El archivo no es una plantilla de fichas SMEVIR. Descargue la plantilla desde «Carga de Fichas» "
	"y complétela sin cambiar su estructura."
)


def read_meta(rows: Iterable[tuple]) -> TemplateMeta:
	"""Read the hidden sheet's rows back; raise TemplateError if it is not our template."""
	data: dict[str, str] = {}
	columns: list[str] = []
	headers: list[str] = []
	for row in rows:
		if not row or row[0] is None:
			continue
		key = str(row[0]).strip()
		value = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
		if key.startswith("columna:"):
			columns.append(key.split(":", 1)[1])
			headers.append(value)
		else:
			data[key] = value
	if data.get("plantilla") != TEMPLATE_KIND:
		raise TemplateError(WRONG_TEMPLATE)
	if data.get("version") != TEMPLATE_VERSION:
		raise TemplateError(
			f"La plantilla es de la versión {data.get('version') or '?'} y el sistema usa la versión "
			f"{TEMPLATE_VERSION}. Descargue una plantilla nueva y copie en ella los datos."
		)
	if data.get("nivel") not in LEVELS or not data.get("periodo") or not columns:
		raise TemplateError(WRONG_TEMPLATE)
	return TemplateMeta(
		periodo=data["periodo"],
		nivel=data["nivel"],
		red=data.get("red", ""),
		conglomerado=data.get("conglomerado", ""),
		version=data["version"],
		kind=data["plantilla"],
		columns=tuple(columns),
		headers=tuple(headers),
	)


# --- rows ----------------------------------------------------------------------------------------


def _display(value) -> str:
	if value is None:
		return ""
	if isinstance(value, float) and value == int(value):
		return str(int(value))
	return str(value)


def locate_columns(meta: TemplateMeta, header_row: Iterable) -> tuple[dict[str, int], list[CellIssue]]:
	"""Map each template column to its position in the data sheet by its header text."""
	positions: dict[str, int] = {}
	issues: list[CellIssue] = []
	found = {}
	for index, cell in enumerate(header_row):
		if not is_blank(cell):
			found.setdefault(" ".join(str(cell).split()), index)
	for fieldname, header in zip(meta.columns, meta.headers, strict=True):
		if header in found:
			positions[fieldname] = found.pop(header)
		else:
			issues.append(
				CellIssue(0, header, "", f"Falta la columna «{header}». No borre ni renombre columnas.")
			)
	for header in found:
		issues.append(
			CellIssue(
				0,
				header,
				"",
				f"La columna «{header}» no es de la plantilla. Quítela o use una plantilla nueva.",
			)
		)
	return positions, issues


def parse_rows(
	specs: list[ColumnSpec],
	positions: dict[str, int],
	data_rows: Iterable[tuple],
	first_row: int = 2,
) -> tuple[list[ParsedRow], list[CellIssue]]:
	"""Type every cell of every non-blank row; collect every problem instead of stopping."""
	rows: list[ParsedRow] = []
	issues: list[CellIssue] = []
	for offset, raw in enumerate(data_rows):
		number = first_row + offset
		raw = tuple(raw or ())

		def cell(fieldname: str, raw=raw):
			pos = positions.get(fieldname)
			return raw[pos] if pos is not None and pos < len(raw) else None

		if all(is_blank(cell(s.fieldname)) for s in specs if s.fieldname in positions):
			continue
		parsed = ParsedRow(number)
		for spec in specs:
			if spec.fieldname not in positions:
				continue
			value = cell(spec.fieldname)
			if spec.identifier:
				parsed.identifiers[spec.fieldname] = "" if is_blank(value) else _display(value).strip()
				continue
			try:
				parsed.values[spec.fieldname] = parse_cell(spec, value)
			except CellError as e:
				issues.append(CellIssue(number, spec.header, _display(value), e.message))
		rows.append(parsed)
	return rows, issues


def duplicate_issues(
	keys: Iterable[tuple[int, str, str]], column: str, noun: str = "empresa"
) -> list[CellIssue]:
	"""Issues for subjects that appear on more than one row; ``keys`` are (row, key, label)."""
	first: dict[str, int] = {}
	issues: list[CellIssue] = []
	for row, key, label in keys:
		if not key:
			continue
		if key in first:
			issues.append(
				CellIssue(
					row,
					column,
					label,
					f"«{label}» está repetida: ya figura en la fila {first[key]}. Deje una sola fila por {noun}.",
				)
			)
		else:
			first[key] = row
	return issues
