"""Demo data to try the system with: one user per role, and a year of progress on the 2019 plan.

`manage.py demo` runs `run_demo` (and refuses outside DEBUG without --force). Re-running it
duplicates nothing: users that exist are kept (their password is reset only when asked), and
progress is generated only for a plan that has none yet. Everything random comes from Faker
generators seeded with `seed` (one for names, one for progress), so one seed always gives the
same names, texts, dates and statuses.

Progress goes through the plan services (`task_post_update`, `task_assign`,
`manual_value_record`), so it is validated and audited like progress entered in the app.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from faker import Faker

from lanhmanh.accounts.models import Agency, Role, User
from lanhmanh.accounts.user_services import user_set_password
from lanhmanh.core import audit
from lanhmanh.indicators.periods import reporting_quarter
from lanhmanh.places.models import AdministrativeUnit, Level
from lanhmanh.plans.loader import find_agency
from lanhmanh.plans.models import ManualValue, Plan, Task, TaskStatus, TaskUpdate
from lanhmanh.plans.services import manual_value_record, task_assign, task_post_update

PLAN_CODE = "tay-ninh-2019"
UNIT_SOURCE = "tay-ninh-2019"
PROVINCE_CODE = "72"
DISTRICT_CODE = "705"  # Huyện Tân Biên
COMMUNE_CODE = "25486"  # Thị trấn Tân Biên
# The demo lives in 2019: units and agencies are taken as they were then (several agencies have
# ended since, e.g. Sở LĐTBXH on 28/02/2025).
DEMO_DAY = date(2019, 1, 1)
DEFAULT_SEED = 2019


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    agency_code: str
    scope: str  # "province", "district" or "commune"


DEMO_USERS = (
    DemoUser("demo-admin", Role.ADMIN, "LDTBXH", "province"),
    DemoUser("demo-coordinator", Role.COORDINATOR, "LDTBXH", "province"),
    DemoUser("demo-agency", Role.AGENCY_OFFICER, "CA", "province"),
    DemoUser("demo-district", Role.DISTRICT_OFFICER, f"UBND-{DISTRICT_CODE}", "district"),
    # No commune committee is an agency of the plan: the commune officer works for the district's.
    DemoUser("demo-commune", Role.COMMUNE_OFFICER, f"UBND-{DISTRICT_CODE}", "commune"),
    DemoUser("demo-inspector", Role.INSPECTOR, "CA", "commune"),
    DemoUser("demo-caseworker", Role.CASE_WORKER, "LDTBXH", "commune"),
    DemoUser("demo-peer", Role.PEER_EDUCATOR, "LDTBXH", "commune"),
    DemoUser("demo-viewer", Role.VIEWER, "UBND-TINH", "province"),
)

# Vietnamese full names are family name, middle name, given name; Faker's vi_VN locale has the
# parts but composes them in Western order, so they are put together here.
MIDDLE_NAMES_FEMALE = ("Thị", "Ngọc", "Thu", "Thanh", "Mỹ")
MIDDLE_NAMES_MALE = ("Văn", "Đức", "Hữu", "Minh", "Quốc", "Thanh")


ENV_VARIABLE = "DEMO_PASSWORD"


def demo_password() -> tuple[str, str]:
    """The demo users' password and where it came from (for the command to tell the operator)."""
    from_env = os.environ.get(ENV_VARIABLE, "")
    if from_env:
        return from_env, f"biến môi trường {ENV_VARIABLE}"
    return settings.DEMO_PASSWORD_DEFAULT, (
        f"mặc định settings.DEMO_PASSWORD_DEFAULT ({settings.DEMO_PASSWORD_DEFAULT}); "
        f"đặt biến môi trường {ENV_VARIABLE} để dùng mật khẩu khác"
    )


class DemoError(Exception):
    """The demo cannot run; the message says what to do."""


@dataclass(frozen=True)
class DemoPlaces:
    province: AdministrativeUnit
    district: AdministrativeUnit
    commune: AdministrativeUnit
    agencies: dict[str, Agency]

    def scope(self, name: str) -> AdministrativeUnit:
        return {"province": self.province, "district": self.district, "commune": self.commune}[name]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str
    agency: str
    state: str  # "tạo mới", "đã có", "đã có, đặt lại mật khẩu"


@dataclass
class ProgressSummary:
    skipped: str = ""
    tasks: int = 0
    updates: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    overdue: list[str] = field(default_factory=list)
    manual_values: int = 0


@dataclass(frozen=True)
class DemoResult:
    logins: list[DemoLogin]
    progress: ProgressSummary


def find_places() -> DemoPlaces:
    """The 2019 units and agencies the demo users belong to; DemoError names what is missing."""
    province = (
        AdministrativeUnit.objects.filter(code=PROVINCE_CODE, level=Level.PROVINCE, source=UNIT_SOURCE)
        .valid_on(DEMO_DAY)
        .first()
    )
    if province is None:
        raise DemoError(
            f"Chưa có tỉnh mã {PROVINCE_CODE} (bộ dữ liệu {UNIT_SOURCE}). "
            "Hãy chạy trước: python manage.py load_units data/units/tay-ninh-2019.json"
        )
    below = AdministrativeUnit.objects.subtree(province).valid_on(DEMO_DAY)
    district = below.filter(code=DISTRICT_CODE, level=Level.DISTRICT).first()
    commune = below.filter(code=COMMUNE_CODE, level=Level.COMMUNE).first()
    if district is None or commune is None:
        raise DemoError(f"Thiếu huyện {DISTRICT_CODE} hoặc thị trấn {COMMUNE_CODE} trong dữ liệu đơn vị hành chính.")
    agencies: dict[str, Agency] = {}
    for code in sorted({spec.agency_code for spec in DEMO_USERS}):
        agency = find_agency(code, province=province, day=DEMO_DAY)
        if agency is None:
            raise DemoError(
                f"Chưa có cơ quan mã {code}. Hãy chạy trước: python manage.py load_agencies data/agencies/tay-ninh.yaml"
            )
        agencies[code] = agency
    return DemoPlaces(province=province, district=district, commune=commune, agencies=agencies)


def seeded_faker(seed: int) -> Faker:
    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    return fake


def demo_names(seed: int) -> list[tuple[str, str]]:
    """(full name, given name) per demo user, the same for the same seed."""
    fake = seeded_faker(seed)
    names = []
    for _spec in DEMO_USERS:
        female = fake.boolean()
        given = fake.first_name_female() if female else fake.first_name_male()
        middle = fake.random_element(MIDDLE_NAMES_FEMALE if female else MIDDLE_NAMES_MALE)
        names.append((f"{fake.last_name()} {middle} {given}", given))
    return names


def _check_password(password: str) -> None:
    try:
        password_validation.validate_password(password)
    except ValidationError as exc:
        raise DemoError("Mật khẩu demo không đạt yêu cầu: " + " ".join(exc.messages)) from exc


def ensure_users(places: DemoPlaces, *, password: str, reset_passwords: bool, seed: int) -> list[DemoLogin]:
    _check_password(password)
    # One hash for all new demo users: they share the password anyway, and hashing is deliberately
    # slow (about a second each), which would make `make setup` wait for nothing.
    encoded = make_password(password)
    logins = []
    for spec, (full_name, _given) in zip(DEMO_USERS, demo_names(seed), strict=True):
        agency = places.agencies[spec.agency_code]
        scope = places.scope(spec.scope)
        user = User.objects.filter(username=spec.username).select_related("agency", "scope").first()
        if user is None:
            # Written here rather than through accounts' user_create: that service refuses agencies
            # that have ended (Sở LĐTBXH in 2025), and the demo users work in 2019.
            # The whole name goes in first_name, as user_create does (family name first).
            user = User(username=spec.username, first_name=full_name, role=spec.role, agency=agency, scope=scope)
            user.password = encoded
            user.save()
            audit.record(
                "accounts.user.created",
                actor=None,
                target=user,
                changes={"role": spec.role, "agency": agency, "scope": scope, "via": "demo"},
            )
            state = "tạo mới"
        elif reset_passwords:
            user_set_password(actor=None, user=user, password=password)
            state = "đã có, đặt lại mật khẩu"
        else:
            state = "đã có, giữ nguyên"
        logins.append(
            DemoLogin(
                username=user.username,
                role=str(Role(user.role).label),
                scope=str(user.scope) if user.scope else "",
                agency=str(user.agency) if user.agency else "",
                state=state,
            )
        )
    return logins


# --- Progress on the plan ----------------------------------------------------------------------

# Update texts by topic. A task gets the topic whose keyword comes first in its text (the plan puts
# the main action first: "Đẩy mạnh công tác thông tin, tuyên truyền..., tập trung ở các khu vực
# biên giới" is about outreach). {n} is the quantity reported with the update, {m} a smaller
# count, {period} the quarter.
TOPICS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("báo cáo",),
        (
            "Tổng hợp báo cáo kết quả thực hiện Kế hoạch {period} từ {n} sở, ngành và địa phương.",
            "Đôn đốc {n} đơn vị chưa gửi báo cáo {period}; dự thảo báo cáo trình Ủy ban nhân dân tỉnh.",
        ),
    ),
    (
        ("Báo Tây Ninh", "tin, bài", "chuyên mục"),
        (
            "Đăng, phát {n} tin, bài, phóng sự về phòng, chống mại dâm {period}.",
            "Duy trì chuyên mục phòng, chống tệ nạn xã hội; {n} tin, bài trong {period}.",
        ),
    ),
    (
        ("biên giới", "cửa khẩu"),
        (
            "Tổ chức {n} đợt tuần tra, kiểm soát khu vực biên giới, cửa khẩu; tuyên truyền tại {m} ấp biên giới.",
            "Phối hợp lực lượng chức năng nước bạn trao đổi thông tin về {m} trường hợp nghi mua bán người.",
        ),
    ),
    (
        ("HIV", "sức khỏe"),
        (
            "Khám sức khỏe, tư vấn xét nghiệm HIV cho {n} người có hồ sơ quản lý.",
            "Cấp phát bao cao su, tài liệu truyền thông giảm hại tại {n} cơ sở lưu trú.",
        ),
    ),
    (
        ("Internet", "công nghệ thông tin"),
        ("Phối hợp kiểm tra {n} điểm truy cập Internet công cộng; nhắc nhở {m} điểm vi phạm giờ hoạt động.",),
    ),
    (
        ("giám sát",),
        (
            "Tổ chức {n} cuộc giám sát việc thực hiện nhiệm vụ phòng, chống mại dâm tại các huyện, thành phố.",
            "Ban hành thông báo kết quả giám sát {period}, kiến nghị {m} nội dung cần khắc phục.",
        ),
    ),
    (
        ("kinh phí", "ngân sách"),
        (
            "Phân bổ kinh phí Chương trình phòng, chống mại dâm năm 2019 cho {n} đơn vị.",
            "Kiểm tra việc sử dụng kinh phí tại {n} đơn vị; chưa phát hiện sai phạm.",
        ),
    ),
    (
        ("đường dây", "chuyên án", "tội phạm"),
        (
            "Triệt phá {m} ổ nhóm hoạt động mại dâm, bắt giữ {n} đối tượng; chuyển hồ sơ đề nghị truy tố.",
            "Tổ chức {n} buổi tuyên truyền về phương thức, thủ đoạn của tội phạm mua bán người.",
        ),
    ),
    (
        ("kiểm tra", "thanh tra"),
        (
            "Kiểm tra {n} cơ sở kinh doanh dịch vụ nhạy cảm; lập biên bản {m} cơ sở vi phạm.",
            "Đoàn kiểm tra liên ngành kiểm tra {n} cơ sở lưu trú, karaoke {period}; nhắc nhở {m} cơ sở.",
        ),
    ),
    (
        ("tập huấn", "bồi dưỡng", "đào tạo"),
        (
            "Tổ chức lớp tập huấn nghiệp vụ cho {n} cán bộ, thành viên Đội kiểm tra liên ngành.",
            "Cử {n} cán bộ dự tập huấn về phòng, chống mại dâm do Bộ Lao động - Thương binh và Xã hội tổ chức.",
        ),
    ),
    (
        ("lồng ghép",),
        (
            "Lồng ghép nội dung phòng, chống mại dâm vào kế hoạch giảm nghèo, dạy nghề; {n} đơn vị đã có kế hoạch.",
            "Hướng dẫn {n} xã, thị trấn xây dựng kế hoạch lồng ghép phòng, chống mại dâm.",
        ),
    ),
    (
        ("mô hình",),
        (
            "Khảo sát, lựa chọn {n} cơ sở kinh doanh dịch vụ tham gia thí điểm mô hình đảm bảo quyền người lao động.",
            "Hỗ trợ nhóm đồng đẳng tổ chức {n} buổi tiếp cận, truyền thông giảm hại.",
        ),
    ),
    (
        ("Đội công tác xã hội", "hòa nhập", "giảm hại"),
        (
            "Hỗ trợ {n} người bán dâm tiếp cận dịch vụ y tế, học nghề và vay vốn.",
            "Kiện toàn {m} Đội công tác xã hội tình nguyện; tổ chức {n} buổi tư vấn tại cộng đồng.",
        ),
    ),
    (
        ("tuyên truyền", "thông tin"),
        (
            "Tổ chức {n} buổi tuyên truyền về phòng, chống mại dâm tại khu dân cư.",
            "Phát hành tờ rơi, áp phích tuyên truyền đến {n} xã, phường, thị trấn.",
        ),
    ),
)
GENERIC_TEXTS = (
    "Triển khai nhiệm vụ theo Kế hoạch; đã tổ chức {n} hoạt động {period}.",
    "Ban hành văn bản hướng dẫn, phân công {n} cán bộ theo dõi thực hiện.",
)
DONE_NOTE = " Hoàn thành nhiệm vụ năm 2019."
BLOCKED_NOTES = (
    " Vướng mắc: chưa được bố trí kinh phí, đề nghị cơ quan thường trực tổng hợp kiến nghị.",
    " Vướng mắc: thiếu cán bộ chuyên trách, chưa triển khai được ở các xã vùng biên giới.",
)
ROMAN = ("I", "II", "III", "IV")
FIRST_UPDATE_DAY = date(2019, 1, 20)
LAST_UPDATE_DAY = date(2019, 12, 10)
OVERDUE_DEADLINES = (date(2019, 6, 30), date(2019, 9, 30), date(2019, 10, 31), date(2019, 11, 30))


def _texts_for(task: Task) -> tuple[str, ...]:
    lowered = task.text.lower()
    found = [
        (position, index)
        for index, (keywords, _texts) in enumerate(TOPICS)
        for keyword in keywords
        if (position := lowered.find(keyword.lower())) >= 0
    ]
    return TOPICS[min(found)[1]][1] if found else GENERIC_TEXTS


def _author(task: Task, users: dict[str, User], places: DemoPlaces) -> User:
    """Who reports on the task: the demo user of its lead agency, else the coordinator."""
    lead = task.lead_agency
    if lead is not None and lead.code == "CA":
        return users["demo-agency"]
    if task.unit_id == places.district.pk:
        return users["demo-district"]
    return users["demo-coordinator"]


# How the tasks that get progress end the year.
FINAL_STATUSES = OrderedDict([(TaskStatus.DONE, 0.4), (TaskStatus.IN_PROGRESS, 0.5), (TaskStatus.BLOCKED, 0.1)])


def _chosen(tasks: list[Task], places: DemoPlaces, fake: Faker) -> list[Task]:
    # Most provincial tasks and the demo district's, a few of the other districts'.
    def percent(task: Task) -> int:
        if task.unit_id == places.province.pk:
            return 60
        return 90 if task.unit_id == places.district.pk else 20

    return [task for task in tasks if fake.boolean(chance_of_getting_true=percent(task))]


def _post_updates(task: Task, author: User, fake: Faker) -> tuple[int, str]:
    count = fake.random_int(1, 4)
    span = (LAST_UPDATE_DAY - FIRST_UPDATE_DAY).days
    offsets = fake.random_sample(elements=list(range(span)), length=count)
    days = sorted(FIRST_UPDATE_DAY + timedelta(days=offset) for offset in offsets)
    final = fake.random_element(FINAL_STATUSES)
    texts = _texts_for(task)
    for index, day in enumerate(days):
        last = index == count - 1
        n = fake.random_int(2, 30)
        template = fake.random_element(texts)
        quarter = f"quý {ROMAN[(day.month - 1) // 3]}/2019"
        text = template.format(n=n, m=fake.random_int(1, max(1, n // 3)), period=quarter)
        if last and final == TaskStatus.DONE:
            text += DONE_NOTE
        elif last and final == TaskStatus.BLOCKED:
            text += fake.random_element(BLOCKED_NOTES)
        task_post_update(
            task=task,
            author=author,
            date=day,
            text=text,
            # The count the text reports ("12 cơ sở") is the update's quantity.
            quantity=Decimal(n) if "{n}" in template else None,
            new_status=final if last else TaskStatus.IN_PROGRESS,
        )
    return count, final


def _record_manual_values(plan: Plan, coordinator: User, fake: Faker) -> int:
    """Quarterly values (decree 09/2019 quarters) for the measures reported by hand (T2a)."""
    recorded = 0
    for measure in [m for target in plan.targets.all() for m in target.measures.all() if m.is_manual]:
        for quarter in range(1, 5):
            period = reporting_quarter(2019, quarter)
            detected = fake.random_int(4, 15)
            handled = detected - (1 if fake.boolean(chance_of_getting_true=30) else 0)
            value = (Decimal(handled * 100) / Decimal(detected)).quantize(Decimal("0.01"))
            manual_value_record(
                measure=measure,
                actor=coordinator,
                unit=plan.unit,
                period_start=period.start,
                period_end=period.end,
                value=value,
                unit_of_measure=measure.unit_of_measure,
                source_note=(
                    f"Báo cáo quý {ROMAN[quarter - 1]}/2019 của Công an tỉnh: phát hiện {detected} vụ việc, "
                    f"đã xử lý {handled} vụ việc."
                ),
            )
            recorded += 1
    return recorded


def add_progress(places: DemoPlaces, users: dict[str, User], *, seed: int) -> ProgressSummary:
    plan = Plan.objects.filter(code=PLAN_CODE).select_related("unit").first()
    if plan is None:
        return ProgressSummary(
            skipped=f"chưa có kế hoạch {PLAN_CODE}; chạy: python manage.py load_plan data/plans/tay-ninh-2019.yaml"
        )
    if (
        TaskUpdate.objects.filter(task__plan=plan).exists()
        or ManualValue.objects.filter(measure__target__plan=plan).exists()
    ):
        return ProgressSummary(skipped=f"kế hoạch {PLAN_CODE} đã có cập nhật tiến độ, không thêm dữ liệu mẫu")
    fake = seeded_faker(seed)
    summary = ProgressSummary()
    tasks = list(plan.tasks.select_related("lead_agency").order_by("order", "code"))
    for task in _chosen(tasks, places, fake):
        count, final = _post_updates(task, _author(task, users, places), fake)
        summary.tasks += 1
        summary.updates += count
        summary.statuses[final] = summary.statuses.get(final, 0) + 1

    # A few open tasks whose deadline (moved in the app, as a coordinator would) passed in 2019,
    # so that the dashboard's overdue list has something to show.
    open_tasks = [task for task in tasks if task.status != TaskStatus.DONE]
    provincial = [task for task in open_tasks if task.unit_id == places.province.pk]
    district = [task for task in open_tasks if task.unit_id == places.district.pk]
    late = [
        *fake.random_sample(elements=provincial, length=min(3, len(provincial))),
        *fake.random_sample(elements=district, length=min(1, len(district))),
    ]
    for task, deadline in zip(late, OVERDUE_DEADLINES, strict=False):
        task_assign(
            task=task,
            actor=users["demo-coordinator"],
            lead_agency=task.lead_agency,
            partners=list(task.partners.all()),
            deadline=deadline,
            expected_version=task.version,
        )
        summary.overdue.append(task.code)
    summary.manual_values = _record_manual_values(plan, users["demo-coordinator"], fake)
    return summary


@transaction.atomic
def run_demo(*, password: str, reset_passwords: bool, seed: int = DEFAULT_SEED) -> DemoResult:
    places = find_places()
    logins = ensure_users(places, password=password, reset_passwords=reset_passwords, seed=seed)
    users = {user.username: user for user in User.objects.filter(username__in=[s.username for s in DEMO_USERS])}
    progress = add_progress(places, users, seed=seed)
    return DemoResult(logins=logins, progress=progress)


def area_populators() -> list[Callable[..., str]]:
    """`populate(*, seed) -> summary` of every installed app that has a `demo` module with one.

    Areas added after the foundation (outreach, communes...) put their demo records there, so
    the demo command grows without editing this module. Each must be idempotent.
    """
    found = []
    for app in apps.get_app_configs():
        if not app.name.startswith("lanhmanh.") or importlib.util.find_spec(f"{app.name}.demo") is None:
            continue
        populate = getattr(importlib.import_module(f"{app.name}.demo"), "populate", None)
        if populate is not None:
            found.append(populate)
    return found
