"""Records the support tests build: cases with sentinel identities, providers, consents."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Permission

from lanhmanh.accounts.models import Agency, AgencyLevel, User
from lanhmanh.core.testing import World
from lanhmanh.support import services
from lanhmanh.support.models import (
    AgeGroup,
    Case,
    CaseKind,
    ConsentMethod,
    ContactChannel,
    Identity,
    ProviderKind,
    ServiceProvider,
    Sex,
)

# Values that must never appear in a URL, a log line, an audit entry or a raw database dump.
SENTINEL_NAME = "Zyxw Sentinel Quỳnh"
SENTINEL_ID = "SENT0000777"
SENTINEL_PHONE = "0999777555"
SENTINEL_NOTE = "sentinel-note-qwfp"
SENTINELS = (SENTINEL_NAME, SENTINEL_ID, SENTINEL_PHONE, SENTINEL_NOTE, "Sentinel")


def grant(user: User, *codenames: str) -> User:
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="support", codename__in=codenames))
    # Permission checks are cached on the instance: reload it.
    return User.objects.get(pk=user.pk)


def identity(name: str = SENTINEL_NAME, id_number: str = SENTINEL_ID, **extra: object) -> Identity:
    values: dict[str, object] = {
        "full_name": name,
        "birth_date": date(1995, 3, 4),
        "id_number": id_number,
        "phone": SENTINEL_PHONE,
        "address": "Ấp Sentinel",
        "notes": SENTINEL_NOTE,
        **extra,
    }
    return Identity(**values)


def register(
    actor: User,
    commune,
    *,
    who: Identity | None = None,
    confirmed: bool = True,
    kind: str = CaseKind.SELLS_SEX,
) -> Case:
    return services.case_register(
        actor=actor,
        data=services.CaseInput(
            kind=kind,
            sex=Sex.FEMALE,
            age_group=AgeGroup.FROM_25_TO_34,
            commune=commune,
            contact_channel=ContactChannel.OUTREACH,
            opened_on=date(2019, 6, 1),
        ),
        identity=who if who is not None else identity(),
        confirmed_duplicate=confirmed,
    )


def consent(case: Case, actor: User, purpose: str, *, agency: Agency | None = None, granted: bool = True):
    return services.consent_record(
        case=case,
        actor=actor,
        purpose=purpose,
        granted=granted,
        given_on=date(2019, 6, 2),
        method=ConsentMethod.WRITTEN,
        agency=agency,
    )


def health_agency(world: World) -> Agency:
    return Agency.objects.create(
        code="TTYT", name="Trung tâm Y tế huyện Một", level=AgencyLevel.DISTRICT, unit=world.district
    )


def provider(world: World, agency: Agency | None) -> ServiceProvider:
    return ServiceProvider.objects.create(
        name="Trung tâm Y tế huyện Một", kind=ProviderKind.HEALTH_CENTRE, unit=world.district, agency=agency
    )
