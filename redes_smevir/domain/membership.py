"""Network membership history: who belonged to which network on a given date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from redes_smevir.domain.problems import Problem


@dataclass(frozen=True)
class Stint:
	"""One period of a firm inside a network; ``end`` is exclusive and None while still a member."""

	empresa: str
	red: str
	start: date
	end: date | None = None

	def covers(self, on: date) -> bool:
		return self.start <= on and (self.end is None or on < self.end)


def members_on(stints: Iterable[Stint], red: str, on: date) -> list[str]:
	"""Firms that were members of ``red`` on date ``on``, sorted."""
	return sorted({s.empresa for s in stints if s.red == red and s.covers(on)})


def network_of(stints: Iterable[Stint], empresa: str, on: date) -> str | None:
	"""The network ``empresa`` belonged to on ``on`` (the latest-started stint wins)."""
	matches = [s for s in stints if s.empresa == empresa and s.covers(on)]
	if not matches:
		return None
	return max(matches, key=lambda s: s.start).red


# Problem codes of a membership history.
STINT_ENDS_BEFORE_START = "stint_ends_before_start"  # empresa, red, start, end
STINTS_OVERLAP = "stints_overlap"  # empresa, red, start, next_red, next_start


def stint_problems(stints: Iterable[Stint]) -> list[Problem]:
	"""Stints that end before they start, or overlap for the same firm."""
	problems: list[Problem] = []
	by_firm: dict[str, list[Stint]] = {}
	for s in stints:
		if s.end is not None and s.end < s.start:
			problems.append(
				Problem(
					STINT_ENDS_BEFORE_START,
					{"empresa": s.empresa, "red": s.red, "start": s.start, "end": s.end},
				)
			)
		by_firm.setdefault(s.empresa, []).append(s)
	for empresa, items in by_firm.items():
		items.sort(key=lambda s: s.start)
		for prev, nxt in pairwise(items):
			if prev.end is None or prev.end > nxt.start:
				problems.append(
					Problem(
						STINTS_OVERLAP,
						{
							"empresa": empresa,
							"red": prev.red,
							"start": prev.start,
							"next_red": nxt.red,
							"next_start": nxt.start,
						},
					)
				)
	return problems
