"""The OpenAPI schema: it generates cleanly, is a valid OpenAPI 3 document, covers every /api/v1/
URL, and what the endpoints really answer matches what it promises."""

import re
from datetime import date
from decimal import Decimal

import jsonschema
import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from lanhmanh.communes import services as communes_services
from lanhmanh.communes.scheme_loader import load_scheme_file
from lanhmanh.communes.tests.helpers import EXAMPLE_SCHEME, approved
from lanhmanh.core.testing import PASSWORD
from lanhmanh.establishments.tests.records import commitment as establishment_commitment
from lanhmanh.establishments.tests.records import establishment
from lanhmanh.establishments.tests.records import flag as establishment_flag
from lanhmanh.establishments.tests.records import registration as establishment_registration
from lanhmanh.inspections import services as inspection_services
from lanhmanh.inspections.tests import records as inspection_records
from lanhmanh.outreach import services as outreach_services
from lanhmanh.outreach.tests.records import course, event, integrated_plan, media_item, official
from lanhmanh.peergroups.tests import records as peergroup_records
from lanhmanh.plans import services
from lanhmanh.support import subject_requests
from lanhmanh.support.tests.records import support_records

HTTP_METHODS = {"get", "put", "patch", "post", "delete", "options", "head", "trace"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


# The document ------------------------------------------------------------------------------------


def test_the_schema_generates_without_warnings_or_errors(capsys):
    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    assert capsys.readouterr().err == ""
    assert not GENERATOR_STATS


def test_the_schema_is_a_valid_openapi_3_document(schema):
    # drf-spectacular ships the OpenAPI 3.0 JSON Schema and checks against it with jsonschema.
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Lành Mạnh API"
    ids = [operation["operationId"] for _, _, operation in operations(schema)]
    assert len(ids) == len(set(ids))
    for path, method, operation in operations(schema):
        assert operation["responses"], f"{method.upper()} {path} declares no response"
    assert {"knoxApiToken", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_every_reference_resolves(schema):
    components = schema["components"]["schemas"]
    references = set(re.findall(r"'\$ref': '#/components/schemas/([^']+)'", str(schema)))
    assert references
    assert references <= set(components)


def _api_routes(patterns, prefix=""):
    """(route, view name) of every URL under the resolver, as Django would print it."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name


def _as_openapi_path(route):
    """ "api/v1/tasks/<int:pk>/" or "api/v1/^units/(?P<pk>[^/.]+)/$" -> "/api/v1/tasks/{id}/"."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)
    path = path.replace("^", "").replace("$", "")
    return "/" + path.replace("{pk}", "{id}")


def test_every_url_under_api_v1_is_in_the_schema(schema):
    routes = {_as_openapi_path(route) for route, _ in _api_routes(get_resolver().url_patterns)}
    api_paths = {path for path in routes if path.startswith("/api/v1/")}
    assert "/api/v1/tasks/{id}/updates/" in api_paths
    assert api_paths - set(schema["paths"]) == set()


# The served schema and its docs ------------------------------------------------------------------


def test_the_schema_is_served_at_api_schema(db):
    response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "/api/v1/tasks/" in response.json()["paths"]


def test_the_docs_page_loads_its_assets_from_this_server_only(db):
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")) is not None, asset
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, flags=re.IGNORECASE)
    assert '"/api/schema/"' in html


# Real answers against the schema ----------------------------------------------------------------


def _json_schema(node):
    """OpenAPI 3.0 schema objects as JSON Schema: `nullable: true` becomes "or null"."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items()}
    if converted.pop("nullable", False):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def check_against_schema(schema, template, method, response):
    operation = schema["paths"][template][method]
    declared = operation["responses"][str(response.status_code)]
    body_schema = declared["content"]["application/json"]["schema"]
    document = {**_json_schema(body_schema), "components": _json_schema(schema["components"])}
    jsonschema.validate(response.json(), document)


@pytest.fixture
def records(world, personas):
    update = services.task_post_update(
        task=world.commune_task, author=personas["commune_officer"], date=date(2019, 6, 1), text="Đã làm"
    )
    value = services.manual_value_record(
        measure=world.manual_measure,
        actor=personas["coordinator"],
        unit=world.province,
        period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 31),
        value=Decimal(78),
        unit_of_measure="xã",
        source_note="Báo cáo năm",
    )
    world.police_task.partners.set([world.lead])
    load_scheme_file(EXAMPLE_SCHEME)
    assessment = approved(world.commune, personas["commune_officer"], personas["district_officer"], 2019)
    decision = communes_services.recognition_record(
        actor=personas["coordinator"],
        number="1/QĐ",
        signed_on=date(2019, 12, 1),
        issuer="UBND",
        assessments=[assessment],
    )
    coordinator = personas["coordinator"]
    lesson = course(world, coordinator)
    person = official(world, coordinator)
    outreach_services.participant_set(course=lesson, official=person, actor=coordinator, attended=True, completed=True)
    outreach = {
        "event": event(world, coordinator),
        "media_item": media_item(world, coordinator),
        "course": lesson,
        "official": person,
        "integrated_plan": integrated_plan(world, coordinator),
    }
    hotel = establishment(coordinator, world.commune)
    establishment_commitment(coordinator, hotel)
    establishment_registration(coordinator, hotel)
    establishment_flag(coordinator, hotel)
    outreach["establishment"] = hotel
    inspection_records.catalogue()
    team = inspection_records.team(world, coordinator)
    inspected = inspection_records.place(world.commune, coordinator)
    inspection = inspection_records.inspect(team, inspected, coordinator)
    violation = inspection_services.violation_record(
        actor=coordinator, inspection=inspection, data=inspection_records.violation_input()
    )
    outreach.update(
        inspection=inspection, inspection_team=team, violation_type=inspection_records.row("nd144-2021-d24-k1")
    )
    outreach.update(
        inspection_violation=violation,
        inspection_schedule=inspection_records.schedule(team, inspected, coordinator),
    )
    peer_group = peergroup_records.group(world.commune, coordinator)
    outreach.update(
        peer_group=peer_group,
        peer_group_member=peergroup_records.member(peer_group, coordinator),
        peer_group_activity=peergroup_records.activity(peer_group, coordinator),
    )
    # A data-subject request the coordinator handles (it needs to see identities).
    from tests.matrix.support_privacy import grant, supported_person

    supporter = grant(coordinator, "view_identity")
    supported = supported_person(world, personas["case_worker"])
    subject_requests.request_open(actor=supporter, case=supported, kind="access", received_on=date(2019, 7, 1))
    outreach["support_case"], outreach["support_referral"] = support_records(world, personas)
    return {"update": update, "value": value, "assessment": assessment, "decision": decision, **outreach}


def get_cases(world, records):
    """(schema path, URL) of every GET endpoint, with data behind each."""
    return [
        ("/api/v1/plans/", "/api/v1/plans/"),
        ("/api/v1/plans/{id}/", f"/api/v1/plans/{world.plan.id}/"),
        ("/api/v1/targets/", f"/api/v1/targets/?plan={world.plan.id}"),
        ("/api/v1/tasks/", "/api/v1/tasks/"),
        ("/api/v1/tasks/{id}/", f"/api/v1/tasks/{world.police_task.id}/"),
        ("/api/v1/tasks/{id}/updates/", f"/api/v1/tasks/{world.commune_task.id}/updates/"),
        ("/api/v1/task-updates/", "/api/v1/task-updates/"),
        ("/api/v1/task-updates/{id}/", f"/api/v1/task-updates/{records['update'].id}/"),
        ("/api/v1/manual-values/", "/api/v1/manual-values/"),
        ("/api/v1/manual-values/{id}/", f"/api/v1/manual-values/{records['value'].id}/"),
        ("/api/v1/units/", "/api/v1/units/"),
        ("/api/v1/units/{id}/", f"/api/v1/units/{world.commune.id}/"),
        ("/api/v1/agencies/", "/api/v1/agencies/"),
        ("/api/v1/agencies/{id}/", f"/api/v1/agencies/{world.police.id}/"),
        ("/api/v1/commune-assessments/", "/api/v1/commune-assessments/"),
        ("/api/v1/commune-assessments/{id}/", f"/api/v1/commune-assessments/{records['assessment'].id}/"),
        ("/api/v1/commune-recognitions/", "/api/v1/commune-recognitions/"),
        ("/api/v1/commune-recognitions/{id}/", f"/api/v1/commune-recognitions/{records['decision'].id}/"),
        ("/api/v1/assessment-schemes/", "/api/v1/assessment-schemes/"),
        ("/api/v1/assessment-schemes/{id}/", f"/api/v1/assessment-schemes/{records['assessment'].scheme_id}/"),
        ("/api/v1/outreach-events/", "/api/v1/outreach-events/"),
        ("/api/v1/outreach-events/{id}/", f"/api/v1/outreach-events/{records['event'].id}/"),
        ("/api/v1/media-items/", "/api/v1/media-items/"),
        ("/api/v1/media-items/{id}/", f"/api/v1/media-items/{records['media_item'].id}/"),
        ("/api/v1/training-courses/", "/api/v1/training-courses/"),
        ("/api/v1/training-courses/{id}/", f"/api/v1/training-courses/{records['course'].id}/"),
        (
            "/api/v1/training-courses/{id}/participants/",
            f"/api/v1/training-courses/{records['course'].id}/participants/",
        ),
        ("/api/v1/officials/", "/api/v1/officials/"),
        ("/api/v1/officials/{id}/", f"/api/v1/officials/{records['official'].id}/"),
        ("/api/v1/integrated-plans/", "/api/v1/integrated-plans/"),
        ("/api/v1/integrated-plans/{id}/", f"/api/v1/integrated-plans/{records['integrated_plan'].id}/"),
        ("/api/v1/peer-groups/", "/api/v1/peer-groups/"),
        ("/api/v1/peer-groups/{id}/", f"/api/v1/peer-groups/{records['peer_group'].id}/"),
        ("/api/v1/peer-groups/{id}/members/", f"/api/v1/peer-groups/{records['peer_group'].id}/members/"),
        ("/api/v1/peer-group-members/{id}/", f"/api/v1/peer-group-members/{records['peer_group_member'].id}/"),
        ("/api/v1/peer-group-activities/", "/api/v1/peer-group-activities/?period=2019"),
        (
            "/api/v1/peer-group-activities/{id}/",
            f"/api/v1/peer-group-activities/{records['peer_group_activity'].id}/",
        ),
        ("/api/v1/support/statistics/", "/api/v1/support/statistics/?period=2019&columns=service"),
        ("/api/v1/support/subject-requests/", "/api/v1/support/subject-requests/"),
        ("/api/v1/establishments/", "/api/v1/establishments/?q=hoa%20binh"),
        ("/api/v1/establishments/{id}/", f"/api/v1/establishments/{records['establishment'].id}/"),
        (
            "/api/v1/establishments/{id}/commitments/",
            f"/api/v1/establishments/{records['establishment'].id}/commitments/",
        ),
        (
            "/api/v1/establishments/{id}/labour-registrations/",
            f"/api/v1/establishments/{records['establishment'].id}/labour-registrations/",
        ),
        ("/api/v1/establishments/{id}/flags/", f"/api/v1/establishments/{records['establishment'].id}/flags/"),
        ("/api/v1/inspection-teams/", "/api/v1/inspection-teams/"),
        ("/api/v1/inspection-teams/{id}/", f"/api/v1/inspection-teams/{records['inspection_team'].id}/"),
        ("/api/v1/inspections/", "/api/v1/inspections/"),
        ("/api/v1/inspections/{id}/", f"/api/v1/inspections/{records['inspection'].id}/"),
        ("/api/v1/inspections/{id}/violations/", f"/api/v1/inspections/{records['inspection'].id}/violations/"),
        (
            "/api/v1/inspections/{id}/violations/{violation_id}/",
            f"/api/v1/inspections/{records['inspection'].id}/violations/{records['inspection_violation'].id}/",
        ),
        ("/api/v1/inspection-schedules/", "/api/v1/inspection-schedules/"),
        (
            "/api/v1/inspection-schedules/{id}/",
            f"/api/v1/inspection-schedules/{records['inspection_schedule'].id}/",
        ),
        ("/api/v1/violations/", "/api/v1/violations/?on=2023-01-01"),
        ("/api/v1/violations/{id}/", f"/api/v1/violations/{records['violation_type'].id}/"),
        ("/api/v1/support/cases/", "/api/v1/support/cases/"),
        ("/api/v1/support/cases/{id}/", f"/api/v1/support/cases/{records['support_case'].id}/"),
        *(
            (f"/api/v1/support/cases/{{id}}/{sub}/", f"/api/v1/support/cases/{records['support_case'].id}/{sub}/")
            for sub in ("consents", "needs", "services", "follow-ups", "referrals", "status")
        ),
        ("/api/v1/support/referrals/", "/api/v1/support/referrals/"),
        ("/api/v1/support/referrals/{id}/", f"/api/v1/support/referrals/{records['support_referral'].id}/"),
        ("/api/v1/support/providers/", "/api/v1/support/providers/"),
        ("/api/v1/support/providers/{id}/", f"/api/v1/support/providers/{records['support_referral'].provider_id}/"),
    ]


def test_every_get_endpoint_is_checked_below(schema, world, records):
    declared = {path for path, method, _ in operations(schema) if method == "get" and path.startswith("/api/v1/")}
    assert declared == {template for template, _ in get_cases(world, records)}


def test_every_get_endpoint_answers_what_the_schema_describes(schema, world, personas, records):
    client = APIClient()
    client.force_authenticate(personas["coordinator"])
    for template, url in get_cases(world, records):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.json()
        assert body.get("count", 1) > 0, f"{url} answered an empty list: nothing was checked"
        check_against_schema(schema, template, "get", response)


def test_writes_and_their_errors_answer_what_the_schema_describes(schema, world, personas):
    coordinator = APIClient()
    coordinator.force_authenticate(personas["coordinator"])
    viewer = APIClient()
    viewer.force_authenticate(personas["viewer"])
    measure, task = world.manual_measure, world.police_task
    update_url = f"/api/v1/tasks/{task.id}/updates/"
    cases = [
        ("/api/v1/tasks/{id}/updates/", "post", coordinator.post(update_url, {"text": "x"}, format="json"), 400),
        ("/api/v1/tasks/{id}/updates/", "post", viewer.post(update_url, {}, format="json"), 403),
        (
            "/api/v1/tasks/{id}/updates/",
            "post",
            coordinator.post(update_url, {"date": "2019-06-01", "text": "Đã làm", "version": 1}, format="json"),
            201,
        ),
        (
            "/api/v1/tasks/{id}/assign/",
            "post",
            coordinator.post(
                f"/api/v1/tasks/{task.id}/assign/",
                {"lead_agency": "CA", "partners": ["LDTBXH"], "deadline": None, "version": 1},
                format="json",
            ),
            200,
        ),
        (
            "/api/v1/measures/{id}/",
            "patch",
            coordinator.patch(
                f"/api/v1/measures/{measure.id}/", {"baseline": "1", "target_value": "2", "version": 1}, format="json"
            ),
            200,
        ),
        (
            "/api/v1/measures/{id}/",
            "patch",
            coordinator.patch(
                f"/api/v1/measures/{measure.id}/", {"baseline": "1", "target_value": "2", "version": 1}, format="json"
            ),
            409,
        ),
        ("/api/v1/tasks/{id}/", "get", coordinator.get("/api/v1/tasks/999999/"), 404),
        (
            "/api/v1/manual-values/",
            "post",
            coordinator.post(
                "/api/v1/manual-values/",
                {
                    "measure": measure.id,
                    "unit": world.province.id,
                    "period_start": "2019-01-01",
                    "period_end": "2019-03-31",
                    "value": "70",
                    "unit_of_measure": "xã",
                    "source_note": "Báo cáo quý",
                },
                format="json",
            ),
            201,
        ),
        ("/api/v1/plans/", "get", APIClient().get("/api/v1/plans/"), 401),
    ]
    for template, method, response, expected in cases:
        assert response.status_code == expected, (template, method, response.content)
        check_against_schema(schema, template, method, response)


def test_the_token_endpoint_answers_what_the_schema_describes(schema, personas):
    cache.clear()  # the "token" throttle counts in the cache, across tests
    client = APIClient()
    created = client.post("/api/v1/auth/token/", {"username": "viewer", "password": PASSWORD}, format="json")
    refused = client.post("/api/v1/auth/token/", {"username": "viewer", "password": "sai"}, format="json")
    check_against_schema(schema, "/api/v1/auth/token/", "post", created)
    check_against_schema(schema, "/api/v1/auth/token/", "post", refused)
    assert (created.status_code, refused.status_code) == (201, 400)
