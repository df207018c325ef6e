"""Indicator targets (metas), achievement and traffic lights (pure rules for the Marco Lógico)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

NIVELES_MARCO = (
	"Fin",
	"Propósito",
	"Componente 1",
	"Componente 2",
	"Componente 3",
	"Componente 4",
	"Actividad",
)
NIVELES_FICHA = ("Empresa", "Red", "Región")
SUBJECT_KEY = {"Empresa": "empresa", "Red": "red", "Región": "conglomerado"}

BASE_LB, BASE_ZERO, BASE_NONE = "Valor de la Línea de Base", "Cero", "Sin línea de base"
REGLAS_BASE = (BASE_LB, BASE_ZERO, BASE_NONE)

H_PERIODO, H_MESES, H_FINAL = "Periodo", "Meses desde el inicio", "Al término del proyecto"
HORIZONTES = (H_PERIODO, H_MESES, H_FINAL)

VERDE, AMARILLO, ROJO, SIN_META, SIN_DATO = "Verde", "Amarillo", "Rojo", "Sin meta", "Sin dato"
# Achievement (% of the meta) from which a light turns green / yellow.
UMBRAL_VERDE = 100.0
UMBRAL_AMARILLO = 70.0


@dataclass(frozen=True)
class Meta:
	valor_meta: float
	conglomerado: str | None = None  # None/"" = overall
	horizonte_tipo: str = H_PERIODO
	periodo: str | None = None
	meses: int | None = None


def months_between(start: date, end: date) -> int:
	"""Whole months from ``start`` to ``end`` (negative when ``end`` is earlier)."""
	months = (end.year - start.year) * 12 + (end.month - start.month)
	if end.day < start.day:
		months -= 1
	return months


def pick_meta(
	metas: Iterable[Meta],
	periodo: str,
	conglomerado: str | None,
	months_elapsed: int | None,
	is_final: bool = False,
) -> Meta | None:
	"""The target that applies to ``periodo`` (and ``conglomerado``; None = the overall row).

	Precedence: a meta for exactly this period, then "Al término del proyecto" (final
	measurement periods only), then the latest "Meses desde el inicio" horizon already reached
	(``meses`` <= months elapsed). A conglomerado's own meta wins over the overall one; the
	overall row only uses overall metas.
	"""
	candidates = [m for m in metas if (m.conglomerado or None) == (conglomerado or None)]
	if conglomerado and not candidates:
		candidates = [m for m in metas if not m.conglomerado]
	for m in candidates:
		if m.horizonte_tipo == H_PERIODO and m.periodo == periodo:
			return m
	if is_final:
		for m in candidates:
			if m.horizonte_tipo == H_FINAL:
				return m
	if months_elapsed is not None:
		reached = [
			m
			for m in candidates
			if m.horizonte_tipo == H_MESES and m.meses is not None and m.meses <= months_elapsed
		]
		if reached:
			return max(reached, key=lambda m: m.meses)
	return None


def baseline_value(regla_base: str, evaluated: float | None) -> float | None:
	"""Value shown as the baseline: the formula over the baseline fichas, zero, or nothing."""
	if regla_base == BASE_ZERO:
		return 0.0
	if regla_base == BASE_NONE:
		return None
	return evaluated


def achievement(value: float | None, meta: float | None) -> float | None:
	"""Percent of the target reached (value / meta × 100); None without value or target."""
	if value is None or meta is None or meta == 0:
		return None
	return value / meta * 100.0


def traffic_light(logro: float | None, has_meta: bool = True) -> str:
	if not has_meta:
		return SIN_META
	if logro is None:
		return SIN_DATO
	if logro >= UMBRAL_VERDE:
		return VERDE
	if logro >= UMBRAL_AMARILLO:
		return AMARILLO
	return ROJO
