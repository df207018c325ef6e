"""What the domain reports when something is refused or incoherent: a code and its values.

The domain never writes user-facing text: the services layer turns each code into a
translated Spanish message (``services.problem_messages``, ``services.fichas.problem_message``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
	"""A refusal: a stable code plus the values its message needs."""

	code: str
	params: dict = field(default_factory=dict)


class ProblemError(ValueError):
	"""A domain function refused its input; ``problem`` says why."""

	def __init__(self, problem: Problem):
		super().__init__(problem.code)
		self.problem = problem
