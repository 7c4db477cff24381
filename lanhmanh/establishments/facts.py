"""What the registry tells a healthy-commune assessment about the commune's year (communes/facts.py).

Imported at start-up by `CommunesConfig.ready` (it autodiscovers every app's `facts` module).
Facts are shown beside the criterion to the commune and its reviewer; they never change a score.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanhmanh.communes.facts import Fact, fact_source
from lanhmanh.establishments.indicators import operating_on
from lanhmanh.establishments.models import Commitment, RiskFlag
from lanhmanh.places.models import AdministrativeUnit

# Establishments without a commitment listed by name under the summary, at most.
LISTED = 20


def _url(pk: int) -> str:
    return f"/establishments/{pk}/"


@fact_source("establishments_with_signs", _("Cơ sở có biểu hiện hoạt động mại dâm"))
def establishments_with_signs(commune: AdministrativeUnit, year: int) -> list[Fact]:
    """Flags of the commune's establishments current at some time during the year."""
    flags = (
        RiskFlag.objects.filter(establishment__commune=commune, noted_on__lte=date(year, 12, 31))
        .filter(Q(cleared_on__isnull=True) | Q(cleared_on__gte=date(year, 1, 1)))
        .select_related("establishment")
        .order_by("noted_on", "pk")
    )
    facts = []
    for flag in flags:
        cleared = f"; kết thúc {flag.cleared_on:%d/%m/%Y}" if flag.cleared_on else ""
        text = f"{flag.establishment.name}: {flag.description} ({flag.get_source_display()}{cleared})"
        facts.append(Fact(text=text, day=flag.noted_on, url=_url(flag.establishment_id)))
    return facts


@fact_source("establishment_commitments", _("Cơ sở kinh doanh có bản cam kết còn hiệu lực"))
def establishment_commitments(commune: AdministrativeUnit, year: int) -> list[Fact]:
    """The share of the commune's operating establishments with a valid commitment on 31 December,
    and those without one."""
    day = date(year, 12, 31)
    operating = list(operating_on(day, commune).order_by("name_folded", "pk").values_list("pk", "name"))
    if not operating:
        return []
    committed = set(
        Commitment.objects.valid_on(day)
        .filter(establishment_id__in=[pk for pk, _name in operating])
        .values_list("establishment_id", flat=True)
    )
    share = round(100 * len(committed) / len(operating))
    summary = Fact(
        text=f"{len(committed)}/{len(operating)} cơ sở đang hoạt động có bản cam kết còn hiệu lực ({share}%)",
        day=day,
    )
    missing = [Fact(text=f"Chưa có cam kết: {name}", url=_url(pk)) for pk, name in operating if pk not in committed]
    return [summary, *missing[:LISTED]]
