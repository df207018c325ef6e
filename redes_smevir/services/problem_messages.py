"""Spanish messages of the domain's problem codes (RUC, period dates, membership history, small firm).

The domain returns ``domain.problems.Problem`` (a code and its values); each message here is a
literal ``_()`` template, so it can be translated, filled with the problem's values.
The Ficha life-cycle codes have theirs in ``services.fichas.problem_message``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from frappe import _

from redes_smevir.domain import firms, membership, periods, ruc
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


def message(problem: Problem) -> str:
	"""The translated message of ``problem`` (its code when the code is unknown)."""
	render = _MESSAGES.get(problem.code)
	return render(problem.params) if render else problem.code
