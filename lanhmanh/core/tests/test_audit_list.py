from datetime import UTC, datetime

import pytest

from lanhmanh.accounts.models import Role
from lanhmanh.core import audit
from lanhmanh.core.models import AuditEntry
from lanhmanh.core.testing import make_user

READERS = [Role.ADMIN, Role.COORDINATOR]
OTHERS = [role for role in Role if role not in READERS]


def entry(verb, *, actor, target, changes=None, at=None):
    created = audit.record(verb, actor=actor, target=target, changes=changes)
    if at is not None:
        # created_at is auto_now_add: set the moment afterwards to place the entry in time.
        AuditEntry.objects.filter(pk=created.pk).update(created_at=at)
    return created


def shown(client, query: str = "") -> list[str]:
    return [e.verb for e in client.get("/audit/" + query).context["page"]]


@pytest.fixture
def reader(client, personas):
    client.force_login(personas[Role.COORDINATOR])
    return client


@pytest.mark.parametrize("role", READERS)
def test_the_audit_trail_opens_for_administrators_and_coordinators(client, personas, role):
    client.force_login(personas[role])
    assert client.get("/audit/").status_code == 200


@pytest.mark.parametrize("role", OTHERS)
def test_the_audit_trail_refuses_every_other_role(client, personas, role):
    client.force_login(personas[role])
    assert client.get("/audit/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_a_district_reader_sees_their_districts_actors_and_the_system_only(client, personas, world):
    district_admin = make_user("district_admin", Role.ADMIN, world.district_committees, world.district)
    entry("plans.task.assigned", actor=personas[Role.COMMUNE_OFFICER], target=world.commune_task)
    entry("plans.task.assigned", actor=personas[Role.COORDINATOR], target=world.province_task)
    far = make_user("far", Role.COMMUNE_OFFICER, None, world.far_commune)
    entry("plans.task.progress_posted", actor=far, target=world.other_district_task)
    entry("places.units.loaded", actor=None, target=world.province)
    client.force_login(district_admin)
    seen = {(e.actor_username, e.verb) for e in client.get("/audit/").context["page"]}
    assert seen == {("commune", "plans.task.assigned"), ("", "places.units.loaded")}


def test_a_province_reader_sees_every_actor_of_the_province(reader, personas, world):
    for role in (Role.COMMUNE_OFFICER, Role.AGENCY_OFFICER, Role.COORDINATOR):
        entry("plans.task.assigned", actor=personas[role], target=world.province_task)
    assert len(shown(reader)) == 3


def test_it_filters_by_verb_prefix(reader, personas, world):
    entry("plans.task.assigned", actor=personas[Role.COORDINATOR], target=world.province_task)
    entry("plans.measure.updated", actor=personas[Role.COORDINATOR], target=world.manual_measure)
    entry("accounts.user.created", actor=personas[Role.ADMIN], target=personas[Role.VIEWER])
    assert shown(reader, "?verb=plans.") == ["plans.measure.updated", "plans.task.assigned"]
    assert shown(reader, "?verb=plans.task") == ["plans.task.assigned"]


def test_it_filters_by_actor_username(reader, personas, world):
    entry("plans.task.assigned", actor=personas[Role.COORDINATOR], target=world.province_task)
    entry("plans.task.progress_posted", actor=personas[Role.AGENCY_OFFICER], target=world.police_task)
    assert shown(reader, "?actor=POLICE") == ["plans.task.progress_posted"]


def test_it_filters_by_target_type(reader, personas, world):
    entry("plans.task.assigned", actor=personas[Role.COORDINATOR], target=world.province_task)
    entry("accounts.user.created", actor=personas[Role.ADMIN], target=personas[Role.VIEWER])
    assert shown(reader, "?target_type=accounts.user") == ["accounts.user.created"]


def test_it_filters_by_vietnamese_days(reader, personas, world):
    coordinator = personas[Role.COORDINATOR]
    # 6 May 2019 23:30 in Hồ Chí Minh City is 16:30 UTC; 7 May 23:30 local is 16:30 UTC on the 7th.
    entry(
        "plans.task.assigned",
        actor=coordinator,
        target=world.province_task,
        at=datetime(2019, 5, 6, 16, 30, tzinfo=UTC),
    )
    entry(
        "plans.task.progress_posted",
        actor=coordinator,
        target=world.province_task,
        at=datetime(2019, 5, 6, 17, 30, tzinfo=UTC),
    )
    entry(
        "plans.measure.updated",
        actor=coordinator,
        target=world.manual_measure,
        at=datetime(2019, 5, 7, 16, 30, tzinfo=UTC),
    )
    entry(
        "plans.task.assigned",
        actor=coordinator,
        target=world.district_task,
        at=datetime(2019, 5, 7, 17, 30, tzinfo=UTC),
    )
    assert shown(reader, "?date_from=2019-05-07&date_to=2019-05-07") == [
        "plans.measure.updated",
        "plans.task.progress_posted",
    ]
    assert len(shown(reader, "?date_from=2019-05-08")) == 1
    assert len(shown(reader, "?date_to=2019-05-06")) == 1


def test_a_reversed_date_range_is_an_error_on_the_field(reader, db):
    response = reader.get("/audit/?date_from=2019-05-08&date_to=2019-05-07")
    assert "date_to" in response.context["form"].errors


def test_it_shows_local_time_a_vietnamese_label_and_the_diff(reader, personas, world):
    entry(
        "plans.task.assigned",
        actor=personas[Role.COORDINATOR],
        target=world.province_task,
        changes={"deadline": ["2019-06-30", "2019-07-31"]},
        at=datetime(2019, 5, 7, 1, 30, tzinfo=UTC),
    )
    page = reader.get("/audit/").content.decode()
    assert "07/05/2019 08:30" in page
    assert "Giao nhiệm vụ" in page
    assert "2019-06-30 → 2019-07-31" in page
    assert "Nhiệm vụ IV.1.1" in page


def test_an_htmx_filter_request_gets_the_table_alone(reader, personas, world):
    entry("plans.task.assigned", actor=personas[Role.COORDINATOR], target=world.province_task)
    body = reader.get("/audit/?verb=plans", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in body
    assert "Giao nhiệm vụ" in body


def test_the_trail_pages_through_many_entries(reader, personas, world):
    for _ in range(55):
        entry("plans.task.assigned", actor=personas[Role.COORDINATOR], target=world.province_task)
    assert len(reader.get("/audit/").context["page"]) == 50
    assert len(reader.get("/audit/?page=2").context["page"]) == 5


def test_the_query_count_does_not_grow_with_rows(reader, personas, world, django_assert_max_num_queries):
    entry("plans.task.assigned", actor=personas[Role.VIEWER], target=world.province_task)
    with django_assert_max_num_queries(10) as few_rows:
        reader.get("/audit/")
    for number in range(45):
        actor = personas[OTHERS[number % len(OTHERS)]] if number % 3 else None
        entry(
            "plans.task.assigned", actor=actor, target=world.province_task, changes={"deadline": [None, "2019-06-30"]}
        )
    with django_assert_max_num_queries(len(few_rows)):
        reader.get("/audit/")
