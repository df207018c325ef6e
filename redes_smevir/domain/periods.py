"""Measurement periods and their data-entry windows (pure rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from redes_smevir.domain.problems import Problem

TIPOS = ("Línea de Base", "Medición Anual", "Medición Final")
PROGRAMADO, ABIERTO, CERRADO = "Programado", "Abierto", "Cerrado"


@dataclass(frozen=True)
class Window:
	start: date
	end: date

	def status(self, today: date) -> str:
		"""State of the window on ``today``: Programado, Abierto or Cerrado."""
		if today < self.start:
			return PROGRAMADO
		if today > self.end:
			return CERRADO
		return ABIERTO

	def is_open(self, today: date) -> bool:
		return self.status(today) == ABIERTO

	def days_left(self, today: date) -> int | None:
		"""Days until the window closes (0 on its last day); None when it is not open."""
		if not self.is_open(today):
			return None
		return (self.end - today).days


# Problem codes of a period's dates (params: the dates involved).
MISSING_INICIO = "missing_inicio_registro"
MISSING_FIN = "missing_fin_registro"
FIN_BEFORE_INICIO = "fin_before_inicio"  # fin, inicio
HASTA_BEFORE_DESDE = "hasta_before_desde"  # hasta, desde
FIN_BEFORE_REFERENCIA = "fin_before_referencia"  # fin, referencia


def window_problems(
	inicio_registro: date | None,
	fin_registro: date | None,
	fecha_referencia: date | None = None,
	cubre_desde: date | None = None,
	cubre_hasta: date | None = None,
) -> list[tuple[str, Problem]]:
	"""Return (fieldname, problem) pairs for every incoherence; empty when all is well."""
	problems: list[tuple[str, Problem]] = []
	if not inicio_registro:
		problems.append(("inicio_registro", Problem(MISSING_INICIO)))
	if not fin_registro:
		problems.append(("fin_registro", Problem(MISSING_FIN)))
	if inicio_registro and fin_registro and fin_registro < inicio_registro:
		problems.append(
			("fin_registro", Problem(FIN_BEFORE_INICIO, {"fin": fin_registro, "inicio": inicio_registro}))
		)
	if cubre_desde and cubre_hasta and cubre_hasta < cubre_desde:
		problems.append(
			("cubre_hasta", Problem(HASTA_BEFORE_DESDE, {"hasta": cubre_hasta, "desde": cubre_desde}))
		)
	if fecha_referencia and fin_registro and fin_registro < fecha_referencia:
		problems.append(
			(
				"fin_registro",
				Problem(FIN_BEFORE_REFERENCIA, {"fin": fin_registro, "referencia": fecha_referencia}),
			)
		)
	return problems
