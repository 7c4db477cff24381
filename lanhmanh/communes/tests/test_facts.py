"""Facts the system holds about a commune are shown next to the criterion they bear on; they
never change a score."""

from __future__ import annotations

from datetime import date

import pytest

from lanhmanh.communes import facts
from lanhmanh.communes.facts import Fact, FactRegistry, FactSource, facts_for


@pytest.fixture
def registry(monkeypatch):
    """An empty registry in place of the process's, so a test chooses every source there is."""
    empty = FactRegistry()
    monkeypatch.setattr(facts, "default_registry", empty)
    return empty


def signs(commune, year):
    return [Fact(text=f"Karaoke Hoa Hồng ({commune}, {year}): có biểu hiện mại dâm", day=date(year, 5, 3))]


def test_the_establishments_area_provides_its_sources_at_start_up():
    for code in ("establishments_with_signs", "establishment_commitments"):
        source = facts.default_registry.get(code)
        assert source is not None and source.provider.__module__ == "lanhmanh.establishments.facts"


def test_a_registered_source_is_asked_for_the_communes_year(registry, world):
    registry.register(FactSource("establishments_with_signs", "Cơ sở có biểu hiện", signs))
    [group] = facts_for(["establishments_with_signs"], world.commune, 2019)
    assert group.source is not None and group.facts[0].text.startswith("Karaoke Hoa Hồng (Xã An, 2019)")
    [missing] = facts_for(["unknown_source"], world.commune, 2019)
    assert (missing.source, missing.facts) == (None, [])


def test_a_source_is_registered_once(registry):
    registry.register(FactSource("x", "X", signs))
    with pytest.raises(ValueError, match="already registered"):
        registry.register(FactSource("x", "X", signs))


def test_the_form_and_the_review_show_the_facts_beside_the_criterion(registry, client, sent, personas):
    registry.register(FactSource("establishments_with_signs", "Cơ sở có biểu hiện hoạt động mại dâm", signs))
    client.force_login(personas["district_officer"])
    html = client.get(f"/communes/assessments/{sent.pk}/review/").content.decode()
    assert "Cơ sở có biểu hiện hoạt động mại dâm" in html and "03/05/2019: Karaoke Hoa Hồng" in html
    assert "Nguồn dữ liệu “establishment_commitments” chưa có trong hệ thống" in html
    # Shown, not applied: the commune's "met" stands until the reviewer changes it.
    assert sent.scores.get(criterion__code="III.1").self_value == 1
