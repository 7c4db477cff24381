"""Who may score, review and recognise, by role and scope; and the doors' 404 and 403."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lanhmanh.accounts.models import Role
from lanhmanh.communes.access import (
    can_assess,
    can_recognise,
    can_review,
    district_reviews,
    get_assessment_for_user,
    get_assessment_to_edit,
    get_assessment_to_review,
    may_recognise,
    may_start_assessment,
    reviewer_label,
)
from lanhmanh.communes.models import HealthyCommuneAssessment
from lanhmanh.core.testing import make_unit, make_user
from lanhmanh.places.models import AdministrativeUnit, Level

ALL = [role.value for role in Role] + ["sibling_commune"]


def test_only_the_communes_own_officer_scores_it(world, personas):
    allowed = {name for name in ALL if can_assess(personas[name], world.commune)}
    assert allowed == {"commune_officer"}
    assert {name for name in ALL if may_start_assessment(personas[name])} == {"commune_officer", "sibling_commune"}


def test_a_deactivated_officer_scores_nothing(world, personas):
    officer = personas["commune_officer"]
    officer.is_active = False
    assert not can_assess(officer, world.commune) and not may_start_assessment(officer)


def test_the_district_reviews_while_districts_exist(world, personas):
    assessment = HealthyCommuneAssessment(commune=world.commune, year=2024)
    assert district_reviews(world.commune, 2024)
    assert {name for name in ALL if can_review(personas[name], assessment)} == {"district_officer"}
    assert reviewer_label(assessment) == "Cán bộ cấp huyện (Huyện Một)"


def test_the_province_reviews_from_the_two_tier_reform(world, personas):
    assessment = HealthyCommuneAssessment(commune=world.commune, year=2025)
    assert not district_reviews(world.commune, 2025)
    assert {name for name in ALL if can_review(personas[name], assessment)} == {"coordinator"}
    assert reviewer_label(assessment) == "Cơ quan thường trực cấp tỉnh"


def test_the_province_reviews_when_the_district_had_ended_or_the_commune_is_directly_under_it(world, personas):
    AdministrativeUnit.objects.filter(pk=world.district.pk).update(valid_to=date(2020, 6, 30))
    world.commune.refresh_from_db()
    world.commune.parent.refresh_from_db()
    assert not district_reviews(world.commune, 2020) and district_reviews(world.commune, 2019)
    ward = make_unit("Phường Trực Thuộc", "99901", Level.COMMUNE, world.province)
    assert not district_reviews(ward, 2019)
    assert can_review(personas["coordinator"], HealthyCommuneAssessment(commune=ward, year=2019))


def test_a_district_officer_of_another_district_reviews_nothing_here(world, personas):
    other = make_user("other_district", Role.DISTRICT_OFFICER, world.district_committees, world.other_district)
    assert not can_review(other, HealthyCommuneAssessment(commune=world.commune, year=2019))


def test_the_coordinator_recognises_in_their_scope(world, personas):
    assessment = HealthyCommuneAssessment(commune=world.commune, year=2019)
    assert {name for name in ALL if can_recognise(personas[name], assessment)} == {"coordinator"}
    assert {name for name in ALL if may_recognise(personas[name])} == {"coordinator"}


def test_a_sibling_communes_assessment_is_not_found_and_a_reader_may_not_write(draft, personas):
    with pytest.raises(Http404):
        get_assessment_for_user(personas["sibling_commune"], draft.pk)
    assert get_assessment_for_user(personas["viewer"], draft.pk) == draft
    for name in ("viewer", "district_officer", "coordinator", "inspector"):
        with pytest.raises(PermissionDenied):
            get_assessment_to_edit(personas[name], draft.pk)
    assert get_assessment_to_edit(personas["commune_officer"], draft.pk) == draft
    with pytest.raises(PermissionDenied):
        get_assessment_to_review(personas["coordinator"], draft.pk)
    with pytest.raises(Http404):
        get_assessment_for_user(personas["viewer"], "abc")
