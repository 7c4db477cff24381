"""Reading consent: which answer is in force for a purpose, and whether an action it gates may go ahead.

The latest `Consent` row for (case, purpose[, agency]) is the one in force: a later refusal or a
withdrawal ends an earlier agreement. Referral and sharing go ahead with consent in force, or with a
`ConsentOverride` recorded by a user holding `support.override_consent` (services.referral_create).
"""

from __future__ import annotations

from lanhmanh.support.models import Case, Consent, ConsentOverride, ConsentPurpose


def current_consent(case: Case, purpose: str, *, agency_id: int | None = None) -> Consent | None:
    qs = Consent.objects.filter(case=case, purpose=purpose)
    if purpose == ConsentPurpose.SHARE_AGENCY:
        qs = qs.filter(agency=agency_id)
    return qs.order_by("-given_on", "-pk").first()


def consent_in_force(case: Case, purpose: str, *, agency_id: int | None = None) -> bool:
    consent = current_consent(case, purpose, agency_id=agency_id)
    return consent is not None and consent.in_force


def sharing_allowed(case: Case, purpose: str, *, agency_id: int | None = None) -> bool:
    """Consent in force, or an override recorded for this purpose (and agency)."""
    if consent_in_force(case, purpose, agency_id=agency_id):
        return True
    overrides = ConsentOverride.objects.filter(case=case, purpose=purpose)
    if purpose == ConsentPurpose.SHARE_AGENCY:
        overrides = overrides.filter(agency=agency_id)
    return overrides.exists()


def consents_in_force(case: Case) -> dict[tuple[str, int | None], Consent]:
    """The answer in force per (purpose, agency id), from one query."""
    latest: dict[tuple[str, int | None], Consent] = {}
    for consent in Consent.objects.filter(case=case).select_related("agency", "recorded_by").order_by("given_on", "pk"):
        latest[(consent.purpose, consent.agency_id)] = consent
    return latest
