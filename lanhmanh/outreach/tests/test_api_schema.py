"""The outreach endpoints answer what the OpenAPI schema promises (as core/tests/test_openapi.py
checks for the foundation's endpoints)."""

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from lanhmanh.outreach import services

from .records import course, event, integrated_plan, media_item, official

OUTREACH_PATHS = (
    "/api/v1/outreach-events/",
    "/api/v1/media-items/",
    "/api/v1/training-courses/",
    "/api/v1/officials/",
    "/api/v1/integrated-plans/",
)


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _json_schema(node):
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items()}
    if converted.pop("nullable", False):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def check(schema, template, method, response):
    declared = schema["paths"][template][method]["responses"][str(response.status_code)]
    body = declared["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), {**_json_schema(body), "components": _json_schema(schema["components"])})


@pytest.fixture
def records(world, personas):
    coordinator = personas["coordinator"]
    lesson = course(world, coordinator)
    person = official(world, coordinator)
    services.participant_set(course=lesson, official=person, actor=coordinator, attended=True, completed=True)
    return {
        "event": event(world, coordinator, task=world.commune_task),
        "media": media_item(world, coordinator),
        "course": lesson,
        "official": person,
        "plan": integrated_plan(world, coordinator),
    }


def test_every_outreach_get_endpoint_answers_what_the_schema_describes(schema, api, records):
    r = records
    cases = [
        ("/api/v1/outreach-events/", "/api/v1/outreach-events/"),
        ("/api/v1/outreach-events/{id}/", f"/api/v1/outreach-events/{r['event'].pk}/"),
        ("/api/v1/media-items/", "/api/v1/media-items/"),
        ("/api/v1/media-items/{id}/", f"/api/v1/media-items/{r['media'].pk}/"),
        ("/api/v1/training-courses/", "/api/v1/training-courses/"),
        ("/api/v1/training-courses/{id}/", f"/api/v1/training-courses/{r['course'].pk}/"),
        ("/api/v1/training-courses/{id}/participants/", f"/api/v1/training-courses/{r['course'].pk}/participants/"),
        ("/api/v1/officials/", "/api/v1/officials/"),
        ("/api/v1/officials/{id}/", f"/api/v1/officials/{r['official'].pk}/"),
        ("/api/v1/integrated-plans/", "/api/v1/integrated-plans/"),
        ("/api/v1/integrated-plans/{id}/", f"/api/v1/integrated-plans/{r['plan'].pk}/"),
    ]
    declared = {path for path, item in schema["paths"].items() if "get" in item and path.startswith(OUTREACH_PATHS)}
    assert declared == {template for template, _ in cases}
    client = api("coordinator")
    for template, url in cases:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json().get("count", 1) > 0, url
        check(schema, template, "get", response)


def test_writes_and_their_errors_answer_what_the_schema_describes(schema, api, world, records):
    coordinator, viewer = api("coordinator"), api("viewer")
    event_body = {
        "date": "2019-06-01",
        "title": "Họp dân",
        "form": "talk",
        "units": [world.commune.pk],
        "organiser": world.lead.pk,
        "audience": [{"group": "owners", "count": 3}],
    }
    cases = [
        ("/api/v1/outreach-events/", "post", coordinator.post("/api/v1/outreach-events/", event_body, format="json")),
        ("/api/v1/outreach-events/", "post", coordinator.post("/api/v1/outreach-events/", {}, format="json")),
        ("/api/v1/outreach-events/", "post", viewer.post("/api/v1/outreach-events/", {}, format="json")),
        (
            "/api/v1/outreach-events/{id}/",
            "put",
            coordinator.put(f"/api/v1/outreach-events/{records['event'].pk}/", event_body, format="json"),
        ),
        (
            "/api/v1/training-courses/{id}/participants/",
            "post",
            coordinator.post(
                f"/api/v1/training-courses/{records['course'].pk}/participants/",
                {"official": records["official"].pk, "completed": False},
                format="json",
            ),
        ),
        ("/api/v1/officials/{id}/", "get", coordinator.get("/api/v1/officials/999999/")),
    ]
    for template, method, response in cases:
        assert response.status_code in (200, 201, 400, 403, 404), (template, response.content)
        check(schema, template, method, response)
    assert [response.status_code for _, _, response in cases] == [201, 400, 403, 200, 200, 404]
