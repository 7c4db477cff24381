from decimal import Decimal

import pytest

from lanhmanh.indicators import registry
from lanhmanh.indicators.pending import PENDING, PendingIndicator, as_indicator
from lanhmanh.indicators.periods import calendar_year
from lanhmanh.indicators.registry import (
    DuplicateIndicator,
    Indicator,
    IndicatorResult,
    Registry,
    UnknownIndicator,
    indicator,
)
from lanhmanh.places.models import AdministrativeUnit

PLAN_FILE_CODES = {
    "outreach_commune_share",
    "establishments_with_signs",
    "trained_official_share",
    "media_months_share",
    "healthy_communes",
    "establishment_commitment_share",
    "establishment_labour_registration_share",
    "integrated_plan_share",
}
# The codes whose records no app keeps yet: none since the establishments area computes T2b, T5a, T5b.
STILL_PENDING: set[str] = set()


def always_seven(period, unit):
    return IndicatorResult(value=Decimal(7))


def entry(code: str, function=always_seven) -> Indicator:
    return Indicator(code=code, label="Bảy", unit_of_measure="lần", description="Luôn bằng 7.", function=function)


@pytest.fixture
def scratch(monkeypatch):
    """The process registry swapped for a copy, so a test can register without leaving traces."""
    copy = registry.default_registry.copy()
    monkeypatch.setattr(registry, "default_registry", copy)
    return copy


def test_a_registered_indicator_is_found_by_its_code():
    own = Registry()
    own.register(entry("seven"))
    assert own.get("seven").label == "Bảy"
    assert own.is_known("seven")
    assert [found.code for found in own.all()] == ["seven"]


def test_the_decorator_registers_the_function_and_returns_it_unchanged(scratch):
    @indicator("decorated_seven", "Bảy", "lần", "Luôn bằng 7.")
    def seven(period, unit):
        return IndicatorResult(value=Decimal(7))

    assert registry.get("decorated_seven").function is seven
    assert registry.is_known("decorated_seven")
    assert "decorated_seven" in [found.code for found in registry.all_indicators()]


def test_computing_an_indicator_calls_its_function_with_the_period_and_unit():
    calls = []

    def spy(period, unit):
        calls.append((period, unit))
        return IndicatorResult(value=Decimal(1))

    unit = AdministrativeUnit(name="Tỉnh Thử", path="00000001/")
    result = entry("spy", spy).compute(calendar_year(2019), unit)
    assert result == IndicatorResult(value=Decimal(1))
    assert calls == [(calendar_year(2019), unit)]


def test_registering_a_code_twice_is_refused():
    own = Registry()
    own.register(entry("seven"))
    with pytest.raises(DuplicateIndicator, match=r"'seven' is already registered by .*always_seven"):
        own.register(entry("seven"))


def waiting(code: str) -> PendingIndicator:
    return PendingIndicator(code, "Chưa có", "cơ sở", "Chờ hồ sơ của một lĩnh vực chưa xây dựng.")


def test_a_real_indicator_clashing_with_a_pending_one_points_at_pending_py(scratch):
    scratch.register(as_indicator(waiting("not_built_yet")))
    with pytest.raises(DuplicateIndicator, match=r"pending\.py"):
        scratch.register(entry("not_built_yet"))


def test_a_pending_indicator_clashing_with_a_real_one_points_at_pending_py(scratch):
    with pytest.raises(DuplicateIndicator, match=r"pending\.py"):
        scratch.register(as_indicator(waiting("establishments_with_signs")))


def test_an_unknown_code_is_not_known_and_cannot_be_fetched():
    assert not registry.is_known("no_such_indicator")
    with pytest.raises(UnknownIndicator, match="no_such_indicator"):
        registry.get("no_such_indicator")


def test_manual_is_known_but_is_not_a_function_of_the_registry():
    assert registry.is_known("manual")
    with pytest.raises(UnknownIndicator, match="manual_value"):
        registry.get("manual")


@pytest.mark.parametrize("code", ["manual", "Healthy", "with space", "1st", "", "x" * 61])
def test_a_code_that_plan_files_could_not_name_is_refused(code):
    with pytest.raises(ValueError, match="must be lower-case"):
        Registry().register(entry(code))


def test_every_code_of_the_plan_file_is_known_at_start_up():
    assert all(registry.is_known(code) for code in PLAN_FILE_CODES)


def test_pending_indicators_answer_no_data_until_their_records_exist(scratch):
    assert {pending.code for pending in PENDING} == STILL_PENDING
    scratch.register(as_indicator(waiting("not_built_yet")))
    unit = AdministrativeUnit(name="Tỉnh Thử", path="00000001/")
    for code in [*STILL_PENDING, "not_built_yet"]:
        found = registry.get(code)
        assert found.pending
        assert found.compute(calendar_year(2019), unit) is None


def test_the_establishment_codes_of_the_plan_file_are_computed_not_pending():
    for code in (
        "establishments_with_signs",
        "establishment_commitment_share",
        "establishment_labour_registration_share",
    ):
        found = registry.get(code)
        assert not found.pending
        assert found.function.__module__ == "lanhmanh.establishments.indicators"


def test_discovering_again_registers_nothing_twice():
    before = [found.code for found in registry.all_indicators()]
    registry.autodiscover()
    assert [found.code for found in registry.all_indicators()] == before
