"""Pure rules of the foundation: RUC, entry windows, membership history, small-firm rule."""

from datetime import date

import pytest

from redes_smevir.domain import firms, membership, periods, ruc


class TestRuc:
	@pytest.mark.parametrize("value", ["20100047218", "10468579648", "20131312955", "17000000001"])
	def test_known_valid_rucs(self, value):
		assert ruc.validate(value) == value

	def test_spaces_and_dashes_are_removed(self):
		assert ruc.validate(" 20100047218 ") == "20100047218"
		assert ruc.validate("20-10004721-8") == "20100047218"

	@pytest.mark.parametrize(
		"value, fragment",
		[
			("2010004721", "11 dígitos"),
			("201000472181", "11 dígitos"),
			("2010004721A", "solo puede contener dígitos"),
			("30100047218", "debe empezar con 10, 15, 17 o 20"),
			("20100047217", "dígito verificador"),
		],
	)
	def test_invalid_rucs_explain_why(self, value, fragment):
		with pytest.raises(ruc.RucError) as info:
			ruc.validate(value)
		assert fragment in info.value.message
		assert "RUC" in info.value.message

	def test_check_digit_wraps_10_and_11(self):
		# sum % 11 == 1 -> 11 - 1 = 10 -> 0 ; sum % 11 == 0 -> 11 -> 1
		for body in range(0, 2000):
			made = ruc.make("20", body)
			assert ruc.is_valid(made)
			assert len(made) == 11

	def test_make_refuses_bad_prefix(self):
		with pytest.raises(ruc.RucError):
			ruc.make("30", 1)


class TestWindow:
	w = periods.Window(date(2026, 1, 10), date(2026, 1, 20))

	def test_status_before_during_after(self):
		assert self.w.status(date(2026, 1, 9)) == periods.PROGRAMADO
		assert self.w.status(date(2026, 1, 10)) == periods.ABIERTO
		assert self.w.status(date(2026, 1, 20)) == periods.ABIERTO
		assert self.w.status(date(2026, 1, 21)) == periods.CERRADO

	def test_days_left(self):
		assert self.w.days_left(date(2026, 1, 18)) == 2
		assert self.w.days_left(date(2026, 1, 20)) == 0
		assert self.w.days_left(date(2026, 1, 21)) is None

	def test_inverted_window_is_reported_on_fin_registro(self):
		problems = periods.window_problems(date(2026, 2, 1), date(2026, 1, 1))
		assert problems[0][0] == "fin_registro"
		assert "01-01-2026" in problems[0][1] and "01-02-2026" in problems[0][1]

	def test_missing_dates_are_reported(self):
		fields = [f for f, _m in periods.window_problems(None, None)]
		assert fields == ["inicio_registro", "fin_registro"]

	def test_coherent_window_has_no_problems(self):
		assert periods.window_problems(date(2026, 1, 1), date(2026, 1, 1), date(2025, 12, 31)) == []

	def test_window_closing_before_reference_date(self):
		problems = periods.window_problems(date(2026, 1, 1), date(2026, 1, 5), date(2026, 1, 31))
		assert problems and problems[0][0] == "fin_registro"


class TestMembership:
	stints = [
		membership.Stint("E1", "R1", date(2010, 1, 1), date(2010, 10, 1)),
		membership.Stint("E1", "R2", date(2010, 10, 1)),
		membership.Stint("E2", "R1", date(2010, 1, 1)),
		membership.Stint("E3", "R1", date(2011, 1, 1)),
	]

	def test_members_on_a_date(self):
		assert membership.members_on(self.stints, "R1", date(2010, 5, 1)) == ["E1", "E2"]
		assert membership.members_on(self.stints, "R1", date(2010, 10, 1)) == ["E2"]
		assert membership.members_on(self.stints, "R1", date(2011, 6, 1)) == ["E2", "E3"]
		assert membership.members_on(self.stints, "R2", date(2009, 1, 1)) == []

	def test_network_of_follows_the_move(self):
		assert membership.network_of(self.stints, "E1", date(2010, 9, 30)) == "R1"
		assert membership.network_of(self.stints, "E1", date(2010, 10, 1)) == "R2"
		assert membership.network_of(self.stints, "E3", date(2010, 12, 31)) is None

	def test_problems_detect_overlaps_and_inverted_dates(self):
		bad = [
			membership.Stint("E1", "R1", date(2010, 1, 1)),
			membership.Stint("E1", "R2", date(2010, 6, 1)),
			membership.Stint("E2", "R1", date(2010, 6, 1), date(2010, 1, 1)),
		]
		problems = membership.stint_problems(bad)
		assert len(problems) == 2
		assert any("superpuestos" in p for p in problems)
		assert any("anterior a su ingreso" in p for p in problems)
		assert membership.stint_problems(self.stints) == []


class TestSmallFirm:
	def test_small_firm(self):
		assert firms.is_small_firm(True, 750_000, 50)
		assert firms.small_firm_warnings(True, None, None) == []

	def test_reasons(self):
		reasons = firms.small_firm_warnings(False, 800_000, 51)
		assert len(reasons) == 3
		assert "no es formal" in reasons[0]
		assert "750,000" in reasons[1]
		assert "51 trabajadores" in reasons[2]
