"""Pure rules of the foundation: RUC, entry windows, membership history, small-firm rule."""

from datetime import date

import pytest

from redes_smevir.domain import firms, membership, periods, ruc


class TestRuc:
	# Real published RUCs; check digits worked out by hand with SUNAT's weights 5 4 3 2 7 6 5 4 3 2
	# (sum of digit × weight over the first ten digits; check = 11 - sum % 11, 10 -> 0, 11 -> 1):
	#   20131312955 SUNAT:       2·5+0·4+1·3+3·2+1·7+3·6+1·5+2·4+9·3+5·2 = 94; 94 % 11 = 6;  11-6 = 5
	#   20100047218 BCP:         2·5+0+1·3+0+0+0+4·5+7·4+2·3+1·2          = 69; 69 % 11 = 3;  11-3 = 8
	#   20100070970 Supermercados Peruanos: 10+3+7·5+9·3+7·2              = 89; 89 % 11 = 1;  11-1 = 10 -> 0
	# and two made by hand for the other wrap:
	#   17000000001: 1·5+7·4 = 33; 33 % 11 = 0; 11-0 = 11 -> 1
	#   20000200001: 2·5+2·6 = 22; 22 % 11 = 0; 11-0 = 11 -> 1
	HAND_COMPUTED = {
		"2013131295": 5,
		"2010004721": 8,
		"2010007097": 0,
		"1700000000": 1,
		"2000020000": 1,
	}

	@pytest.mark.parametrize("first_ten, digit", sorted(HAND_COMPUTED.items()))
	def test_check_digit_matches_hand_computation(self, first_ten, digit):
		assert ruc.check_digit(first_ten) == digit

	@pytest.mark.parametrize(
		"value", ["20131312955", "20100047218", "20100070970", "17000000001", "20000200001"]
	)
	def test_published_and_hand_made_rucs_are_valid(self, value):
		assert ruc.validate(value) == value

	def test_make_builds_the_published_rucs(self):
		assert ruc.make("20", 13131295) == "20131312955"
		assert ruc.make("20", 10004721) == "20100047218"
		assert ruc.make("20", 10007097) == "20100070970"

	def test_spaces_and_dashes_are_removed(self):
		assert ruc.validate(" 20100047218 ") == "20100047218"
		assert ruc.validate("20-10004721-8") == "20100047218"

	@pytest.mark.parametrize(
		"value, code, params",
		[
			("2010004721", ruc.RUC_LENGTH, {"length": 10}),
			("201000472181", ruc.RUC_LENGTH, {"length": 12}),
			("2010004721A", ruc.RUC_NOT_DIGITS, {}),
			("30100047218", ruc.RUC_PREFIX, {"prefix": "30"}),
			("20100047217", ruc.RUC_CHECK_DIGIT, {"expected": 8}),
			("20131312950", ruc.RUC_CHECK_DIGIT, {"expected": 5}),
		],
	)
	def test_invalid_rucs_say_why(self, value, code, params):
		with pytest.raises(ruc.RucError) as info:
			ruc.validate(value)
		assert info.value.problem.code == code
		assert info.value.problem.params == {"ruc": value, **params}

	def test_make_refuses_bad_prefix(self):
		with pytest.raises(ruc.RucError) as info:
			ruc.make("30", 1)
		assert info.value.problem.code == ruc.RUC_BAD_PREFIX


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
		assert problems[0][1].code == periods.FIN_BEFORE_INICIO
		assert problems[0][1].params == {"fin": date(2026, 1, 1), "inicio": date(2026, 2, 1)}

	def test_missing_dates_are_reported(self):
		found = [(f, p.code) for f, p in periods.window_problems(None, None)]
		assert found == [("inicio_registro", periods.MISSING_INICIO), ("fin_registro", periods.MISSING_FIN)]

	def test_coherent_window_has_no_problems(self):
		assert periods.window_problems(date(2026, 1, 1), date(2026, 1, 1), date(2025, 12, 31)) == []

	def test_window_closing_before_reference_date(self):
		problems = periods.window_problems(date(2026, 1, 1), date(2026, 1, 5), date(2026, 1, 31))
		assert problems and problems[0][0] == "fin_registro"
		assert problems[0][1].code == periods.FIN_BEFORE_REFERENCIA

	def test_coverage_ending_before_it_starts(self):
		problems = periods.window_problems(
			date(2026, 1, 1), date(2026, 1, 5), cubre_desde=date(2025, 6, 1), cubre_hasta=date(2025, 1, 1)
		)
		assert [(f, p.code) for f, p in problems] == [("cubre_hasta", periods.HASTA_BEFORE_DESDE)]


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
		assert sorted(p.code for p in problems) == [
			membership.STINT_ENDS_BEFORE_START,
			membership.STINTS_OVERLAP,
		]
		overlap = next(p for p in problems if p.code == membership.STINTS_OVERLAP)
		assert overlap.params == {
			"empresa": "E1",
			"red": "R1",
			"start": date(2010, 1, 1),
			"next_red": "R2",
			"next_start": date(2010, 6, 1),
		}
		assert membership.stint_problems(self.stints) == []


class TestSmallFirm:
	def test_small_firm(self):
		assert firms.is_small_firm(True, 750_000, 50)
		assert firms.small_firm_warnings(True, None, None) == []

	def test_reasons(self):
		reasons = firms.small_firm_warnings(False, 800_000, 51)
		assert reasons == [
			firms.Problem(firms.NOT_FORMAL),
			firms.Problem(firms.SALES_ABOVE, {"sales": 800_000, "max": 750_000}),
			firms.Problem(firms.WORKERS_ABOVE, {"workers": 51, "max": 50}),
		]
