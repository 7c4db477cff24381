"""Every URL pattern, every role: the answers of docs/permissions.md, checked address by address.

The entries live in `tests/matrix/<area>.py` (one module per area of the product, listed in
AREAS); each writes its addresses out literally from the test world and says, for each method,
what every persona gets. A URL pattern without an entry fails
`test_every_url_pattern_has_a_matrix_entry`, so a new page or endpoint cannot skip the matrix.

Writes send an empty or incomplete body. Somebody allowed in gets the form back with its errors (200)
or a 400 from the API; anybody else gets 403, or 404 for a record outside their scope, before the body
is read: a refused user never learns which fields a write expects.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from knox.models import AuthToken
from rest_framework.test import APIClient

from lanhmanh.accounts.models import Role
from lanhmanh.core.testing import make_personas, make_user, make_world
from tests.matrix import (
    communes,
    establishments,
    foundation,
    inspections,
    outreach,
    peergroups,
    support,
    support_privacy,
)
from tests.matrix.framework import (
    PERSONAS,
    Answer,
    Entry,
    Redirect,
    Scene,
    progress_with_evidence,
    value_reported,
)

# One module per area of the product; each has ENTRIES and may have build(scene).
AREAS = [foundation, outreach, communes, establishments, inspections, support, support_privacy, peergroups]
MATRIX: list[Entry] = [e for area in AREAS for e in area.ENTRIES]
IGNORED = foundation.IGNORED


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
        scene = Scene(
            world=world,
            users=users,
            outsider=make_user("outsider", Role.COMMUNE_OFFICER, world.district_committees, world.far_commune),
            commune_update=progress_with_evidence(world.commune_task, users[Role.COMMUNE_OFFICER]),
            far_update=progress_with_evidence(world.other_district_task, coordinator),
            province_value=value_reported(world, world.province, coordinator),
            commune_value=value_reported(world, world.commune, coordinator),
        )
        for area in AREAS:
            build = getattr(area, "build", None)
            if build is not None:
                build(scene)
        yield scene
        transaction.set_rollback(True)


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
