"""Peruvian RUC (Registro Único de Contribuyentes) rules.

A RUC has 11 digits: a two-digit prefix (10 natural person, 15 and 17 other natural-person
cases, 20 legal entity), eight digits and a mod-11 check digit computed with SUNAT's weights.
"""

from __future__ import annotations

from redes_smevir.domain.problems import Problem, ProblemError

VALID_PREFIXES = ("10", "15", "17", "20")
WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class RucError(ProblemError):
	"""A RUC is malformed; ``problem.code`` is one of the RUC_* codes below."""


# Problem codes (params: ruc and the detail named).
RUC_NOT_DIGITS = "ruc_not_digits"  # ruc
RUC_LENGTH = "ruc_length"  # ruc, length
RUC_PREFIX = "ruc_prefix"  # ruc, prefix
RUC_CHECK_DIGIT = "ruc_check_digit"  # ruc, expected
RUC_BAD_PREFIX = "ruc_bad_prefix"  # prefix (building a RUC)


def check_digit(first_ten: str) -> int:
	"""Return the mod-11 check digit for the first ten digits of a RUC."""
	total = sum(int(d) * w for d, w in zip(first_ten, WEIGHTS, strict=True))
	digit = 11 - (total % 11)
	return {10: 0, 11: 1}.get(digit, digit)


def normalize(ruc: str | None) -> str:
	"""Strip spaces, dots and dashes that users type when copying a RUC."""
	return "".join(ch for ch in (ruc or "") if ch not in " .-\t")


def validate(ruc: str) -> str:
	"""Return the normalized RUC or raise RucError saying what is wrong."""
	value = normalize(ruc)
	if not value.isdigit():
		raise RucError(Problem(RUC_NOT_DIGITS, {"ruc": ruc}))
	if len(value) != 11:
		raise RucError(Problem(RUC_LENGTH, {"ruc": ruc, "length": len(value)}))
	if value[:2] not in VALID_PREFIXES:
		raise RucError(Problem(RUC_PREFIX, {"ruc": ruc, "prefix": value[:2]}))
	expected = check_digit(value[:10])
	if int(value[10]) != expected:
		raise RucError(Problem(RUC_CHECK_DIGIT, {"ruc": ruc, "expected": expected}))
	return value


def is_valid(ruc: str) -> bool:
	try:
		validate(ruc)
	except RucError:
		return False
	return True


def make(prefix: str, body: int) -> str:
	"""Build a valid RUC from a prefix and an eight-digit body (used by the demo data)."""
	if prefix not in VALID_PREFIXES:
		raise RucError(Problem(RUC_BAD_PREFIX, {"prefix": prefix}))
	first_ten = f"{prefix}{body % 100_000_000:08d}"
	return f"{first_ten}{check_digit(first_ten)}"
