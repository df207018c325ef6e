"""Rules of the Ficha life cycle (pure Python, no frappe).

A ficha is entered by one role, approved by another, and corrected only after an
authorisation. Which role does what depends on the ficha's level (SPEC §2):

| level   | enters, sends, corrects | approves or returns   | authorises corrections                       |
|---------|-------------------------|-----------------------|----------------------------------------------|
| Empresa | Gerente de Red          | Coordinador UO        | Administrador SMEVIR; Coordinador UO while   |
|         |                         |                       | the period's entry window is open            |
| Red     | Coordinador UO          | Administrador SMEVIR  | Administrador SMEVIR                         |
| Región  | Administrador SMEVIR    | Administrador SMEVIR  | Administrador SMEVIR                         |

A **Satisfacción** ficha (a member firm's answers to the satisfaction survey) follows the Empresa
row: the firm's Gerente enters it, the Coordinador UO approves it.

The services layer turns the problem codes returned here into translated messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from redes_smevir.domain.periods import CERRADO, PROGRAMADO, Window
from redes_smevir.domain.problems import Problem

# Roles (same strings as services.roles; repeated here so the domain stays frappe-free).
GERENTE = "Gerente de Red"
COORDINADOR = "Coordinador UO"
ADMINISTRADOR = "Administrador SMEVIR"

# Levels and workflow states (SPEC §5).
EMPRESA, RED, REGION, SATISFACCION = "Empresa", "Red", "Región", "Satisfacción"
LEVELS = (EMPRESA, RED, REGION, SATISFACCION)
# Levels whose subject is a member firm (its network comes from the membership on the period's date).
FIRM_LEVELS = (EMPRESA, SATISFACCION)
# Levels of the monitoring (indicators, completeness); Satisfacción is the evaluation's survey.
MONITORING_LEVELS = (EMPRESA, RED, REGION)
BORRADOR, ENVIADA, OBSERVADA, APROBADA, EN_CORRECCION = (
	"Borrador",
	"Enviada",
	"Observada",
	"Aprobada",
	"En Corrección",
)
# The workflow states in life-cycle order: the one list the workflow, reports and desk show.
STATES = (BORRADOR, ENVIADA, OBSERVADA, APROBADA, EN_CORRECCION)
# States in which the entering user may change the data.
EDITABLE_STATES = (BORRADOR, OBSERVADA, EN_CORRECCION)

# Workflow actions (names of Workflow Action Master records).
ENVIAR, APROBAR, OBSERVAR, AUTORIZAR_CORRECCION = "Enviar", "Aprobar", "Observar", "Autorizar corrección"
ACTIONS = (ENVIAR, APROBAR, OBSERVAR, AUTORIZAR_CORRECCION)

# Who acts, per level.
ENTERING_ROLE = {EMPRESA: GERENTE, RED: COORDINADOR, REGION: ADMINISTRADOR, SATISFACCION: GERENTE}
APPROVING_ROLE = {EMPRESA: COORDINADOR, RED: ADMINISTRADOR, REGION: ADMINISTRADOR, SATISFACCION: COORDINADOR}
AUTHORISING_ROLES = {
	EMPRESA: (ADMINISTRADOR, COORDINADOR),
	RED: (ADMINISTRADOR,),
	REGION: (ADMINISTRADOR,),
	SATISFACCION: (ADMINISTRADOR, COORDINADOR),
}
# Roles that may create a ficha of each level (the administrator administers every level).
CREATING_ROLES = {
	EMPRESA: (GERENTE, ADMINISTRADOR),
	RED: (COORDINADOR, ADMINISTRADOR),
	REGION: (ADMINISTRADOR,),
	SATISFACCION: (GERENTE, ADMINISTRADOR),
}

# Entry actions checked against the window.
CREATE, EDIT, SEND = "create", "edit", "send"
ENTRY_ACTIONS = (CREATE, EDIT, SEND)


@dataclass(frozen=True)
class Transition:
	state: str
	action: str
	next_state: str
	actor: str  # "enter", "approve" or "authorise"

	def roles(self, level: str) -> tuple[str, ...]:
		if self.actor == "enter":
			return (ENTERING_ROLE[level],)
		if self.actor == "approve":
			return (APPROVING_ROLE[level],)
		return AUTHORISING_ROLES[level]


TRANSITIONS = (
	Transition(BORRADOR, ENVIAR, ENVIADA, "enter"),
	Transition(OBSERVADA, ENVIAR, ENVIADA, "enter"),
	Transition(EN_CORRECCION, ENVIAR, ENVIADA, "enter"),
	Transition(ENVIADA, APROBAR, APROBADA, "approve"),
	Transition(ENVIADA, OBSERVAR, OBSERVADA, "approve"),
	Transition(APROBADA, AUTORIZAR_CORRECCION, EN_CORRECCION, "authorise"),
)


def transition_for(state: str, next_state: str) -> Transition | None:
	for t in TRANSITIONS:
		if t.state == state and t.next_state == next_state:
			return t
	return None


# --- entry window ------------------------------------------------------------------------------


def entry_problem(action: str, state: str | None, window: Window, today: date) -> Problem | None:
	"""Whether creating, editing or sending a ficha is allowed today.

	The window of the ficha's period must be open; a ficha ``En Corrección`` (an authorised
	correction) may be edited and sent even when the window has closed.
	"""
	if action not in ENTRY_ACTIONS:
		raise ValueError(f"unknown entry action {action!r}")
	if state == EN_CORRECCION and action in (EDIT, SEND):
		return None
	status = window.status(today)
	if status == PROGRAMADO:
		return Problem("window_not_open", {"start": window.start, "end": window.end, "action": action})
	if status == CERRADO:
		return Problem("window_closed", {"start": window.start, "end": window.end, "action": action})
	return None


# --- who may do what ---------------------------------------------------------------------------


def create_problem(level: str, roles: set[str] | frozenset[str], is_admin: bool) -> Problem | None:
	"""Whether a user with ``roles`` may create a ficha of ``level``."""
	if level not in LEVELS:
		return Problem("unknown_level", {"level": level})
	if is_admin or set(CREATING_ROLES[level]) & set(roles):
		return None
	return Problem("level_not_allowed", {"level": level, "roles": CREATING_ROLES[level]})


def edit_problem(level: str, state: str, roles: set[str] | frozenset[str], is_admin: bool) -> Problem | None:
	"""Whether a user may change the data of an existing ficha in ``state``."""
	if state not in EDITABLE_STATES:
		return Problem("state_read_only", {"state": state})
	if state == EN_CORRECCION:
		# Only the entering role corrects (the administrator enters Región fichas).
		if ENTERING_ROLE[level] in roles:
			return None
		return Problem("only_enterer_corrects", {"level": level, "role": ENTERING_ROLE[level]})
	return create_problem(level, roles, is_admin)


def authorise_problem(
	level: str, roles: set[str] | frozenset[str], is_admin: bool, window_open: bool
) -> Problem | None:
	"""Whether a user may authorise (or refuse) a correction of an approved ficha of ``level``."""
	if is_admin:
		return None
	if level in FIRM_LEVELS and COORDINADOR in roles:
		return None if window_open else Problem("coordinator_window_closed", {})
	return Problem("not_authoriser", {"level": level})


# --- data-quality hints ------------------------------------------------------------------------


def sales_change(current: float | None, previous: float | None) -> float | None:
	"""Percentage change from ``previous`` to ``current``; None when it cannot be computed.

	The one definition of a change %: the approver's sales hint and the side panel's comparison
	of every numeric field use it.
	"""
	if current is None or previous is None or previous <= 0:
		return None
	return (current - previous) / previous * 100.0


def sales_change_exceeds(current: float | None, previous: float | None, threshold_pct: float) -> bool:
	"""True when the absolute change is strictly beyond ``threshold_pct`` (a threshold of 0 disables)."""
	change = sales_change(current, previous)
	if change is None or not threshold_pct or threshold_pct <= 0:
		return False
	return abs(change) > threshold_pct


def reminder_due(window: Window, today: date, days_before: int) -> bool:
	"""True on the day that lies ``days_before`` days before the window's last day (window open)."""
	left = window.days_left(today)
	return left is not None and left == max(int(days_before or 0), 0)
