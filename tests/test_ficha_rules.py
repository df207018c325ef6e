"""Pure rules of the Ficha life cycle (domain/ficha_rules.py): windows, roles, hints, reminders."""

from datetime import date

import pytest

from redes_smevir.domain import ficha_rules as r
from redes_smevir.domain.periods import Window

W = Window(date(2011, 3, 1), date(2011, 3, 31))


@pytest.mark.parametrize("action", r.ENTRY_ACTIONS)
def test_window_open_allows_everything(action):
	assert r.entry_problem(action, r.BORRADOR, W, date(2011, 3, 1)) is None
	assert r.entry_problem(action, r.BORRADOR, W, date(2011, 3, 31)) is None


@pytest.mark.parametrize("action", r.ENTRY_ACTIONS)
def test_before_and_after_window_refused(action):
	before = r.entry_problem(action, r.BORRADOR, W, date(2011, 2, 28))
	after = r.entry_problem(action, r.OBSERVADA, W, date(2011, 4, 1))
	assert before.code == "window_not_open"
	assert after.code == "window_closed"
	assert after.params["start"] == date(2011, 3, 1) and after.params["end"] == date(2011, 3, 31)


def test_authorised_correction_ignores_closed_window():
	assert r.entry_problem(r.EDIT, r.EN_CORRECCION, W, date(2012, 1, 1)) is None
	assert r.entry_problem(r.SEND, r.EN_CORRECCION, W, date(2012, 1, 1)) is None
	# but nobody creates a ficha after the window on the strength of a correction
	assert r.entry_problem(r.CREATE, r.EN_CORRECCION, W, date(2012, 1, 1)).code == "window_closed"


def test_unknown_entry_action():
	with pytest.raises(ValueError):
		r.entry_problem("approve", r.BORRADOR, W, date(2011, 3, 5))


def test_who_creates_each_level():
	assert r.create_problem(r.EMPRESA, {r.GERENTE}, False) is None
	assert r.create_problem(r.RED, {r.GERENTE}, False).code == "level_not_allowed"
	assert r.create_problem(r.REGION, {r.GERENTE}, False).code == "level_not_allowed"
	assert r.create_problem(r.RED, {r.COORDINADOR}, False) is None
	assert r.create_problem(r.REGION, {r.COORDINADOR}, False).code == "level_not_allowed"
	assert r.create_problem(r.REGION, {r.ADMINISTRADOR}, True) is None
	assert r.create_problem("Otro", {r.ADMINISTRADOR}, True).code == "unknown_level"


def test_edit_rules():
	for state in (r.ENVIADA, r.APROBADA):
		assert r.edit_problem(r.EMPRESA, state, {r.GERENTE}, False).code == "state_read_only"
		assert r.edit_problem(r.EMPRESA, state, {r.ADMINISTRADOR}, True).code == "state_read_only"
	assert r.edit_problem(r.EMPRESA, r.OBSERVADA, {r.GERENTE}, False) is None
	assert r.edit_problem(r.EMPRESA, r.BORRADOR, {r.COORDINADOR}, False).code == "level_not_allowed"
	# only the entering role corrects, even the administrator stays out of an Empresa correction
	assert r.edit_problem(r.EMPRESA, r.EN_CORRECCION, {r.GERENTE}, False) is None
	assert r.edit_problem(r.EMPRESA, r.EN_CORRECCION, {r.ADMINISTRADOR}, True).code == "only_enterer_corrects"
	assert r.edit_problem(r.REGION, r.EN_CORRECCION, {r.ADMINISTRADOR}, True) is None


def test_authorise_rules():
	assert r.authorise_problem(r.EMPRESA, {r.ADMINISTRADOR}, True, window_open=False) is None
	assert r.authorise_problem(r.EMPRESA, {r.COORDINADOR}, False, window_open=True) is None
	assert r.authorise_problem(r.EMPRESA, {r.COORDINADOR}, False, window_open=False).code == (
		"coordinator_window_closed"
	)
	assert r.authorise_problem(r.RED, {r.COORDINADOR}, False, window_open=True).code == "not_authoriser"
	assert r.authorise_problem(r.EMPRESA, {r.GERENTE}, False, window_open=True).code == "not_authoriser"


def test_transition_table_matches_the_seed():
	roles = {(t.state, t.action, lvl): set(t.roles(lvl)) for t in r.TRANSITIONS for lvl in r.LEVELS}
	assert roles[(r.BORRADOR, r.ENVIAR, r.EMPRESA)] == {r.GERENTE}
	assert roles[(r.ENVIADA, r.APROBAR, r.EMPRESA)] == {r.COORDINADOR}
	assert roles[(r.ENVIADA, r.APROBAR, r.RED)] == {r.ADMINISTRADOR}
	assert roles[(r.BORRADOR, r.ENVIAR, r.REGION)] == {r.ADMINISTRADOR}
	assert roles[(r.APROBADA, r.AUTORIZAR_CORRECCION, r.EMPRESA)] == {r.ADMINISTRADOR, r.COORDINADOR}
	assert r.transition_for(r.BORRADOR, r.APROBADA) is None
	assert r.transition_for(r.ENVIADA, r.OBSERVADA).action == r.OBSERVAR


def test_sales_change():
	assert r.sales_change(150, 100) == pytest.approx(50.0)
	assert r.sales_change(100, 0) is None
	assert r.sales_change(None, 100) is None
	assert r.sales_change_exceeds(151, 100, 50)
	assert not r.sales_change_exceeds(150, 100, 50)  # exactly at the threshold is fine
	assert r.sales_change_exceeds(40, 100, 50)  # drops count too
	assert not r.sales_change_exceeds(1000, 100, 0)  # 0 disables the check


def test_reminder_due_exactly_n_days_before_close():
	assert r.reminder_due(W, date(2011, 3, 28), 3)
	assert not r.reminder_due(W, date(2011, 3, 27), 3)
	assert not r.reminder_due(W, date(2011, 4, 1), 0)
	assert r.reminder_due(W, date(2011, 3, 31), 0)
