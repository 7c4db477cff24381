"""Log hygiene: identifying values never reach a log record nor an address.

Sentinel identities go through the real pages and endpoints (register, search, edit, export,
data-subject requests), then every support page and endpoint is requested by several personas, GET
and POST, while every log record is captured: the root logger at DEBUG, django.request,
django.server and the SQL log (django.db.backends, with the debug cursor forced on). No sentinel may
appear in any record (message, arguments, exception text), nor in any address requested or
redirected to.
"""

import logging
import re
import unicodedata
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lanhmanh.support import crypto, services, subject_requests
from lanhmanh.support.models import Case, Consent, ServiceProvider
from tests.matrix.support_privacy import auditor, grant, supported_person

NAME = "Hoàng Thị Logsentinel"
ID_NUMBER = "079900112233"
PHONE = "0911223344"
ADDRESS = "Ấp Logbímật, xã Kín"
NOTES = "Ghi chú Lognotesentinel"
LOGGERS = ("", "django", "django.request", "django.server", "django.db.backends", "lanhmanh")


def sentinel_forms() -> set[str]:
    found = set()
    for text in (NAME, ID_NUMBER, PHONE, ADDRESS, NOTES, "Logsentinel", "Logbímật", "Lognotesentinel"):
        found |= {text, unicodedata.normalize("NFD", text), crypto.fold(text), text.upper()}
    return found


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        parts = [record.getMessage(), repr(record.args), record.exc_text or ""]
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
        self.texts.append(" ".join(parts))


@pytest.fixture
def captured():
    handler = Capture()
    loggers = [logging.getLogger(name) for name in LOGGERS]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    forced = connection.force_debug_cursor
    connection.force_debug_cursor = True
    yield handler
    connection.force_debug_cursor = forced
    for logger, level in saved:
        logger.removeHandler(handler)
        logger.setLevel(level)


def support_routes() -> list[str]:
    """Every route under /support/ and /api/v1/support/, as Django joins them."""
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and (
                route.startswith("support/") or route.startswith("api/v1/support/")
            ):
                routes.append(route)

    walk(get_resolver().url_patterns, "")
    return routes


def fill(route: str, ids: dict[str, int]) -> str:
    if "referrals/<int:pk>" in route:
        pk = ids["referral"]
    elif "subject-requests/<int:pk>" in route:
        pk = ids["request"]
    else:
        pk = ids["case"]
    path = route.replace("<int:pk>", str(pk)).replace("<int:consent_pk>", str(ids["consent"]))
    path = path.replace("<int:need_pk>", str(ids["need"])).replace("<slug:action>", "accept")
    assert "<" not in path, path
    return "/" + path


@pytest.fixture
def requested():
    return []


def ask(client: Client, requested: list[str], method: str, url: str, data=None):
    requested.append(url)
    response = getattr(client, method)(url, data or {})
    requested.append(response.get("Location", ""))
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_no_identifying_value_reaches_a_log_or_an_address(world, personas, captured, requested):
    worker = personas["case_worker"]
    coordinator = grant(personas["coordinator"], "view_identity", "export_identity", "audit_access")
    peer = personas["peer_educator"]
    client = Client()
    client.force_login(worker)
    identity = {
        "kind": "sells_sex",
        "sex": "female",
        "age_group": "25_34",
        "commune": world.commune.pk,
        "contact_channel": "outreach",
        "opened_on": "2019-03-01",
        "full_name": NAME,
        "birth_date": "1994-02-03",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "address": ADDRESS,
        "notes": NOTES,
    }
    ask(client, requested, "post", "/support/new/", identity)
    case = Case.objects.get()
    ask(client, requested, "post", "/support/new/", identity)  # a duplicate warning
    ask(client, requested, "post", "/support/search/", {"id_number": ID_NUMBER})
    ask(client, requested, "post", "/support/search/", {"full_name": NAME, "birth_year": "1994"})
    ask(
        client,
        requested,
        "post",
        f"/support/{case.pk}/edit/",
        {**identity, "version": case.version, "phone": "0911223345"},
    )
    ask(client, requested, "post", "/support/export/", {"reason": "Báo cáo"})
    # The rest of the records the addresses reach for.
    other = supported_person(world, worker, full_name=NAME + " B", id_number="079900112299")
    services.consent_record(
        case=other, actor=worker, purpose="referral", granted=True, given_on=date(2019, 3, 1), method="written"
    )
    provider = ServiceProvider.objects.create(name="Trung tâm CTXH", kind="social_work_centre", unit=world.province)
    referral = services.referral_create(
        case=other, actor=worker, provider=provider, need_area="job", reason=NOTES, referred_on=date(2019, 4, 1)
    )
    need = services.need_add(case=other, actor=worker, area="job", goal="Học nghề", target_date=None)
    request = subject_requests.request_open(actor=worker, case=other, kind="access", received_on=date(2019, 7, 1))
    ask(
        client, requested, "post", f"/support/subject-requests/{request.pk}/", {"action": "export", "reason": "Yêu cầu"}
    )
    ids = {
        "case": other.pk,
        "referral": referral.pk,
        "request": request.pk,
        "need": need.pk,
        "consent": Consent.objects.filter(case=other).first().pk,
    }
    audit_client = Client()
    audit_client.force_login(auditor(world))
    ask(audit_client, requested, "post", "/support/access-log/case/", {"case_code": other.case_code})
    # Every page and endpoint, by several personas, GET and POST.
    for user in (worker, coordinator, peer, personas["viewer"], personas["admin"], personas["sibling_commune"]):
        persona = Client()
        persona.force_login(user)
        for route in support_routes():
            url = fill(route, ids)
            ask(persona, requested, "get", url)
            ask(persona, requested, "post", url)
    texts = "\n".join(captured.texts)
    assert "INSERT INTO" in texts or "insert into" in texts.lower()  # the SQL log was captured
    assert any("/support/" in text for text in captured.texts)  # and so were request logs
    leaked = sorted(form for form in sentinel_forms() if form in texts)
    assert leaked == []
    addresses = "\n".join(requested)
    assert sorted(form for form in sentinel_forms() if form in addresses) == []
    assert not re.search(r"0791?9?00112233", addresses)
