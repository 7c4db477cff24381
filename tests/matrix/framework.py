"""The access matrix's vocabulary: personas, the scene they act in, and the answers they get.

Each area of the product lists its addresses in a module of this package (`foundation.py`,
and one per later area) as `ENTRIES`, and may add records the addresses need with a
`build(scene)` function that stores them in `scene.extra`. `tests/test_access_matrix.py`
collects every area listed in `AREAS` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.testing import World
from lanhmanh.plans import services
from lanhmanh.plans.models import ManualValue, TaskUpdate
from lanhmanh.plans.tests.files import pdf_upload

# The world ----------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
# The shared personas, plus an administrator of one district: the province's administrator manages
# every account there is, so only a district administrator can reach for an account outside their scope.
PERSONAS = (
    ANONYMOUS,
    Role.ADMIN.value,
    "district_admin",
    Role.COORDINATOR.value,
    Role.AGENCY_OFFICER.value,
    Role.DISTRICT_OFFICER.value,
    Role.COMMUNE_OFFICER.value,
    "sibling_commune",
    Role.INSPECTOR.value,
    Role.CASE_WORKER.value,
    Role.PEER_EDUCATOR.value,
    Role.VIEWER.value,
)
# Everybody whose scope lies inside world.district: records of world.other_district answer them 404.
IN_THE_DISTRICT = (
    "district_admin",
    Role.DISTRICT_OFFICER.value,
    Role.COMMUNE_OFFICER.value,
    "sibling_commune",
    Role.INSPECTOR.value,
    Role.CASE_WORKER.value,
    Role.PEER_EDUCATOR.value,
)


@dataclass
class Scene:
    """The shared world and personas, with the records some addresses need."""

    world: World
    users: dict[str, User]
    # An account of the other district, outside the district administrator's scope.
    outsider: User
    commune_update: TaskUpdate
    far_update: TaskUpdate
    province_value: ManualValue
    commune_value: ManualValue
    # Records added by later areas' `build(scene)`, by name.
    extra: dict[str, Any] = field(default_factory=dict)


def progress_with_evidence(task, author) -> TaskUpdate:
    return services.task_post_update(
        task=task, author=author, date=date(2019, 6, 1), text="Biên bản", evidence=pdf_upload()
    )


def value_reported(world: World, unit, actor: User) -> ManualValue:
    return services.manual_value_record(
        measure=world.manual_measure,
        actor=actor,
        unit=unit,
        period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 31),
        value=Decimal(75),
        unit_of_measure="xã",
        source_note="Báo cáo tổng hợp",
    )


# What a persona gets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location path matches `to`, a regular expression."""

    to: str

    def __str__(self) -> str:
        return f"302 to {self.to}"


Answer = int | Redirect

OK = 200
NO_CONTENT = 204
BAD_REQUEST = 400
UNAUTHORIZED = 401
FORBIDDEN = 403
NOT_FOUND = 404
TO_LOG_IN = Redirect("/login/")
TO_DASHBOARD = Redirect("/")
TO_THE_ACCOUNT = Redirect(r"/users/\d+/edit/")


def _table(anonymous: Answer, default: Answer, roles: dict[str, Answer]) -> dict[str, Answer]:
    unknown = set(roles) - set(PERSONAS)
    assert not unknown, f"not a persona: {unknown}"
    return {ANONYMOUS: anonymous, **dict.fromkeys(PERSONAS[1:], default), **roles}


def page(default: Answer, **roles: Answer) -> dict[str, Answer]:
    """A page: anonymous visitors are sent to log in, personas not named get `default`."""
    return _table(TO_LOG_IN, default, roles)


def api(default: Answer, **roles: Answer) -> dict[str, Answer]:
    """An API endpoint: anonymous callers get 401, personas not named get `default`."""
    return _table(UNAUTHORIZED, default, roles)


def public(default: Answer, **roles: Answer) -> dict[str, Answer]:
    """An address that answers without logging in: anonymous visitors included in `default`."""
    return _table(default, default, roles)


def each(personas: tuple[str, ...], answer: Answer) -> dict[str, Answer]:
    return dict.fromkeys(personas, answer)


# The matrix ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    name: str  # the URL pattern's name, with its namespace
    about: str  # which record the address reaches for; part of the test id
    url: Callable[[Scene], str]
    answers: dict[str, dict[str, Answer]]  # method -> persona -> answer
    body: Callable[[Scene], dict[str, object]]  # what a write sends


def entry(
    name: str,
    about: str,
    url: Callable[[Scene], str],
    *,
    body: Callable[[Scene], dict[str, object]] = lambda scene: {},
    **answers: dict[str, Answer],
) -> Entry:
    return Entry(name, about, url, answers, body)


# Each URL pattern's name, and why the matrix leaves it out.
