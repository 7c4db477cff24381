"""Every URL pattern, every role: the answers of docs/permissions.md, checked address by address.

MATRIX holds one entry per URL pattern (several when the rules differ by record: a commune's task, a
task of the other district). An entry writes the address out literally from the test world and says,
for each method, what every persona gets. A URL pattern without an entry fails
`test_every_url_pattern_has_a_matrix_entry`, so a new page or endpoint cannot skip the matrix.

Writes send an empty or incomplete body. Somebody allowed in gets the form back with its errors (200)
or a 400 from the API; anybody else gets 403, or 404 for a record outside their scope, before the body
is read: a refused user never learns which fields a write expects.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from knox.models import AuthToken
from rest_framework.test import APIClient

from lanhmanh.accounts.models import Role, User
from lanhmanh.core.testing import World, make_personas, make_user, make_world
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


@pytest.fixture(autouse=True)
def fresh_throttle():
    # The token endpoint's throttle counts in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the whole matrix, inside a transaction rolled back when the module is done.

    Each test runs in a savepoint of it (pytest-django's `db`), so whatever a request writes (a
    session, a token, a deactivated account) is undone before the next one.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("evidence")),
        transaction.atomic(),
    ):
        world = make_world()
        users = {
            **make_personas(world),
            "district_admin": make_user("district_admin", Role.ADMIN, None, world.district),
        }
        coordinator = users[Role.COORDINATOR]
        yield Scene(
            world=world,
            users=users,
            outsider=make_user("outsider", Role.COMMUNE_OFFICER, world.district_committees, world.far_commune),
            commune_update=progress_with_evidence(world.commune_task, users[Role.COMMUNE_OFFICER]),
            far_update=progress_with_evidence(world.other_district_task, coordinator),
            province_value=value_reported(world, world.province, coordinator),
            commune_value=value_reported(world, world.commune, coordinator),
        )
        transaction.set_rollback(True)


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
IGNORED = {
    "set_language": "Django's language switch: public by design, it only sets a cookie and redirects.",
}

MATRIX = [
    # Public addresses.
    entry("healthz", "", lambda s: "/healthz", GET=public(OK)),
    entry("accounts:login", "", lambda s: "/login/", GET=public(TO_DASHBOARD, anonymous=OK)),
    entry("accounts:logout", "", lambda s: "/logout/", POST=public(TO_LOG_IN)),
    # User administration: the administrator role only, accounts inside the administrator's scope.
    entry("users:user_list", "", lambda s: "/users/", GET=page(FORBIDDEN, admin=OK, district_admin=OK)),
    entry(
        "users:user_create",
        "",
        lambda s: "/users/new/",
        GET=page(FORBIDDEN, admin=OK, district_admin=OK),
        POST=page(FORBIDDEN, admin=OK, district_admin=OK),
    ),
    entry(
        "users:user_edit",
        "commune_account",
        lambda s: f"/users/{s.users['commune_officer'].pk}/edit/",
        GET=page(FORBIDDEN, admin=OK, district_admin=OK),
        POST=page(FORBIDDEN, admin=OK, district_admin=OK),
    ),
    entry(
        "users:user_edit",
        "province_account",
        lambda s: f"/users/{s.users['coordinator'].pk}/edit/",
        GET=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
    ),
    entry(
        "users:user_edit",
        "other_district_account",
        lambda s: f"/users/{s.outsider.pk}/edit/",
        GET=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
        POST=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
    ),
    entry(
        "users:user_deactivate",
        "commune_account",
        lambda s: f"/users/{s.users['commune_officer'].pk}/deactivate/",
        GET=page(FORBIDDEN, admin=OK, district_admin=OK),
        POST=page(FORBIDDEN, admin=OK, district_admin=OK),
    ),
    entry(
        "users:user_deactivate",
        "other_district_account",
        lambda s: f"/users/{s.outsider.pk}/deactivate/",
        GET=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
        POST=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
    ),
    entry(
        "users:user_reactivate",
        "commune_account",
        lambda s: f"/users/{s.users['commune_officer'].pk}/reactivate/",
        POST=page(FORBIDDEN, admin=TO_THE_ACCOUNT, district_admin=TO_THE_ACCOUNT),
    ),
    entry(
        "users:user_reactivate",
        "other_district_account",
        lambda s: f"/users/{s.outsider.pk}/reactivate/",
        POST=page(FORBIDDEN, admin=TO_THE_ACCOUNT, district_admin=NOT_FOUND),
    ),
    entry(
        "users:user_password",
        "commune_account",
        lambda s: f"/users/{s.users['commune_officer'].pk}/password/",
        GET=page(FORBIDDEN, admin=OK, district_admin=OK),
        POST=page(FORBIDDEN, admin=OK, district_admin=OK),
    ),
    entry(
        "users:user_password",
        "other_district_account",
        lambda s: f"/users/{s.outsider.pk}/password/",
        GET=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
        POST=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
    ),
    # The audit trail: administrators and coordinators.
    entry("core:audit_list", "", lambda s: "/audit/", GET=page(FORBIDDEN, admin=OK, district_admin=OK, coordinator=OK)),
    # Plan pages: everybody reads what is visible to them.
    entry("plans:dashboard", "", lambda s: "/", GET=page(OK)),
    entry(
        "plans:dashboard",
        "far_commune",
        lambda s: f"/?plan={s.world.plan.pk}&unit={s.world.far_commune.pk}",
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry("plans:task_list", "", lambda s: "/tasks/", GET=page(OK)),
    entry("plans:my_tasks", "", lambda s: "/tasks/mine/", GET=page(OK)),
    # A task: the page, and posting a progress update to it.
    entry(
        "plans:task_detail",
        "commune_task",
        lambda s: f"/tasks/{s.world.commune_task.pk}/",
        GET=page(OK, sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, coordinator=OK, district_officer=OK, commune_officer=OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "plans:task_detail",
        "police_task",
        lambda s: f"/tasks/{s.world.police_task.pk}/",
        GET=page(OK),
        POST=page(FORBIDDEN, coordinator=OK, agency_officer=OK),
    ),
    entry(
        "plans:task_detail",
        "other_district_task",
        lambda s: f"/tasks/{s.world.other_district_task.pk}/",
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, coordinator=OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # The coordinator's pages.
    entry(
        "plans:task_assign",
        "commune_task",
        lambda s: f"/tasks/{s.world.commune_task.pk}/assign/",
        GET=page(FORBIDDEN, coordinator=OK, sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, coordinator=OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "plans:task_assign",
        "other_district_task",
        lambda s: f"/tasks/{s.world.other_district_task.pk}/assign/",
        GET=page(FORBIDDEN, coordinator=OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, coordinator=OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry("plans:measure_detail", "", lambda s: f"/measures/{s.world.manual_measure.pk}/", GET=page(OK)),
    entry(
        "plans:measure_edit",
        "",
        lambda s: f"/measures/{s.world.manual_measure.pk}/edit/",
        GET=page(FORBIDDEN, coordinator=OK),
        POST=page(FORBIDDEN, coordinator=OK),
    ),
    entry(
        "plans:manual_value_create",
        "",
        lambda s: f"/measures/{s.world.manual_measure.pk}/values/new/",
        GET=page(FORBIDDEN, coordinator=OK),
        POST=page(FORBIDDEN, coordinator=OK),
    ),
    # Evidence is streamed to whoever may read the update.
    entry(
        "plans:evidence_download",
        "commune_task_update",
        lambda s: f"/updates/{s.commune_update.pk}/evidence/",
        GET=page(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "plans:evidence_download",
        "other_district_task_update",
        lambda s: f"/updates/{s.far_update.pk}/evidence/",
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # The API's documentation and tokens.
    entry("schema", "", lambda s: "/api/schema/", GET=public(OK)),
    entry("api-docs", "", lambda s: "/api/docs/", GET=public(OK)),
    # The credentials are the body: anybody who sends none is told which fields are missing.
    entry("api-token", "", lambda s: "/api/v1/auth/token/", POST=public(BAD_REQUEST)),
    entry("api-logout", "", lambda s: "/api/v1/auth/logout/", POST=api(NO_CONTENT)),
    # Reference data: every user reads every unit and agency.
    entry("agency-list", "", lambda s: "/api/v1/agencies/", GET=api(OK)),
    entry("agency-detail", "", lambda s: f"/api/v1/agencies/{s.world.police.pk}/", GET=api(OK)),
    entry("unit-list", "", lambda s: "/api/v1/units/", GET=api(OK)),
    entry("unit-detail", "far_commune", lambda s: f"/api/v1/units/{s.world.far_commune.pk}/", GET=api(OK)),
    # Plans, targets, measures.
    entry("plan-list", "", lambda s: "/api/v1/plans/", GET=api(OK)),
    entry("plan-detail", "", lambda s: f"/api/v1/plans/{s.world.plan.pk}/", GET=api(OK)),
    entry("target-list", "", lambda s: f"/api/v1/targets/?plan={s.world.plan.pk}", GET=api(OK)),
    entry(
        "target-list",
        "far_commune",
        lambda s: f"/api/v1/targets/?plan={s.world.plan.pk}&unit={s.world.far_commune.pk}",
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "measure-detail",
        "",
        lambda s: f"/api/v1/measures/{s.world.manual_measure.pk}/",
        PATCH=api(FORBIDDEN, coordinator=BAD_REQUEST),
    ),
    # Tasks and their progress updates.
    entry("task-list", "", lambda s: "/api/v1/tasks/", GET=api(OK)),
    entry(
        "task-list",
        "far_commune",
        lambda s: f"/api/v1/tasks/?unit={s.world.far_commune.pk}",
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "task-detail",
        "commune_task",
        lambda s: f"/api/v1/tasks/{s.world.commune_task.pk}/",
        GET=api(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "task-detail",
        "other_district_task",
        lambda s: f"/api/v1/tasks/{s.world.other_district_task.pk}/",
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "task-assign",
        "commune_task",
        lambda s: f"/api/v1/tasks/{s.world.commune_task.pk}/assign/",
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST, sibling_commune=NOT_FOUND),
    ),
    entry(
        "task-assign",
        "other_district_task",
        lambda s: f"/api/v1/tasks/{s.world.other_district_task.pk}/assign/",
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "task-updates",
        "commune_task",
        lambda s: f"/api/v1/tasks/{s.world.commune_task.pk}/updates/",
        GET=api(OK, sibling_commune=NOT_FOUND),
        POST=api(
            FORBIDDEN,
            coordinator=BAD_REQUEST,
            district_officer=BAD_REQUEST,
            commune_officer=BAD_REQUEST,
            sibling_commune=NOT_FOUND,
        ),
    ),
    entry(
        "task-updates",
        "police_task",
        lambda s: f"/api/v1/tasks/{s.world.police_task.pk}/updates/",
        GET=api(OK),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST, agency_officer=BAD_REQUEST),
    ),
    entry(
        "task-updates",
        "other_district_task",
        lambda s: f"/api/v1/tasks/{s.world.other_district_task.pk}/updates/",
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry("task-update-list", "", lambda s: "/api/v1/task-updates/", GET=api(OK)),
    entry(
        "task-update-detail",
        "commune_task_update",
        lambda s: f"/api/v1/task-updates/{s.commune_update.pk}/",
        GET=api(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "task-update-detail",
        "other_district_task_update",
        lambda s: f"/api/v1/task-updates/{s.far_update.pk}/",
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # Values reported by hand: the measure to record for is named in the body.
    entry(
        "manual-value-list",
        "",
        lambda s: "/api/v1/manual-values/",
        body=lambda s: {"measure": s.world.manual_measure.pk},
        GET=api(OK),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST),
    ),
    entry(
        "manual-value-detail",
        "province_value",
        lambda s: f"/api/v1/manual-values/{s.province_value.pk}/",
        GET=api(OK),
    ),
    entry(
        "manual-value-detail",
        "commune_value",
        lambda s: f"/api/v1/manual-values/{s.commune_value.pk}/",
        GET=api(OK, sibling_commune=NOT_FOUND),
    ),
]

CASES = [
    pytest.param(e, method, persona, id=f"{e.name}{'[' + e.about + ']' if e.about else ''}-{method}-{persona}")
    for e in MATRIX
    for method, answers in e.answers.items()
    for persona in PERSONAS
    if persona in answers
]


# Asking -------------------------------------------------------------------------------------------


def ask(scene: Scene, e: Entry, method: str, persona: str):
    url = e.url(scene)
    user = scene.users.get(persona)
    if url.startswith("/api/"):
        client = APIClient()
        if user is not None:
            # A real token, so the API's own authentication decides, exactly as for a script.
            _, key = AuthToken.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        if method == "GET":
            return client.get(url)
        return getattr(client, method.lower())(url, e.body(scene), format="json")
    client = Client()
    if user is not None:
        client.force_login(user)
    if method == "GET":
        return client.get(url)
    return client.post(url, e.body(scene))


def answered(response, expected: Answer) -> bool:
    if isinstance(expected, Redirect):
        location = urlsplit(response.get("Location", "")).path
        return response.status_code == 302 and re.fullmatch(expected.to, location) is not None
    return response.status_code == expected


def got(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} to {response['Location']}"
    return str(response.status_code)


# The tests ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("e", "method", "persona"), CASES)
def test_each_persona_gets_the_answer_the_rules_give(db, scene, e, method, persona):
    response = ask(scene, e, method, persona)
    if response.streaming:
        # Reading to the end closes the evidence file. (Closing the response a second time would also
        # fire request_finished, whose handler drops a PostgreSQL connection found inside a transaction.)
        b"".join(response.streaming_content)
    expected = e.answers[method][persona]
    assert answered(response, expected), (
        f"{method} {e.url(scene)} as {persona}: got {got(response)}, expected {expected}"
    )


def test_every_entry_answers_for_every_persona():
    incomplete = [
        f"{e.name} [{e.about}] {method}"
        for e in MATRIX
        for method, answers in e.answers.items()
        if set(answers) != set(PERSONAS)
    ]
    assert incomplete == []


def url_patterns(patterns=None, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(route, name) of every URL pattern, routes joined as Django's resolver joins them."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).removeprefix("^") if prefix else str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += url_patterns(pattern.url_patterns, route, inner)
        else:
            assert isinstance(pattern, URLPattern)
            found.append((route, f"{namespace}{pattern.name}" if pattern.name else ""))
    return found


def test_every_url_pattern_has_a_matrix_entry(db, scene):
    patterns = url_patterns()
    assert set(IGNORED) <= {name for _, name in patterns}, "IGNORED names a pattern that no longer exists"
    reached: set[str] = set()
    astray = []
    for e in MATRIX:
        url = e.url(scene)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            astray.append(f"{e.name}: {url} matches no pattern")
            continue
        if match.view_name != e.name:
            astray.append(f"{e.name}: {url} reaches {match.view_name}")
        reached.add(match.route)
    # By route, not by name: format-suffix variants share their pattern's name and need entries of their own.
    missing = [f"{route} ({name})" for route, name in patterns if route not in reached and name not in IGNORED]
    assert astray == [], "MATRIX entries that do not reach the pattern they name"
    assert missing == [], "URL patterns without an entry in MATRIX"
