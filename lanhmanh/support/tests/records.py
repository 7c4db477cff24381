"""Support records other apps' tests need (the OpenAPI check): one case with every sub-resource filled."""

from __future__ import annotations

from datetime import date

from lanhmanh.support import services
from lanhmanh.support.models import Case, Referral
from lanhmanh.support.tests.helpers import consent, grant, health_agency, provider, register


def support_records(world, personas) -> tuple[Case, Referral]:
    """A case of Xã An worked by the case worker; the coordinator persona is given `view_identity`."""
    worker = personas["case_worker"]
    grant(personas["coordinator"], "view_identity")
    case = register(worker, world.commune)
    consent(case, worker, "services")
    consent(case, worker, "referral")
    services.need_add(case=case, actor=worker, area="job", goal="Việc làm", target_date=None)
    services.service_record(case=case, actor=worker, kind="health", date=date(2019, 6, 3), provider=None, outcome="ok")
    services.follow_up_add(case=case, actor=worker, date=date(2019, 6, 4), notes="Gặp")
    referral = services.referral_create(
        case=case,
        actor=worker,
        provider=provider(world, health_agency(world)),
        need_area="health",
        reason="x",
        referred_on=date(2019, 6, 5),
    )
    return case, referral
