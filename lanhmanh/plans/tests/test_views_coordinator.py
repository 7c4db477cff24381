from datetime import date
from decimal import Decimal

import pytest

from lanhmanh.accounts.models import Agency, AgencyLevel, Role
from lanhmanh.core.testing import make_unit, make_user
from lanhmanh.places.models import Level
from lanhmanh.plans.models import ManualValue, Measure, Plan, Target, Task

NOT_COORDINATORS = [role.value for role in Role if role != Role.COORDINATOR]


def assign_data(task, **changes) -> dict:
    data = {"lead_agency": task.lead_agency_id or "", "partners": [], "deadline": "", "version": task.version}
    data.update(changes)
    return data


def value_data(world, **changes) -> dict:
    data = {
        "value": "77",
        "unit_of_measure": "xã",
        "period_start": "01/01/2019",
        "period_end": "14/12/2019",
        "unit": world.province.pk,
        "source_note": "Báo cáo của Sở Văn hóa",
    }
    data.update(changes)
    return data


# Assigning a task --------------------------------------------------------------------------------


def test_the_coordinator_sees_the_assign_form_filled_with_the_current_assignment(client, world, personas):
    client.force_login(personas["coordinator"])
    response = client.get(f"/tasks/{world.province_task.pk}/assign/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["lead_agency"].value() == world.lead.pk
    assert form["version"].value() == 1
    assert 'value="2019-06-30"' in response.content.decode()


def test_the_coordinator_assigns_a_lead_partners_and_a_deadline(client, world, personas):
    task = world.province_task
    client.force_login(personas["coordinator"])
    response = client.post(
        f"/tasks/{task.pk}/assign/",
        assign_data(
            task, lead_agency=world.police.pk, partners=[world.lead.pk, world.police.pk], deadline="30/09/2019"
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/tasks/{task.pk}/"
    task.refresh_from_db()
    assert task.lead_agency == world.police
    assert task.deadline == date(2019, 9, 30)
    assert list(task.partners.all()) == [world.lead]


@pytest.mark.parametrize("persona", NOT_COORDINATORS)
def test_other_roles_are_refused_the_assign_page(client, world, personas, persona):
    client.force_login(personas[persona])
    assert client.get(f"/tasks/{world.province_task.pk}/assign/").status_code == 403
    response = client.post(
        f"/tasks/{world.province_task.pk}/assign/", assign_data(world.province_task, lead_agency=world.police.pk)
    )
    assert response.status_code == 403
    assert Task.objects.get(pk=world.province_task.pk).lead_agency == world.lead


def test_a_task_outside_the_scope_answers_404_before_any_role_check(client, world, personas):
    client.force_login(personas["sibling_commune"])
    assert client.get(f"/tasks/{world.commune_task.pk}/assign/").status_code == 404


def test_two_assignments_from_the_same_version_the_second_is_refused(client, world, personas):
    task = world.province_task
    client.force_login(personas["coordinator"])
    assert client.post(f"/tasks/{task.pk}/assign/", assign_data(task, lead_agency=world.police.pk)).status_code == 302
    response = client.post(f"/tasks/{task.pk}/assign/", assign_data(task, lead_agency=world.district_committees.pk))
    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert Task.objects.get(pk=task.pk).lead_agency == world.police


def test_a_deadline_before_the_plan_is_refused_under_the_deadline_field(client, world, personas):
    client.force_login(personas["coordinator"])
    response = client.post(
        f"/tasks/{world.province_task.pk}/assign/", assign_data(world.province_task, deadline="31/12/2018")
    )
    assert response.context["form"].errors["deadline"] == ["Thời hạn không được trước ngày bắt đầu kế hoạch."]


def test_only_agencies_existing_during_the_plan_are_offered(client, world, personas):
    gone = Agency.objects.create(
        code="CU", name="Cơ quan cũ", level=AgencyLevel.PROVINCE, unit=world.province, valid_to=date(2018, 12, 31)
    )
    client.force_login(personas["coordinator"])
    assert "Cơ quan cũ" not in client.get(f"/tasks/{world.province_task.pk}/assign/").content.decode()
    response = client.post(
        f"/tasks/{world.province_task.pk}/assign/", assign_data(world.province_task, lead_agency=gone.pk)
    )
    assert "“Cơ quan chủ trì”: lựa chọn không hợp lệ." in response.content.decode()


# Measures ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [role.value for role in Role])
def test_every_role_of_the_province_reads_a_measure(client, world, personas, persona):
    client.force_login(personas[persona])
    response = client.get(f"/measures/{world.manual_measure.pk}/")
    assert response.status_code == 200
    assert "Số xã lành mạnh" in response.content.decode()


def test_the_edit_and_record_buttons_appear_only_for_the_coordinator(client, world, personas):
    url = f"/measures/{world.manual_measure.pk}/"
    client.force_login(personas["coordinator"])
    html = client.get(url).content.decode()
    assert (
        f"/measures/{world.manual_measure.pk}/edit/" in html
        and f"/measures/{world.manual_measure.pk}/values/new/" in html
    )
    client.force_login(personas["viewer"])
    html = client.get(url).content.decode()
    assert "/edit/" not in html and "/values/new/" not in html


def test_a_measure_of_another_province_answers_404(client, world, personas):
    elsewhere = make_unit("Tỉnh Khác", "98", Level.PROVINCE)
    plan = Plan.objects.create(
        code="khac",
        number="9/KH",
        title="Khác",
        issuer="UBND",
        issued_on=date(2019, 1, 1),
        period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 31),
        unit=elsewhere,
        lead_agency=world.lead,
    )
    measure = Measure.objects.create(
        target=Target.objects.create(plan=plan, code="T1", text="x"), code="T1a", label="x", unit_of_measure="%"
    )
    client.force_login(personas["coordinator"])
    assert client.get(f"/measures/{measure.pk}/").status_code == 404
    assert client.get(f"/measures/{measure.pk}/edit/").status_code == 404


def test_the_coordinator_edits_baseline_and_target_written_the_vietnamese_way(client, world, personas):
    measure = world.manual_measure
    client.force_login(personas["coordinator"])
    form = client.get(f"/measures/{measure.pk}/edit/").context["form"]
    assert form["baseline"].value() == "74"
    response = client.post(f"/measures/{measure.pk}/edit/", {"baseline": "75", "target_value": "1.082,5", "version": 1})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.baseline, measure.target_value, measure.version) == (Decimal(75), Decimal("1082.5"), 2)
    assert "1.082,5" in client.get(f"/measures/{measure.pk}/").content.decode()


def test_an_unreadable_number_is_named_in_the_error(client, world, personas):
    client.force_login(personas["coordinator"])
    response = client.post(
        f"/measures/{world.manual_measure.pk}/edit/", {"baseline": "bảy mươi", "target_value": "", "version": 1}
    )
    assert "“Giá trị ban đầu” phải là một số, ví dụ 1.234,5." in response.content.decode()


def test_two_measure_edits_from_the_same_version_the_second_is_refused(client, world, personas):
    url = f"/measures/{world.manual_measure.pk}/edit/"
    client.force_login(personas["coordinator"])
    client.post(url, {"baseline": "75", "target_value": "82", "version": 1})
    response = client.post(url, {"baseline": "70", "target_value": "90", "version": 1})
    assert "vừa được người khác sửa" in response.content.decode()
    stored = Measure.objects.get(pk=world.manual_measure.pk)
    assert (stored.baseline, stored.target_value) == (Decimal(75), Decimal(82))


@pytest.mark.parametrize("persona", NOT_COORDINATORS)
def test_other_roles_may_not_edit_a_measure_or_record_a_value(client, world, personas, persona):
    client.force_login(personas[persona])
    measure = world.manual_measure
    assert client.get(f"/measures/{measure.pk}/edit/").status_code == 403
    assert (
        client.post(f"/measures/{measure.pk}/edit/", {"baseline": "1", "target_value": "2", "version": 1}).status_code
        == 403
    )
    assert client.get(f"/measures/{measure.pk}/values/new/").status_code == 403
    assert client.post(f"/measures/{measure.pk}/values/new/", value_data(world)).status_code == 403
    assert ManualValue.objects.count() == 0


# Values reported by hand -------------------------------------------------------------------------


def test_the_value_form_is_prefilled_with_the_unit_of_measure_and_the_users_area(client, world, personas):
    client.force_login(personas["coordinator"])
    form = client.get(f"/measures/{world.manual_measure.pk}/values/new/").context["form"]
    assert form["unit_of_measure"].value() == "xã"
    assert form["unit"].value() == world.province.pk
    assert {unit.name for unit in form.fields["unit"].queryset} == {
        "Tỉnh Thử",
        "Huyện Một",
        "Huyện Hai",
        "Xã An",
        "Xã Bình",
        "Xã Cư",
    }


def test_the_coordinator_records_a_value_and_sees_it_on_the_measure_page(client, world, personas):
    client.force_login(personas["coordinator"])
    response = client.post(f"/measures/{world.manual_measure.pk}/values/new/", value_data(world, value="1.234,5"))
    assert response.status_code == 302
    assert response["Location"] == f"/measures/{world.manual_measure.pk}/"
    value = ManualValue.objects.get()
    assert (value.value, value.unit, value.entered_by) == (Decimal("1234.5"), world.province, personas["coordinator"])
    html = client.get(response["Location"]).content.decode()
    assert "1.234,5 xã" in html
    assert "01/01/2019 – 14/12/2019" in html
    assert "Báo cáo của Sở Văn hóa" in html


def test_a_reversed_period_is_refused_under_the_end_date(client, world, personas):
    client.force_login(personas["coordinator"])
    response = client.post(
        f"/measures/{world.manual_measure.pk}/values/new/", value_data(world, period_end="01/01/2018")
    )
    assert response.context["form"].errors["period_end"] == ["Ngày kết thúc kỳ phải sau ngày bắt đầu."]
    assert ManualValue.objects.count() == 0


def test_a_unit_outside_the_province_is_not_a_valid_choice(client, world, personas):
    elsewhere = make_unit("Tỉnh Khác", "98", Level.PROVINCE)
    client.force_login(personas["coordinator"])
    response = client.post(f"/measures/{world.manual_measure.pk}/values/new/", value_data(world, unit=elsewhere.pk))
    assert "“Địa bàn”: lựa chọn không hợp lệ." in response.content.decode()


def test_a_computed_measure_refuses_values_typed_by_hand(client, world, personas):
    computed = Measure.objects.create(
        target=world.target, code="T4a", label="Tỷ lệ", unit_of_measure="%", indicator_code="healthy_communes"
    )
    client.force_login(personas["coordinator"])
    response = client.post(f"/measures/{computed.pk}/values/new/", value_data(world))
    assert "được tính tự động từ dữ liệu" in response.content.decode()
    assert ManualValue.objects.count() == 0


def test_a_coordinator_whose_scope_is_a_district_reads_but_may_not_edit_the_provinces_measure(client, world):
    district_coordinator = make_user("dc", Role.COORDINATOR, world.lead, world.district)
    client.force_login(district_coordinator)
    assert client.get(f"/measures/{world.manual_measure.pk}/").status_code == 200
    assert client.get(f"/measures/{world.manual_measure.pk}/edit/").status_code == 403


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12.5", Decimal("12.5")), ("1.234", Decimal(1234)), ("1 234,75", Decimal("1234.75")), ("-3", Decimal(-3))],
)
def test_numbers_are_read_as_a_vietnamese_official_writes_them(client, world, personas, typed, stored):
    client.force_login(personas["coordinator"])
    client.post(f"/measures/{world.manual_measure.pk}/edit/", {"baseline": typed, "target_value": "", "version": 1})
    assert Measure.objects.get(pk=world.manual_measure.pk).baseline == stored
