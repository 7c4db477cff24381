"""Inspection demo records for Tây Ninh 2019, run by `manage.py demo` after the establishments' demo.

The story:
- the violation catalogue shipped in data/violations/ is loaded (idempotent);
- a provincial interagency team (Đội kiểm tra liên ngành 178 tỉnh), one team per district (valid
  until 30/06/2025, when districts end) and a commune team for the demo commune, each with members
  from the police, culture, labour and health agencies;
- the provincial team's 2019 schedule of about a dozen establishments, approved by the coordinator;
- a year (2019) of inspections covering about six establishments in ten, some twice, with checklist
  results (a failed item now and then) and signs of prostitution recorded at a few karaoke rooms and
  massage parlours (they become risk flags and lead the worklist);
- follow-up inspections in 2022 at some of those establishments, with violations under decree
  144/2021 (the first decree the shipped catalogue holds: no row is in force in 2019, and none is
  invented for it): fines within range, some paid, some overdue, a remedy not complied with and
  re-inspections falling due.

Everything goes through the services (validated, audited). Nothing is created when the
establishments' demo has not run (no establishment in the province); re-running adds nothing once
the province has teams. One seed always gives the same records.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core.demo import DemoError, DemoPlaces, find_places, seeded_faker
from lanhmanh.establishments.models import Establishment
from lanhmanh.inspections import services
from lanhmanh.inspections.catalogue import load_catalogue_file, shipped_files
from lanhmanh.inspections.checklist import items_for
from lanhmanh.inspections.models import (
    DISTRICTS_ABOLISHED_ON,
    CheckResult,
    Inspection,
    InspectionKind,
    InspectionTeam,
    SubjectType,
    TeamLevel,
    TeamMember,
    TeamRole,
    ViolationType,
)
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.plans.loader import agencies_in

YEAR = 2019
FOLLOW_UP_YEAR = 2022
MEMBER_AGENCIES = ("VHTTDL", "CA", "LDTBXH", "YT", "CA", "VHTTDL")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu", "Quốc")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Tâm")
SIGNS_KINDS = {"karaoke", "massage", "hair_wash", "dim_cafe", "guest_house"}
SIGNS_TEXT = "Nhân viên nữ ngồi tiếp khách trong phòng kín, có biểu hiện môi giới mại dâm."


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _members(rng: random.Random, agencies: dict[str, Agency]) -> list[services.MemberInput]:
    members = []
    for index, code in enumerate(MEMBER_AGENCIES):
        agency = agencies.get(code)
        if agency is None:
            continue
        role = TeamRole.LEADER if index == 0 else TeamRole.DEPUTY if index == 1 else TeamRole.MEMBER
        members.append(services.MemberInput(name=_name(rng), agency=agency, role=role))
    return members


def _teams(
    rng: random.Random, province: AdministrativeUnit, commune: AdministrativeUnit, users: dict[str, User]
) -> tuple[InspectionTeam, dict[int, InspectionTeam], InspectionTeam]:
    found = {code: items[0] for code, items in agencies_in(province, date(YEAR, 1, 1)).items() if len(items) == 1}
    coordinator = users["demo-coordinator"]
    province_team = services.team_create(
        actor=coordinator,
        data=services.TeamInput(
            name="Đội kiểm tra liên ngành 178 tỉnh Tây Ninh",
            level=TeamLevel.PROVINCE,
            unit=province,
            decision_number="3125/QĐ-UBND",
            decision_date=date(2018, 12, 20),
            valid_from=date(YEAR, 1, 1),
            members=_members(rng, found),
        ),
    )
    districts = {}
    for district in (
        AdministrativeUnit.objects.subtree(province).filter(level=Level.DISTRICT).valid_on(date(YEAR, 1, 1))
    ):
        districts[district.pk] = services.team_create(
            actor=coordinator,
            data=services.TeamInput(
                name=f"Đội kiểm tra liên ngành {district.name}",
                level=TeamLevel.DISTRICT,
                unit=district,
                decision_number=f"{rng.randint(100, 999)}/QĐ-UBND",
                decision_date=date(2018, 12, 28),
                valid_from=date(YEAR, 1, 1),
                valid_to=DISTRICTS_ABOLISHED_ON - timedelta(days=1),
                members=_members(rng, found),
            ),
        )
    commune_team = services.team_create(
        actor=users.get("demo-commune", coordinator),
        data=services.TeamInput(
            name=f"Tổ kiểm tra liên ngành {commune.name}",
            level=TeamLevel.COMMUNE,
            unit=commune,
            decision_number="15/QĐ-UBND",
            decision_date=date(2019, 1, 10),
            valid_from=date(YEAR, 1, 15),
            members=_members(rng, found)[:4],
        ),
    )
    return province_team, districts, commune_team


def _checklist(rng: random.Random, kind: str, clean: bool) -> dict[str, tuple[str, str]]:
    answers = {}
    for item in items_for(kind):
        result = CheckResult.PASS
        if item.code == "no_signs_of_prostitution":
            result = CheckResult.PASS if clean else CheckResult.FAIL
        elif rng.random() < 0.08:
            result = CheckResult.FAIL
        answers[item.code] = (result.value, "" if result == CheckResult.PASS else "Nhắc nhở chủ cơ sở khắc phục.")
    return answers


def _present(rng: random.Random, team: InspectionTeam) -> list[TeamMember]:
    members = list(team.members.order_by("pk"))
    return rng.sample(members, k=min(len(members), rng.randint(3, 5)))


def _team_for(
    place: Establishment, districts: dict[int, InspectionTeam], province_team: InspectionTeam
) -> InspectionTeam:
    return districts.get(place.commune.parent_id or 0, province_team)


def _violation_rows() -> tuple[ViolationType | None, ViolationType | None]:
    day = date(FOLLOW_UP_YEAR, 6, 1)
    rows = ViolationType.objects.in_force_on(day).filter(subject_type=SubjectType.ORGANISATION)
    return rows.filter(code__contains="che-giau").first(), rows.filter(code__contains="loi-keo").first()


@transaction.atomic
def _populate(places: DemoPlaces, users: dict[str, User], establishments: list[Establishment], seed: int) -> str:
    # Faker's generator, seeded: the same records on every run with the same seed.
    rng = seeded_faker(seed + 3).random
    coordinator = users["demo-coordinator"]
    province_team, districts, _commune_team = _teams(rng, places.province, places.commune, users)
    planned = rng.sample(establishments, k=min(12, len(establishments)))
    start = date(YEAR, 3, 1)
    visits = [
        services.VisitInput(establishment=place, planned_on=start + timedelta(days=20 * index))
        for index, place in enumerate(planned)
    ]
    schedule = services.schedule_create(
        actor=coordinator,
        data=services.ScheduleInput(
            team=province_team,
            title=f"Kế hoạch kiểm tra cơ sở kinh doanh dịch vụ nhạy cảm năm {YEAR}",
            period_start=start,
            period_end=date(YEAR, 11, 30),
            visits=visits,
        ),
    )
    services.schedule_approve(actor=coordinator, schedule=schedule)
    inspections: list[Inspection] = []
    for visit in visits:
        place = visit.establishment
        inspections.append(
            services.inspection_create(
                actor=coordinator,
                data=services.InspectionInput(
                    team=province_team,
                    establishment=place,
                    date=visit.planned_on,
                    kind=InspectionKind.PLANNED,
                    schedule=schedule,
                    members_present=_present(rng, province_team),
                    checklist=_checklist(rng, place.kind, clean=True),
                    minutes_number=f"{len(inspections) + 1}/BB-ĐKTLN",
                    findings="Cơ sở chấp hành cơ bản các quy định.",
                ),
            )
        )
    flagged = []
    for place in establishments:
        if place in planned or rng.random() > 0.55:
            continue
        team = _team_for(place, districts, province_team)
        for _ in range(2 if rng.random() < 0.15 else 1):
            signs = place.kind in SIGNS_KINDS and rng.random() < 0.12
            day = date(YEAR, 1, 15) + timedelta(days=rng.randrange(320))
            inspections.append(
                services.inspection_create(
                    actor=coordinator,
                    data=services.InspectionInput(
                        team=team,
                        establishment=place,
                        date=day,
                        kind=rng.choice([InspectionKind.COMPLAINT, InspectionKind.SIGNS, InspectionKind.REQUEST]),
                        members_present=_present(rng, team),
                        checklist=_checklist(rng, place.kind, clean=not signs),
                        minutes_number=f"{len(inspections) + 1}/BB-ĐKTLN",
                        findings=SIGNS_TEXT if signs else "Không phát hiện vi phạm.",
                        signs=SIGNS_TEXT if signs else "",
                    ),
                )
            )
            if signs:
                flagged.append(place)
    violations = _follow_ups(rng, coordinator, province_team, establishments, flagged)
    return (
        f"Kiểm tra liên ngành: {InspectionTeam.objects.filter(unit__path__prefix=places.province.path).count()} đội, "
        f"1 kế hoạch đã phê duyệt, {len(inspections)} cuộc kiểm tra năm {YEAR} "
        f"({len(flagged)} lần phát hiện dấu hiệu), {violations} vi phạm năm {FOLLOW_UP_YEAR}."
    )


def _follow_ups(
    rng: random.Random,
    actor: User,
    team: InspectionTeam,
    establishments: list[Establishment],
    flagged: list[Establishment],
) -> int:
    concealing, enticing = _violation_rows()
    if concealing is None or enticing is None:
        return 0
    candidates = list(dict.fromkeys(flagged)) or establishments[:3]
    extra = [p for p in establishments if p.kind in SIGNS_KINDS and p not in candidates]
    targets = (candidates + extra)[:10]
    made = 0
    for index, place in enumerate(targets):
        day = date(FOLLOW_UP_YEAR, 3, 1) + timedelta(days=25 * index)
        inspection = services.inspection_create(
            actor=actor,
            data=services.InspectionInput(
                team=team,
                establishment=place,
                date=day,
                kind=InspectionKind.SIGNS,
                members_present=_present(rng, team),
                checklist=_checklist(rng, place.kind, clean=False),
                minutes_number=f"{index + 1}/BB-ĐKTLN-{FOLLOW_UP_YEAR}",
                findings="Phát hiện chủ cơ sở để nhân viên bán dâm tại cơ sở.",
            ),
        )
        row = enticing if index % 4 == 3 else concealing
        fine = rng.randrange(row.fine_min, row.fine_max + 1, 500_000)
        paid = index % 3 != 2
        services.violation_record(
            actor=actor,
            inspection=inspection,
            data=services.ViolationInput(
                violation_type=row,
                committed_on=day,
                subject_type=SubjectType.ORGANISATION,
                offender=place.name,
                fine_amount=fine,
                decision_number=f"{100 + index}/QĐ-XPHC",
                decision_date=day + timedelta(days=5),
                fine_due_on=day + timedelta(days=15),
                fine_paid_on=day + timedelta(days=12) if paid else None,
                fine_collected=fine if paid else None,
                remedy="Cam kết không để xảy ra hoạt động mại dâm tại cơ sở." if index % 2 == 0 else "",
                remedy_due_on=day + timedelta(days=30) if index % 2 == 0 else None,
                complied_on=day + timedelta(days=20) if index % 4 == 0 else None,
                license_suspension_months=3 if row == enticing else None,
                reinspection_due_on=day + timedelta(days=90),
            ),
        )
        made += 1
    return made


def populate(*, seed: int) -> str:
    loaded = [load_catalogue_file(path) for path in shipped_files()]
    catalogue = f"danh mục hành vi vi phạm: {sum(r.created + r.updated for r in loaded)} dòng mới hoặc cập nhật"
    try:
        places = find_places()
    except DemoError as error:
        return f"Kiểm tra liên ngành: {catalogue}; bỏ qua phần còn lại ({error})."
    province = places.province
    if InspectionTeam.objects.filter(unit__path__prefix=province.path).exists():
        return f"Kiểm tra liên ngành: {catalogue}; đã có đội kiểm tra tại {province.name}, không tạo thêm."
    establishments = list(
        Establishment.objects.in_subtree(province).exclude(status="closed").select_related("commune").order_by("pk")
    )
    if not establishments:
        return f"Kiểm tra liên ngành: {catalogue}; chưa có cơ sở kinh doanh nào tại {province.name}, không tạo gì thêm."
    users = {user.username: user for user in User.objects.filter(username__startswith="demo-")}
    if "demo-coordinator" not in users:
        return f"Kiểm tra liên ngành: {catalogue}; chưa có tài khoản demo-coordinator, không tạo gì thêm."
    return _populate(places, users, establishments, seed)
