"""Test personas and a small world to put them in, shared by every app's tests.

The world: province "Tỉnh Thử" with two districts, each with two communes; a provincial
standing agency (LDTBXH), the police (CA), and the district committees' collective agency;
a plan with one target, two measures and tasks at province, district and commune level.
One user per role, plus `sibling_commune` (a commune officer of the commune next door) to
reach for records they must not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lanhmanh.accounts.models import Agency, AgencyLevel, Role, User
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.plans.models import Measure, Plan, Target, Task, TaskKind

PASSWORD = "Mat-khau-thu-123"


@dataclass
class World:
    province: AdministrativeUnit
    district: AdministrativeUnit
    other_district: AdministrativeUnit
    commune: AdministrativeUnit
    sibling_commune: AdministrativeUnit
    far_commune: AdministrativeUnit
    lead: Agency
    police: Agency
    district_committees: Agency
    plan: Plan
    target: Target
    manual_measure: Measure
    province_task: Task
    police_task: Task
    district_task: Task
    other_district_task: Task
    commune_task: Task
    sibling_commune_task: Task


def make_unit(name: str, code: str, level: str, parent: AdministrativeUnit | None = None) -> AdministrativeUnit:
    return AdministrativeUnit.objects.create(name=name, code=code, level=level, parent=parent, source="test")


def make_world() -> World:
    province = make_unit("Tỉnh Thử", "99", Level.PROVINCE)
    district = make_unit("Huyện Một", "991", Level.DISTRICT, province)
    other_district = make_unit("Huyện Hai", "992", Level.DISTRICT, province)
    commune = make_unit("Xã An", "99101", Level.COMMUNE, district)
    sibling_commune = make_unit("Xã Bình", "99102", Level.COMMUNE, district)
    far_commune = make_unit("Xã Cư", "99201", Level.COMMUNE, other_district)
    lead = Agency.objects.create(
        code="LDTBXH",
        name="Sở Lao động - Thương binh và Xã hội",
        short_name="Sở LĐTBXH",
        level=AgencyLevel.PROVINCE,
        unit=province,
    )
    police = Agency.objects.create(
        code="CA", name="Công an tỉnh", short_name="Công an tỉnh", level=AgencyLevel.PROVINCE, unit=province
    )
    committees = Agency.objects.create(
        code="UBND-HUYEN",
        name="Ủy ban nhân dân các huyện, thành phố",
        short_name="UBND huyện",
        level=AgencyLevel.DISTRICT,
        unit=province,
    )
    plan = Plan.objects.create(
        code="thu-2019",
        number="1/KH-UBND",
        title="Kế hoạch thử",
        issuer="UBND tỉnh Thử",
        issued_on=date(2019, 5, 7),
        period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 31),
        unit=province,
        lead_agency=lead,
    )
    target = Target.objects.create(plan=plan, code="T4", text="Lành mạnh", order=4)
    manual_measure = Measure.objects.create(
        target=target,
        code="T4b",
        label="Số xã lành mạnh",
        baseline=Decimal(74),
        target_value=Decimal(80),
        unit_of_measure="xã",
    )

    def task(code: str, unit: AdministrativeUnit, agency: Agency, deadline: date | None = None) -> Task:
        return Task.objects.create(
            plan=plan,
            code=code,
            section=code.rsplit(".", 1)[0],
            kind=TaskKind.DUTY,
            text=f"Nhiệm vụ {code}",
            lead_agency=agency,
            unit=unit,
            deadline=deadline,
        )

    return World(
        province=province,
        district=district,
        other_district=other_district,
        commune=commune,
        sibling_commune=sibling_commune,
        far_commune=far_commune,
        lead=lead,
        police=police,
        district_committees=committees,
        plan=plan,
        target=target,
        manual_measure=manual_measure,
        province_task=task("IV.1.1", province, lead, date(2019, 6, 30)),
        police_task=task("IV.2.1", province, police),
        district_task=task("IV.13.1", district, committees),
        other_district_task=task("IV.13.2", other_district, committees),
        commune_task=task("IV.13.3", commune, committees),
        sibling_commune_task=task("IV.13.4", sibling_commune, committees),
    )


def make_user(username: str, role: str, agency: Agency | None, scope: AdministrativeUnit) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=role, agency=agency, scope=scope)


def make_personas(world: World) -> dict[str, User]:
    """One user per role, keyed by role value, plus "sibling_commune"."""
    w = world
    return {
        Role.ADMIN: make_user("admin", Role.ADMIN, w.lead, w.province),
        Role.COORDINATOR: make_user("coordinator", Role.COORDINATOR, w.lead, w.province),
        Role.AGENCY_OFFICER: make_user("police", Role.AGENCY_OFFICER, w.police, w.province),
        Role.DISTRICT_OFFICER: make_user("district", Role.DISTRICT_OFFICER, w.district_committees, w.district),
        Role.COMMUNE_OFFICER: make_user("commune", Role.COMMUNE_OFFICER, w.district_committees, w.commune),
        Role.INSPECTOR: make_user("inspector", Role.INSPECTOR, w.police, w.commune),
        Role.CASE_WORKER: make_user("caseworker", Role.CASE_WORKER, w.lead, w.commune),
        Role.PEER_EDUCATOR: make_user("peer", Role.PEER_EDUCATOR, w.lead, w.commune),
        Role.VIEWER: make_user("viewer", Role.VIEWER, w.lead, w.province),
        "sibling_commune": make_user("sibling", Role.COMMUNE_OFFICER, w.district_committees, w.sibling_commune),
    }
