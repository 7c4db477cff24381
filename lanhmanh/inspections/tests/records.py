"""Records the inspection tests build: establishments, teams, inspections, violations."""

from __future__ import annotations

from datetime import date

from lanhmanh.accounts.models import User
from lanhmanh.core.testing import World
from lanhmanh.establishments.models import Establishment
from lanhmanh.inspections import services
from lanhmanh.inspections.catalogue import load_catalogue_file, shipped_files
from lanhmanh.inspections.checklist import items_for
from lanhmanh.inspections.models import (
    Inspection,
    InspectionKind,
    InspectionSchedule,
    InspectionTeam,
    SubjectType,
    TeamLevel,
    ViolationType,
)
from lanhmanh.places.models import AdministrativeUnit

DAY = date(2023, 5, 10)


def place(
    unit: AdministrativeUnit, user: User, *, name: str = "Karaoke Hoa Mai", kind: str = "karaoke"
) -> Establishment:
    return Establishment.objects.create(name=name, kind=kind, address="1 Đường Số 1", commune=unit, created_by=user)


def team(world: World, actor: User, *, unit: AdministrativeUnit | None = None, members: int = 4) -> InspectionTeam:
    unit = unit or world.province
    return services.team_create(
        actor=actor,
        data=services.TeamInput(
            name=f"Đội kiểm tra {unit.name}",
            level={"province": TeamLevel.PROVINCE, "district": TeamLevel.DISTRICT, "commune": TeamLevel.COMMUNE}[
                unit.level
            ],
            unit=unit,
            decision_number="1/QĐ-UBND",
            decision_date=date(2018, 12, 1),
            valid_from=date(2019, 1, 1),
            valid_to=date(2025, 6, 30) if unit.level == "district" else None,
            members=[
                services.MemberInput(name=f"Thành viên {i}", agency=world.police if i % 2 else world.lead)
                for i in range(members)
            ],
        ),
    )


def schedule(
    team_: InspectionTeam, establishment: Establishment, actor: User, *, title: str = "Kế hoạch kiểm tra năm 2023"
) -> InspectionSchedule:
    """A draft schedule of 2023 listing the establishment on 1 June."""
    return services.schedule_create(
        actor=actor,
        data=services.ScheduleInput(
            team=team_,
            title=title,
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            visits=[services.VisitInput(establishment=establishment, planned_on=date(2023, 6, 1))],
        ),
    )


def answers(kind: str, result: str = "pass") -> dict[str, tuple[str, str]]:
    return {item.code: (result, "") for item in items_for(kind)}


def inspection_input(team_: InspectionTeam, establishment: Establishment, **changes) -> services.InspectionInput:
    values = {
        "team": team_,
        "establishment": establishment,
        "date": DAY,
        "kind": InspectionKind.COMPLAINT,
        "members_present": list(team_.members.all()[:3]),
        "checklist": answers(establishment.kind),
        "minutes_number": "1/BB",
    }
    values.update(changes)
    return services.InspectionInput(**values)


def inspect(team_: InspectionTeam, establishment: Establishment, actor: User, **changes) -> Inspection:
    return services.inspection_create(actor=actor, data=inspection_input(team_, establishment, **changes))


def catalogue() -> None:
    for path in shipped_files():
        load_catalogue_file(path)


def row(code: str) -> ViolationType:
    return ViolationType.objects.get(code=code)


def violation_input(**changes) -> services.ViolationInput:
    values = {
        "violation_type": row("nd144-2021-d26-che-giau-tc"),
        "committed_on": DAY,
        "subject_type": SubjectType.ORGANISATION,
        "offender": "Karaoke Hoa Mai",
        "fine_amount": 15_000_000,
        "decision_number": "12/QĐ-XPHC",
        "decision_date": date(2023, 5, 15),
        "fine_due_on": date(2023, 5, 25),
    }
    values.update(changes)
    return services.ViolationInput(**values)
