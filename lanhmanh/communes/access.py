"""The doors to healthy-commune assessments: who reads, who scores, who reviews, who recognises.

Reads go through `<Model>.objects.visible_to(user)` (the user's subtree; a sibling commune's
assessment answers 404); single records through the `get_*` helpers below, which answer 403 to
a user who may read the record but not do what the page does. Whether the record's *state*
allows it (a submitted assessment is not edited) is for the services to say.

- The commune scores: a commune officer whose scope holds the commune.
- The level above reviews (thẩm định): while districts exist, an officer of the commune's
  district; from 1 July 2025 (two-tier local government, DOMAIN.md §3), or for a commune
  directly under the province, the provincial coordinator.
- The province recognises: the coordinator whose scope holds the commune.
"""

from __future__ import annotations

from datetime import date

from lanhmanh.accounts.models import Role, User
from lanhmanh.communes.models import (
    AssessmentQuerySet,
    AssessmentScheme,
    HealthyCommuneAssessment,
    RecognitionDecision,
    ScoreEvidence,
)
from lanhmanh.core.access import get_for_user
from lanhmanh.places.models import AdministrativeUnit, Level

# Resolution 202/2025/QH15: local government has two tiers (province, commune) from this day.
TWO_TIER_FROM = date(2025, 7, 1)


def _covers(user: User, unit: AdministrativeUnit) -> bool:
    return user.scope is not None and unit.path.startswith(user.scope.path)


def review_day(year: int) -> date:
    """The day a year's assessment is reviewed for: the end of that year."""
    return date(year, 12, 31)


def district_reviews(commune: AdministrativeUnit, year: int) -> bool:
    """Whether the commune's district reviews its assessment for `year` (else the province does).

    The district must exist on the review day: the commune's parent is a district-level unit
    valid then, and the day falls before the two-tier reform.
    """
    parent = commune.parent
    day = review_day(year)
    return (
        parent is not None
        and parent.level == Level.DISTRICT
        and day < TWO_TIER_FROM
        and (parent.valid_from is None or parent.valid_from <= day)
        and (parent.valid_to is None or parent.valid_to >= day)
    )


def may_start_assessment(user: User) -> bool:
    """A commune officer of one commune opens their commune's assessment (checked before the body)."""
    scope = user.scope
    return user.is_active and user.role == Role.COMMUNE_OFFICER and scope is not None and scope.level == Level.COMMUNE


def can_assess(user: User, commune: AdministrativeUnit) -> bool:
    return user.is_active and user.role == Role.COMMUNE_OFFICER and _covers(user, commune)


def can_review(user: User, assessment: HealthyCommuneAssessment) -> bool:
    if not user.is_active or user.is_read_only or not _covers(user, assessment.commune):
        return False
    if district_reviews(assessment.commune, assessment.year):
        return user.role == Role.DISTRICT_OFFICER
    return user.role == Role.COORDINATOR


def may_recognise(user: User) -> bool:
    """Whether the user could record a recognition decision at all (checked before the body)."""
    return user.is_active and user.role == Role.COORDINATOR and user.scope is not None


def can_recognise(user: User, assessment: HealthyCommuneAssessment) -> bool:
    return may_recognise(user) and _covers(user, assessment.commune)


def reviewer_label(assessment: HealthyCommuneAssessment) -> str:
    """Who reviews this assessment, in words, for the pages."""
    parent = assessment.commune.parent
    if parent is not None and district_reviews(assessment.commune, assessment.year):
        return f"Cán bộ cấp huyện ({parent.name})"
    return "Cơ quan thường trực cấp tỉnh"


# --- Doors --------------------------------------------------------------------------------------


def assessments_for(user: User) -> AssessmentQuerySet:
    """The assessments the user reads, with what every page and the API show of them."""
    return HealthyCommuneAssessment.objects.visible_to(user).select_related(
        "commune", "commune__parent", "scheme", "self_class", "reviewed_class", "recognition", "created_by"
    )


def get_assessment_for_user(user: User, pk: object) -> HealthyCommuneAssessment:
    return get_for_user(assessments_for(user), pk, user=user)


def get_assessment_to_edit(user: User, pk: object) -> HealthyCommuneAssessment:
    """The commune's own officer scores, notes and attaches evidence."""
    qs = assessments_for(user)
    return get_for_user(qs, pk, user=user, write=True, can_write=lambda u, a: can_assess(u, a.commune))


def get_assessment_to_review(user: User, pk: object) -> HealthyCommuneAssessment:
    return get_for_user(assessments_for(user), pk, user=user, write=True, can_write=can_review)


def get_evidence_for_user(user: User, pk: object, *, write: bool = False) -> ScoreEvidence:
    qs = ScoreEvidence.objects.visible_to(user).select_related(
        "score__assessment__commune", "score__criterion", "uploaded_by"
    )
    return get_for_user(
        qs, pk, user=user, write=write, can_write=lambda u, e: can_assess(u, e.score.assessment.commune)
    )


def get_recognition_for_user(user: User, pk: object) -> RecognitionDecision:
    qs = RecognitionDecision.objects.visible_to(user).select_related("unit", "recorded_by")
    return get_for_user(qs, pk, user=user)


def get_scheme(user: User, pk: object) -> AssessmentScheme:
    """Schemes are reference data: every user reads every scheme."""
    return get_for_user(AssessmentScheme.objects.all(), pk, user=user)
