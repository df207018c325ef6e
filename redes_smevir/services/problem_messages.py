"""Spanish messages of the domain's problem codes (RUC, period dates, membership history, small firm,
indicator formulas).

The domain returns ``domain.problems.Problem`` (a code and its values); each message here is a
literal ``_()`` template, so it can be translated, filled with the problem's values.
The Ficha life-cycle codes have theirs in ``services.fichas.problem_message``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from frappe import _

from redes_smevir.domain import firms, membership, periods, ruc
from redes_smevir.domain.formula import CHECK, NUMBER, TEXT
from redes_smevir.domain.formula import errors as fe
from redes_smevir.domain.problems import Problem


def _d(value: date) -> str:
	return f"{value:%d-%m-%Y}"


_MESSAGES: dict[str, Callable[[dict], str]] = {
	ruc.RUC_NOT_DIGITS: lambda p: _("El RUC «{0}» solo puede contener dígitos.").format(p["ruc"]),
	ruc.RUC_LENGTH: lambda p: _("El RUC «{0}» debe tener 11 dígitos (tiene {1}).").format(
		p["ruc"], p["length"]
	),
	ruc.RUC_PREFIX: lambda p: _("El RUC «{0}» debe empezar con 10, 15, 17 o 20 (empieza con {1}).").format(
		p["ruc"], p["prefix"]
	),
	ruc.RUC_CHECK_DIGIT: lambda p: _(
		"El dígito verificador del RUC «{0}» no es válido: debería ser {1}."
	).format(p["ruc"], p["expected"]),
	ruc.RUC_BAD_PREFIX: lambda p: _("Prefijo de RUC no válido: {0}").format(p["prefix"]),
	periods.MISSING_INICIO: lambda p: _("Indique el inicio del registro."),
	periods.MISSING_FIN: lambda p: _("Indique el fin del registro."),
	periods.FIN_BEFORE_INICIO: lambda p: _(
		"El fin del registro ({0}) no puede ser anterior al inicio del registro ({1})."
	).format(_d(p["fin"]), _d(p["inicio"])),
	periods.HASTA_BEFORE_DESDE: lambda p: _(
		"La fecha «Hasta» ({0}) no puede ser anterior a «Desde» ({1})."
	).format(_d(p["hasta"]), _d(p["desde"])),
	periods.FIN_BEFORE_REFERENCIA: lambda p: _(
		"El fin del registro ({0}) no puede ser anterior a la fecha de referencia ({1})."
	).format(_d(p["fin"]), _d(p["referencia"])),
	membership.STINT_ENDS_BEFORE_START: lambda p: _(
		"La salida de {0} de la red {1} ({2}) es anterior a su ingreso ({3})."
	).format(p["empresa"], p["red"], _d(p["end"]), _d(p["start"])),
	membership.STINTS_OVERLAP: lambda p: _(
		"{0} figura en dos periodos de membresía superpuestos: {1} desde {2} y {3} desde {4}."
	).format(p["empresa"], p["red"], _d(p["start"]), p["next_red"], _d(p["next_start"])),
	firms.NOT_FORMAL: lambda p: _("no es formal"),
	firms.SALES_ABOVE: lambda p: _("sus ventas anuales (US$ {0}) superan US$ {1}").format(
		f"{p['sales']:,.0f}", f"{p['max']:,.0f}"
	),
	firms.WORKERS_ABOVE: lambda p: _("tiene {0} trabajadores (máximo {1})").format(p["workers"], p["max"]),
}


# ---- formulas (domain.formula.errors): every message names the offset ``pos`` where it applies


def _syntax(p: dict, detail: str) -> str:
	return _("Error de sintaxis en la posición {0}: {1}").format(p["pos"], detail)


def _type(p: dict, detail: str) -> str:
	return _("Error de tipo en la posición {0}: {1}").format(p["pos"], detail)


def _subject(subject: dict) -> str:
	"""What needs the value: a function or keyword name, the sign or an operator."""
	if "sign" in subject:
		return _("El signo «{0}»").format(subject["sign"])
	if "operator" in subject:
		return _("El operador «{0}»").format(subject["operator"])
	return subject["name"]


def _found(found: dict) -> str:
	"""What stands where the value was needed, and its type."""
	kind = {NUMBER: _("numérico"), CHECK: _("una casilla (sí/no)"), TEXT: _("de texto")}[found["type"]]
	if found["kind"] == "field":
		return _("el campo «{0}» es {1}").format(found["text"], kind)
	if found["kind"] == "text":
		return _("«{0}» es {1}").format(found["text"], kind)
	if found["kind"] == "call":
		return _("{0}(...) es {1}").format(found["text"], kind)
	return _("la expresión es {0}").format(kind)


def _unknown_field(p: dict) -> str:
	text = _("Campo desconocido «{0}» en la posición {1}.").format(p["name"], p["pos"])
	text += " " + _("Campos disponibles: {0}").format(
		", ".join(p["fields"]) if p["fields"] else _("(ninguno)")
	)
	if p["keys"]:
		text += ". " + _("Campos de identificación: {0}").format(", ".join(p["keys"]))
	return text


def _arity(p: dict) -> str:
	lo, hi = p["min"], p["max"]
	if lo != hi:
		expected = _("entre {0} y {1} argumentos").format(lo, hi)
	elif lo == 1:
		expected = _("1 argumento")
	else:
		expected = _("{0} argumentos").format(lo)
	return _("La función {0} en la posición {1} necesita {2} y recibió {3}").format(
		p["name"], p["pos"], expected, p["count"]
	)


_MESSAGES.update(
	{
		fe.SYNTAX_UNCLOSED_TEXT: lambda p: _syntax(
			p, _("falta cerrar el texto que empieza con {0}").format(p["quote"])
		),
		fe.SYNTAX_DECIMAL_COMMA: lambda p: _syntax(
			p, _("use punto para los decimales (por ejemplo 0.5); la coma separa argumentos")
		),
		fe.SYNTAX_UNEXPECTED: lambda p: _syntax(p, _("no se esperaba «{0}»").format(p["text"])),
		fe.SYNTAX_CHAINED_COMPARISON: lambda p: _syntax(
			p, _("no se pueden encadenar comparaciones; use Y (por ejemplo a > 1 Y a < 5)")
		),
		fe.SYNTAX_INCOMPLETE: lambda p: _syntax(
			p, _("la fórmula está incompleta; se esperaba un número, un campo o una función")
		),
		fe.SYNTAX_LOGICAL_OPERATOR: lambda p: _syntax(
			p,
			_("«{0}» es un operador lógico; se esperaba un número, un campo o una función").format(p["text"]),
		),
		fe.SYNTAX_EXPECTED_OPERAND: lambda p: _syntax(
			p, _("se esperaba un número, un campo o una función, pero se encontró «{0}»").format(p["text"])
		),
		fe.SYNTAX_EXPECTED_CLOSE: lambda p: _syntax(p, _("se esperaba «)»")),
		fe.TYPE_NOT_NUMERIC: lambda p: _type(
			p,
			_("{0} necesita un valor numérico, pero {1}").format(_subject(p["subject"]), _found(p["found"])),
		),
		fe.TYPE_NOT_CONDITION: lambda p: _type(
			p,
			_("{0} necesita una condición (una comparación o una casilla), pero {1}").format(
				_subject(p["subject"]), _found(p["found"])
			),
		),
		fe.TYPE_TEXT_VS_NUMBER: lambda p: _type(
			p, _("no se puede comparar texto con un número ({0})").format(_found(p["found"]))
		),
		fe.TYPE_TEXT_OPERATOR: lambda p: _type(
			p, _("los textos solo se comparan con = o <>, no con «{0}»").format(p["op"])
		),
		fe.TYPE_SI_BRANCHES: lambda p: _type(
			p, _("los dos resultados de SI deben ser del mismo tipo (números o textos)")
		),
		fe.BAD_CHARACTER: lambda p: _("Carácter no válido «{0}» en la posición {1}").format(
			p["char"], p["pos"]
		),
		fe.EMPTY: lambda p: _("La fórmula está vacía"),
		fe.TOO_LONG: lambda p: _("La fórmula es demasiado larga (más de {0} caracteres)").format(p["max"]),
		fe.TOO_DEEP: lambda p: _("La fórmula está anidada demasiado profundamente (posición {0})").format(
			p["pos"]
		),
		fe.TOO_DEEP_FOR_PYTHON: lambda p: _("La fórmula está anidada demasiado profundamente"),
		fe.TOO_DEEP_TO_COMPILE: lambda p: _(
			"La fórmula es demasiado larga o anidada (posición {0}); divídala en indicadores más simples"
		).format(p["pos"]),
		fe.RESULT_IS_TEXT: lambda p: _("La fórmula debe dar un número, pero da un texto"),
		fe.UNKNOWN_FIELD: _unknown_field,
		fe.FIELD_OUTSIDE_AGGREGATE: lambda p: _(
			"El campo «{0}» en la posición {1} debe ir dentro de una función de agregación como SUMA o PROMEDIO"
		).format(p["name"], p["pos"]),
		fe.UNKNOWN_FUNCTION: lambda p: (
			_("Función desconocida «{0}» en la posición {1}.").format(p["name"], p["pos"])
			+ " "
			+ _("Funciones disponibles: {0}").format(", ".join(p["functions"]))
		),
		fe.WRONG_ARG_COUNT: _arity,
		fe.NESTED_AGGREGATE: lambda p: _(
			"La función {0} en la posición {1} no puede ir dentro de {2}: las funciones de agregación no se "
			"pueden anidar"
		).format(p["name"], p["pos"], p["inside"]),
		fe.BASE_IN_BASE: lambda p: _("{0} en la posición {1} no puede ir dentro de BASE").format(
			p["name"], p["pos"]
		),
		fe.GROUP_KEY_NOT_FIELD: lambda p: _(
			"El primer argumento de {0} (posición {1}) debe ser un nombre de campo, por ejemplo red"
		).format(p["name"], p["pos"]),
	}
)


def message(problem: Problem) -> str:
	"""The translated message of ``problem`` (its code when the code is unknown)."""
	render = _MESSAGES.get(problem.code)
	return render(problem.params) if render else problem.code
