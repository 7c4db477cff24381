"""Outreach demo records for Tây Ninh 2019, run by `manage.py demo` (core.demo.area_populators).

The story the dashboard then tells for 2019 (targets T1, T3, T4a, T6 of plan 905/KH-UBND):
- T1: most communes hold communication events, several of them in the first quarter; a handful
  hold none all year, most of them in Huyện Bến Cầu, so the to-do list and the drill-down have
  something to show; border communes reach border residents.
- T4a: Báo Tây Ninh publishes every month but August, the provincial radio-TV misses February
  (Tết) and October.
- T3: a roster of about 130 officials (province, districts, one per commune); three provincial
  courses and a few district ones train roughly three quarters of them.
- T6: eight of nine districts and about seven communes in ten have an integrated plan.

Everything goes through the outreach services (validated, audited), written by the demo users
`core.demo` creates. Re-running adds nothing once the province has outreach records; one seed always
gives the same records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from lanhmanh.accounts.models import Agency, User
from lanhmanh.core.demo import (
    COMMUNE_CODE,
    DEMO_DAY,
    DISTRICT_CODE,
    PLAN_CODE,
    PROVINCE_CODE,
    UNIT_SOURCE,
    seeded_faker,
)
from lanhmanh.outreach import services
from lanhmanh.outreach.models import (
    AudienceGroup,
    CourseLevel,
    CourseTopic,
    EventForm,
    MaterialKind,
    MediaItem,
    MediaKind,
    Official,
    Outlet,
    OutreachEvent,
    Programme,
)
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.plans.loader import agencies_in
from lanhmanh.plans.models import Task

YEAR = 2019
LAGGING_DISTRICT = "711"  # Huyện Bến Cầu: most communes without outreach, and no district integrated plan
# Districts along the Cambodian border (Tân Biên, Tân Châu, Châu Thành, Bến Cầu, Trảng Bàng).
BORDER_DISTRICTS = {"705", "706", "708", "711", "712"}
MEDIA_GAPS = {Outlet.BAO_TN: {8}, Outlet.PTTH: {2, 10}}
PROVINCIAL_ORGANISERS = ("VHTTDL", "CA", "YT", "MTTQ", "LDTBXH", "TP")

TITLES = {
    EventForm.TALK: "Tuyên truyền phòng, chống mại dâm và HIV/AIDS tại {place}",
    EventForm.LOUDSPEAKER: "Phát thanh chuyên mục phòng, chống tệ nạn xã hội trên loa truyền thanh {place}",
    EventForm.PRINT: "Phát tờ rơi, treo băng rôn về tác hại của mại dâm tại {place}",
    EventForm.PERFORMANCE: "Hội thi tìm hiểu pháp luật về phòng, chống mại dâm tại {place}",
    EventForm.SOCIAL_MEDIA: "Đăng tin phòng, chống mua bán người trên trang mạng xã hội của {place}",
    EventForm.ESTABLISHMENT: "Tuyên truyền cho chủ và người lao động cơ sở kinh doanh dịch vụ tại {place}",
    EventForm.SCHOOL: "Ngoại khóa giáo dục giới tính, phòng, chống xâm hại tại trường học {place}",
    EventForm.OTHER: "Tuyên truyền lưu động về phòng, chống tệ nạn xã hội tại {place}",
}
AUDIENCE_BY_FORM = {
    EventForm.TALK: (AudienceGroup.RESIDENTS, AudienceGroup.OFFICIALS),
    EventForm.LOUDSPEAKER: (AudienceGroup.RESIDENTS,),
    EventForm.PRINT: (AudienceGroup.RESIDENTS, AudienceGroup.INDUSTRIAL_WORKERS),
    EventForm.PERFORMANCE: (AudienceGroup.RESIDENTS, AudienceGroup.STUDENTS),
    EventForm.SOCIAL_MEDIA: (AudienceGroup.RESIDENTS,),
    EventForm.ESTABLISHMENT: (AudienceGroup.OWNERS, AudienceGroup.ESTABLISHMENT_WORKERS),
    EventForm.SCHOOL: (AudienceGroup.STUDENTS,),
    EventForm.OTHER: (AudienceGroup.RESIDENTS,),
}
MEDIA_TITLES = (
    "Tây Ninh đẩy mạnh phòng, chống mại dâm tại các cơ sở kinh doanh dịch vụ",
    "Đội kiểm tra liên ngành kiểm tra cơ sở lưu trú, karaoke",
    "Hỗ trợ người bán dâm hòa nhập cộng đồng",
    "Phòng, chống mua bán người khu vực biên giới",
    "Xây dựng xã, phường lành mạnh không có tệ nạn xã hội",
    "Chuyên mục: Vì một cộng đồng an toàn",
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu")
GIVEN = ("An", "Bình", "Cường", "Dung", "Hạnh", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Tâm", "Tuấn")


@dataclass
class Tally:
    events: int = 0
    communes_reached: int = 0
    communes: int = 0
    media: int = 0
    officials: int = 0
    courses: int = 0
    trained: int = 0
    plans: int = 0


@dataclass(frozen=True)
class Area:
    province: AdministrativeUnit
    districts: list[AdministrativeUnit]
    communes: dict[int, list[AdministrativeUnit]]  # district pk -> its communes valid in 2019
    agencies: dict[str, Agency]
    users: dict[str, User]


def _find_area() -> Area | str:
    province = (
        AdministrativeUnit.objects.filter(code=PROVINCE_CODE, level=Level.PROVINCE, source=UNIT_SOURCE)
        .valid_on(DEMO_DAY)
        .first()
    )
    if province is None:
        return "chưa có đơn vị hành chính Tây Ninh 2019 (load_units)"
    users = {user.username: user for user in User.objects.filter(username__startswith="demo-")}
    if "demo-coordinator" not in users:
        return "chưa có tài khoản demo"
    below = AdministrativeUnit.objects.subtree(province).valid_on(date(YEAR, 12, 31)).select_related("parent")
    districts = list(below.filter(level=Level.DISTRICT).order_by("code"))
    communes: dict[int, list[AdministrativeUnit]] = {district.pk: [] for district in districts}
    for commune in below.communes().order_by("code"):
        if commune.parent_id in communes:
            communes[commune.parent_id].append(commune)
    agencies = {code: found[0] for code, found in agencies_in(province, DEMO_DAY).items() if len(found) == 1}
    if "LDTBXH" not in agencies:
        return "chưa có danh sách cơ quan (load_agencies)"
    return Area(province, districts, communes, agencies, users)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _writer(area: Area, district: AdministrativeUnit, commune: AdministrativeUnit) -> User:
    """The demo commune and district officers write their own area's records; the coordinator the rest."""
    users = area.users
    if commune.code == COMMUNE_CODE and "demo-commune" in users:
        return users["demo-commune"]
    if district.code == DISTRICT_CODE and "demo-district" in users:
        return users["demo-district"]
    return users["demo-coordinator"]


def _events(area: Area, rng: random.Random, tally: Tally) -> None:
    tasks = {
        task.lead_agency_id: task
        for task in Task.objects.filter(plan__code=PLAN_CODE).exclude(lead_agency=None).order_by("-order")
    }
    for district in area.districts:
        committee = area.agencies.get(f"UBND-{district.code}")
        for commune in area.communes[district.pk]:
            tally.communes += 1
            lagging = rng.random() < (0.6 if district.code == LAGGING_DISTRICT else 0.04)
            if lagging or committee is None:
                continue
            tally.communes_reached += 1
            # Communes that start late leave the first quarter's share well below the year's.
            start = date(YEAR, 1, 7) if rng.random() < 0.55 else date(YEAR, 4, 15)
            for _ in range(rng.randint(1, 5)):
                form = rng.choice(list(EventForm))
                organiser = committee
                if rng.random() < 0.25:
                    organiser = area.agencies.get(rng.choice(PROVINCIAL_ORGANISERS), committee)
                groups = list(AUDIENCE_BY_FORM[form])
                if district.code in BORDER_DISTRICTS and form == EventForm.TALK:
                    groups.append(AudienceGroup.BORDER_RESIDENTS)
                audience = {group.value: rng.randint(15, 120) for group in groups}
                materials = {MaterialKind.LEAFLET.value: rng.randrange(50, 400, 10)} if rng.random() < 0.6 else {}
                if form == EventForm.PRINT:
                    materials[MaterialKind.POSTER.value] = rng.randint(2, 20)
                services.event_create(
                    actor=_writer(area, district, commune),
                    data=services.EventInput(
                        date=_day(rng, start, date(YEAR, 12, 10)),
                        title=TITLES[form].format(place=commune.name),
                        form=form,
                        units=[commune],
                        organiser=organiser,
                        location=rng.choice(("Hội trường UBND", "Nhà văn hóa ấp", "Trường THCS", "Chợ")),
                        task=tasks.get(organiser.pk) if rng.random() < 0.3 else None,
                        audience=audience,
                        materials=materials,
                    ),
                )
                tally.events += 1


def _media(area: Area, rng: random.Random, tally: Tally) -> None:
    coordinator = area.users["demo-coordinator"]
    kinds = {
        Outlet.BAO_TN: (MediaKind.ARTICLE, MediaKind.NEWS),
        Outlet.PTTH: (MediaKind.REPORTAGE, MediaKind.PROGRAMME),
    }
    for month in range(1, 13):
        for outlet, gaps in MEDIA_GAPS.items():
            if month in gaps:
                continue
            for _ in range(rng.randint(1, 3)):
                services.media_item_create(
                    actor=coordinator,
                    data=services.MediaInput(
                        unit=area.province,
                        outlet=outlet,
                        kind=rng.choice(kinds[outlet]),
                        date=date(YEAR, month, rng.randint(1, 28)),
                        title=rng.choice(MEDIA_TITLES),
                        link=f"https://{'baotayninh.vn' if outlet == Outlet.BAO_TN else 'tayninhtv.vn'}/{YEAR}/{month}/"
                        f"{rng.randint(1000, 9999)}",
                    ),
                )
                tally.media += 1
    services.media_item_create(
        actor=coordinator,
        data=services.MediaInput(
            unit=area.province,
            outlet=Outlet.OTHER,
            outlet_name="Báo Lao Động",
            kind=MediaKind.ARTICLE,
            date=date(YEAR, 6, 26),
            title="Tây Ninh: hiệu quả mô hình hỗ trợ người bán dâm tại cộng đồng",
            link="https://laodong.vn/xa-hoi/tay-ninh-2019",
        ),
    )
    tally.media += 1


def _roster(area: Area, rng: random.Random, tally: Tally) -> list[Official]:
    coordinator = area.users["demo-coordinator"]
    officials = []

    def add(agency: Agency, unit: AdministrativeUnit, position: str) -> None:
        start = date(rng.choice((2014, 2016, 2017, 2018)), rng.randint(1, 12), 1)
        end = None
        roll = rng.random()
        if roll < 0.06:
            start = date(YEAR, rng.randint(5, 9), 1)  # joined during the year
        elif roll < 0.11:
            end = date(YEAR, rng.randint(3, 10), 28)  # left during the year
        officials.append(
            services.official_create(
                actor=coordinator,
                data=services.OfficialInput(
                    full_name=_name(rng), agency=agency, unit=unit, position=position, start_date=start, end_date=end
                ),
            )
        )

    for code, position in (
        ("LDTBXH", "Chuyên viên Chi cục Phòng, chống tệ nạn xã hội"),
        ("LDTBXH", "Chi cục trưởng Chi cục Phòng, chống tệ nạn xã hội"),
        ("CA", "Cán bộ Phòng Cảnh sát hình sự"),
        ("CA", "Cán bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
        ("VHTTDL", "Thanh tra viên"),
        ("YT", "Chuyên viên Trung tâm Kiểm soát bệnh tật"),
        ("BDBP", "Cán bộ Phòng Phòng, chống ma túy và tội phạm"),
        ("TP", "Chuyên viên Phòng Phổ biến, giáo dục pháp luật"),
    ):
        if code in area.agencies:
            add(area.agencies[code], area.province, position)
    for district in area.districts:
        committee = area.agencies.get(f"UBND-{district.code}")
        if committee is None:
            continue
        add(committee, district, "Chuyên viên Phòng Lao động - Thương binh và Xã hội")
        add(committee, district, "Đội trưởng Đội kiểm tra liên ngành Văn hóa - Xã hội")
        add(committee, district, "Cán bộ Công an huyện")
        for commune in area.communes[district.pk]:
            add(committee, commune, "Công chức Văn hóa - Xã hội")
    tally.officials = len(officials)
    return officials


def _training(area: Area, officials: list[Official], rng: random.Random, tally: Tally) -> None:
    coordinator = area.users["demo-coordinator"]
    lead = area.agencies["LDTBXH"]
    courses = []
    for title, topic, start in (
        ("Tập huấn kiến thức pháp luật về phòng, chống mại dâm năm 2019", CourseTopic.LEGAL, date(YEAR, 4, 16)),
        ("Tập huấn kỹ năng kiểm tra cơ sở kinh doanh dịch vụ nhạy cảm", CourseTopic.INSPECTION, date(YEAR, 7, 9)),
        ("Tập huấn can thiệp giảm hại và hỗ trợ người bán dâm", CourseTopic.HARM_REDUCTION, date(YEAR, 10, 22)),
    ):
        courses.append(
            services.course_create(
                actor=coordinator,
                data=services.CourseInput(
                    title=title,
                    start_date=start,
                    end_date=start + timedelta(days=1),
                    organiser=lead,
                    level=CourseLevel.PROVINCE,
                    topic=topic,
                    unit=area.province,
                    location="Hội trường Sở Lao động - Thương binh và Xã hội",
                ),
            )
        )
    for district in area.districts[:3]:
        committee = area.agencies.get(f"UBND-{district.code}")
        if committee is not None:
            start = date(YEAR, rng.randint(5, 11), rng.randint(1, 20))
            courses.append(
                services.course_create(
                    actor=coordinator,
                    data=services.CourseInput(
                        title=f"Bồi dưỡng nghiệp vụ phòng, chống mại dâm cho cán bộ cấp xã {district.name}",
                        start_date=start,
                        end_date=start,
                        organiser=committee,
                        level=CourseLevel.DISTRICT,
                        topic=CourseTopic.CASE_SUPPORT,
                        unit=district,
                    ),
                )
            )
    tally.courses = len(courses)
    for official in officials:
        roll = rng.random()
        if roll > 0.85:
            continue  # never invited this year
        course = rng.choice(courses)
        ended = official.end_date is not None and official.end_date < course.start_date
        if official.start_date > course.end_date or ended:
            continue
        attended = roll < 0.8
        completed = attended and roll < 0.76
        services.participant_set(
            course=course, official=official, actor=coordinator, attended=attended, completed=completed
        )
        tally.trained += completed


def _integrated_plans(area: Area, rng: random.Random, tally: Tally) -> None:
    coordinator = area.users["demo-coordinator"]
    for district in area.districts:
        units = [] if district.code == LAGGING_DISTRICT else [district]
        units += [c for c in area.communes[district.pk] if rng.random() < (0.3 if district.code == "711" else 0.75)]
        for unit in units:
            programmes = rng.sample(list(Programme.values), rng.randint(2, 5))
            services.integrated_plan_create(
                actor=coordinator,
                data=services.IntegratedPlanInput(
                    unit=unit,
                    document_number=f"{rng.randint(10, 250)}/KH-UBND",
                    issued_on=_day(rng, date(YEAR, 1, 10), date(YEAR, 9, 30)),
                    title=f"Kế hoạch lồng ghép phòng, chống mại dâm năm {YEAR} của {unit.name}",
                    programmes=programmes,
                ),
            )
            tally.plans += 1


@transaction.atomic
def populate(*, seed: int) -> str:
    """Add the outreach story for Tây Ninh 2019 once; return a one-line summary in Vietnamese."""
    area = _find_area()
    if isinstance(area, str):
        return f"Tuyên truyền, tập huấn mẫu: bỏ qua ({area})."
    in_province = (
        OutreachEvent.objects.in_subtree(area.province).exists()
        or MediaItem.objects.filter(unit=area.province).exists()
    )
    if in_province:
        return "Tuyên truyền, tập huấn mẫu: bỏ qua (tỉnh đã có dữ liệu tuyên truyền)."
    # Faker's generator, seeded as core.demo seeds its own: the same seed gives the same records.
    rng = seeded_faker(seed).random
    tally = Tally()
    _events(area, rng, tally)
    _media(area, rng, tally)
    _training(area, _roster(area, rng, tally), rng, tally)
    _integrated_plans(area, rng, tally)
    return (
        f"Tuyên truyền, tập huấn mẫu: {tally.events} hoạt động tuyên truyền tại {tally.communes_reached}/"
        f"{tally.communes} xã; {tally.media} tin, bài; {tally.officials} cán bộ, {tally.courses} lớp tập huấn, "
        f"{tally.trained} cán bộ hoàn thành; {tally.plans} kế hoạch lồng ghép."
    )
