"""Measurement periods and their data-entry windows (pure rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


def window_problems(
	inicio_registro: date | None,
	fin_registro: date | None,
	fecha_referencia: date | None = None,
	cubre_desde: date | None = None,
	cubre_hasta: date | None = None,
) -> list[tuple[str, str]]:
	"""Return (fieldname, Spanish message) pairs for every incoherence; empty when all is well."""
	problems: list[tuple[str, str]] = []
	if not inicio_registro:
		problems.append(("inicio_registro", "Indique el inicio del registro."))
	if not fin_registro:
		problems.append(("fin_registro", "Indique el fin del registro."))
	if inicio_registro and fin_registro and fin_registro < inicio_registro:
		problems.append(
			(
				"fin_registro",
				f"El fin del registro ({fin_registro:%d-%m-%Y}) no puede ser anterior al inicio del "
				f"registro ({inicio_registro:%d-%m-%Y}).",
			)
		)
	if cubre_desde and cubre_hasta and cubre_hasta < cubre_desde:
		problems.append(
			(
				"cubre_hasta",
				f"La fecha «Hasta» ({cubre_hasta:%d-%m-%Y}) no puede ser anterior a «Desde» "
				f"({cubre_desde:%d-%m-%Y}).",
			)
		)
	if fecha_referencia and fin_registro and fin_registro < fecha_referencia:
		problems.append(
			(
				"fin_registro",
				f"El fin del registro ({fin_registro:%d-%m-%Y}) no puede ser anterior a la fecha de "
				f"referencia ({fecha_referencia:%d-%m-%Y}).",
			)
		)
	return problems
