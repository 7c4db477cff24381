"""Support for people (hỗ trợ người bán dâm, nạn nhân bị mua bán): cases, consent, case plans,
services, referrals, follow-ups, and the immutable access log. DOMAIN.md §5; docs/support.md.

Glossary: hồ sơ hỗ trợ / đối tượng -> `Case` (one per person, known by a pseudonymous `case_code`);
sự đồng ý -> `Consent`; nhu cầu, kế hoạch hỗ trợ -> `Need`; dịch vụ đã cung cấp -> `ServiceDelivery`;
cơ sở cung cấp dịch vụ -> `ServiceProvider`; chuyển gửi -> `Referral`; theo dõi, thăm hỏi -> `FollowUp`;
nhật ký truy cập -> `AccessLog`.

Identifying values are never stored in clear. Columns ending in `_enc` hold AES-GCM tokens from
`support.crypto` (associated data = model + field, see `context()`); columns ending in `_bidx` hold
keyed blind indexes for duplicate search. Decrypted values are reached only through
`Case.identity()` and the `*_text()` methods, which callers use after an access check
(`support.access`). Nothing here writes: `services.py` does, with an audit entry per change
(field names only for encrypted fields) and one access-log row per action on a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lanhmanh.core.models import Versioned
from lanhmanh.support import crypto

if TYPE_CHECKING:
    from lanhmanh.accounts.models import User


def context(model: str, field: str) -> str:
    """The associated data that binds a token to its column: "support.case.full_name"."""
    return f"support.{model}.{field}"


# Choices ------------------------------------------------------------------------------------------


class CaseKind(models.TextChoices):
    SELLS_SEX = "sells_sex", _("Người bán dâm")
    TRAFFICKING_VICTIM = "trafficking_victim", _("Nạn nhân bị mua bán")
    AT_RISK = "at_risk", _("Người có nguy cơ")


class Sex(models.TextChoices):
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")
    OTHER = "other", _("Khác, không rõ")


class AgeGroup(models.TextChoices):
    UNDER_16 = "under_16", _("Dưới 16 tuổi")
    FROM_16_TO_17 = "16_17", _("16–17 tuổi")
    FROM_18_TO_24 = "18_24", _("18–24 tuổi")
    FROM_25_TO_34 = "25_34", _("25–34 tuổi")
    FROM_35_TO_49 = "35_49", _("35–49 tuổi")
    FROM_50 = "50_plus", _("Từ 50 tuổi")
    UNKNOWN = "unknown", _("Không rõ")


class ContactChannel(models.TextChoices):
    OUTREACH = "outreach", _("Tiếp cận cộng đồng")
    POLICE_REFERRAL = "police_referral", _("Công an chuyển đến")
    HEALTH_REFERRAL = "health_referral", _("Cơ sở y tế chuyển đến")
    PEER_REFERRAL = "peer_referral", _("Nhóm đồng đẳng giới thiệu")
    SELF_REFERRAL = "self_referral", _("Tự tìm đến")
    REPATRIATION = "repatriation", _("Tiếp nhận trở về từ nước ngoài")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Mới tiếp nhận")
    ACTIVE = "active", _("Đang hỗ trợ")
    REINTEGRATED = "reintegrated", _("Đã tái hòa nhập")
    MOVED_AWAY = "moved_away", _("Đã chuyển đi nơi khác")
    LOST = "lost", _("Mất liên lạc")
    CLOSED = "closed", _("Đã đóng hồ sơ")


# A case in one of these statuses is over: reopening it needs a reason (services.case_reopen).
ENDED_STATUSES = frozenset({CaseStatus.REINTEGRATED, CaseStatus.MOVED_AWAY, CaseStatus.LOST, CaseStatus.CLOSED})


class ConsentPurpose(models.TextChoices):
    SERVICES = "services", _("Nhận dịch vụ hỗ trợ")
    REFERRAL = "referral", _("Được chuyển gửi đến cơ quan, tổ chức khác")
    SHARE_AGENCY = "share_agency", _("Chia sẻ thông tin với một cơ quan cụ thể")
    STATISTICS = "statistics", _("Được tính trong số liệu thống kê")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Văn bản có chữ ký")
    VERBAL = "verbal", _("Bằng lời nói, có người làm chứng")
    GUARDIAN = "guardian", _("Người giám hộ đồng ý (người chưa thành niên)")


class NeedArea(models.TextChoices):
    HEALTH = "health", _("Chăm sóc sức khỏe")
    HIV_STI = "hiv_sti", _("Xét nghiệm HIV, bệnh lây truyền qua đường tình dục")
    LEGAL_AID = "legal_aid", _("Trợ giúp pháp lý")
    COUNSELLING = "counselling", _("Tư vấn tâm lý")
    VOCATIONAL = "vocational", _("Học nghề")
    JOB = "job", _("Việc làm")
    LOAN = "loan", _("Vay vốn")
    HOUSING = "housing", _("Nhà ở")
    SAFETY = "safety", _("An toàn, phòng chống bạo lực giới")
    FAMILY = "family", _("Gia đình")
    DOCUMENTS = "documents", _("Giấy tờ tùy thân")


class NeedStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    ACHIEVED = "achieved", _("Đã đạt")
    DROPPED = "dropped", _("Không tiếp tục")


class ServiceKind(models.TextChoices):
    COUNSELLING = "counselling", _("Tư vấn tâm lý")
    LEGAL_AID = "legal_aid", _("Trợ giúp pháp lý")
    HEALTH = "health", _("Khám, chữa bệnh")
    REPRODUCTIVE_HEALTH = "reproductive_health", _("Chăm sóc sức khỏe sinh sản")
    HIV_STI_TESTING = "hiv_sti_testing", _("Xét nghiệm HIV, bệnh lây truyền qua đường tình dục")
    TREATMENT_REFERRAL = "treatment_referral", _("Chuyển gửi điều trị")
    CONDOMS = "condoms", _("Cấp bao cao su")
    VOCATIONAL_TRAINING = "vocational_training", _("Dạy nghề")
    JOB_PLACEMENT = "job_placement", _("Giới thiệu việc làm")
    LOAN = "loan", _("Hỗ trợ vay vốn")
    HARDSHIP_ALLOWANCE = "hardship_allowance", _("Trợ cấp khó khăn")
    GBV_PROTECTION = "gbv_protection", _("Bảo vệ khỏi bạo lực trên cơ sở giới")
    REINTEGRATION = "reintegration", _("Hỗ trợ tái hòa nhập cộng đồng")
    OTHER = "other", _("Khác")


class ProviderKind(models.TextChoices):
    HEALTH_CENTRE = "health_centre", _("Cơ sở y tế")
    LEGAL_AID_CENTRE = "legal_aid_centre", _("Trung tâm trợ giúp pháp lý")
    VOCATIONAL_SCHOOL = "vocational_school", _("Cơ sở dạy nghề")
    SOCIAL_WORK_CENTRE = "social_work_centre", _("Trung tâm công tác xã hội")
    WOMENS_UNION = "womens_union", _("Hội Liên hiệp Phụ nữ")
    PEER_GROUP = "peer_group", _("Nhóm đồng đẳng")
    OTHER = "other", _("Khác")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Chờ tiếp nhận")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    REJECTED = "rejected", _("Từ chối")
    DONE = "done", _("Đã hoàn thành")
    REVOKED = "revoked", _("Đã thu hồi")


class AccessAction(models.TextChoices):
    VIEW = "view", _("Xem")
    SEARCH = "search", _("Tìm kiếm")
    CREATE = "create", _("Tạo")
    UPDATE = "update", _("Sửa")
    EXPORT = "export", _("Xuất dữ liệu")
    DELETE = "delete", _("Xóa")
    OVERRIDE = "override", _("Bỏ qua sự đồng ý")
    DUPLICATE_WARNING = "duplicate_warning", _("Cảnh báo trùng hồ sơ")


# Cases --------------------------------------------------------------------------------------------

IDENTITY_FIELDS = ("full_name", "birth_date", "id_number", "phone", "address", "notes")


@dataclass
class Identity:
    """The decrypted identifying fields of a case ("" or None when not recorded)."""

    full_name: str = ""
    birth_date: date | None = None
    id_number: str = ""
    phone: str = ""
    address: str = ""
    notes: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in IDENTITY_FIELDS}


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: User) -> CaseQuerySet:
        """Cases whose pseudonymous record the user may open (support.access says who sees identity)."""
        from lanhmanh.support.access import case_scope_q

        return self.filter(case_scope_q(user))

    def in_subtree(self, unit_path: str) -> CaseQuerySet:
        return self.filter(commune__path__prefix=unit_path)


class Case(Versioned):
    """One supported person. Everything but the encrypted columns is pseudonymous."""

    case_code = models.CharField(_("mã hồ sơ"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("đối tượng"), max_length=20, choices=CaseKind.choices)
    sex = models.CharField(_("giới tính"), max_length=10, choices=Sex.choices)
    age_group = models.CharField(_("nhóm tuổi"), max_length=10, choices=AgeGroup.choices)
    commune = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã nơi cư trú")
    )
    contact_channel = models.CharField(_("hình thức tiếp cận"), max_length=20, choices=ContactChannel.choices)
    status = models.CharField(_("tình trạng"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField(_("ngày tiếp nhận"))
    closed_on = models.DateField(_("ngày đóng hồ sơ"), null=True, blank=True)
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        verbose_name=_("cán bộ phụ trách"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tiếp nhận")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Encrypted identifying fields (support.crypto tokens; "" = not recorded).
    full_name_enc = models.TextField(blank=True, default="")
    birth_date_enc = models.TextField(blank=True, default="")  # ISO date
    id_number_enc = models.TextField(blank=True, default="")
    phone_enc = models.TextField(blank=True, default="")
    address_enc = models.TextField(blank=True, default="")
    notes_enc = models.TextField(blank=True, default="")
    photo_enc = models.TextField(blank=True, default="")  # the image bytes, encrypted; never a file on disk
    photo_type = models.CharField(max_length=20, blank=True, default="")  # "image/jpeg", "image/png"

    # Blind indexes for duplicate search (support.crypto.blind_index; "" = not enough data).
    id_number_bidx = models.CharField(max_length=90, blank=True, default="", db_index=True)
    name_year_bidx = models.CharField(max_length=90, blank=True, default="", db_index=True)

    objects = CaseQuerySet.as_manager()

    ENCRYPTED_FIELDS: ClassVar[tuple[str, ...]] = (*IDENTITY_FIELDS, "photo")

    class Meta:
        verbose_name = _("hồ sơ hỗ trợ")
        verbose_name_plural = _("hồ sơ hỗ trợ")
        ordering = ["-opened_on", "-pk"]
        permissions = [
            ("view_identity", _("Xem thông tin nhận dạng của hồ sơ trong phạm vi (điều phối viên giám sát)")),
            ("override_consent", _("Chuyển gửi, chia sẻ khi chưa có sự đồng ý (ghi rõ lý do)")),
            ("audit_access", _("Xem nhật ký truy cập hồ sơ hỗ trợ")),
            ("export_identity", _("Xuất dữ liệu có thông tin nhận dạng")),
        ]
        indexes = [
            # The case list: WHERE commune in subtree ORDER BY opened_on DESC.
            models.Index(fields=["commune", "opened_on"], name="support_case_commune_idx"),
        ]

    def __str__(self) -> str:
        # Only the pseudonymous code: str() reaches audit entries, logs and error pages.
        return self.case_code

    @staticmethod
    def token_context(field: str) -> str:
        return context("case", field)

    def identity(self) -> Identity:
        """Decrypt the identifying fields. Call only after `support.access.may_see_identity`."""
        birth = crypto.decrypt(self.birth_date_enc, context=self.token_context("birth_date"))
        return Identity(
            full_name=crypto.decrypt(self.full_name_enc, context=self.token_context("full_name")),
            birth_date=date.fromisoformat(birth) if birth else None,
            id_number=crypto.decrypt(self.id_number_enc, context=self.token_context("id_number")),
            phone=crypto.decrypt(self.phone_enc, context=self.token_context("phone")),
            address=crypto.decrypt(self.address_enc, context=self.token_context("address")),
            notes=crypto.decrypt(self.notes_enc, context=self.token_context("notes")),
        )

    def set_identity(self, identity: Identity, *, province_pk: int) -> list[str]:
        """Encrypt `identity` into the columns and recompute the blind indexes; the names of the
        fields whose value changed (compared with the stored ones) are returned for the logs."""
        before = self.identity() if self.pk else Identity()
        changed = [name for name in IDENTITY_FIELDS if getattr(before, name) != getattr(identity, name)]
        birth = identity.birth_date.isoformat() if identity.birth_date else ""
        self.full_name_enc = crypto.encrypt(identity.full_name, context=self.token_context("full_name"))
        self.birth_date_enc = crypto.encrypt(birth, context=self.token_context("birth_date"))
        self.id_number_enc = crypto.encrypt(identity.id_number, context=self.token_context("id_number"))
        self.phone_enc = crypto.encrypt(identity.phone, context=self.token_context("phone"))
        self.address_enc = crypto.encrypt(identity.address, context=self.token_context("address"))
        self.notes_enc = crypto.encrypt(identity.notes, context=self.token_context("notes"))
        self.id_number_bidx, self.name_year_bidx = blind_indexes(identity, province_pk=province_pk)
        return changed

    def photo(self) -> bytes:
        if not self.photo_enc:
            return b""
        return crypto.decrypt_bytes(self.photo_enc, context=self.token_context("photo"))

    def set_photo(self, data: bytes, content_type: str) -> None:
        self.photo_enc = crypto.encrypt_bytes(data, context=self.token_context("photo")) if data else ""
        self.photo_type = content_type if data else ""

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_STATUSES


ID_NUMBER_PURPOSE = "case.id_number"
NAME_YEAR_PURPOSE = "case.name_year_province"


def id_number_key(id_number: str) -> str:
    return crypto.normalise_id_number(id_number)


def name_year_key(full_name: str, birth_year: int | None, province_pk: int) -> str:
    """What the name+birth-year index is computed over; "" when the name or the year is missing."""
    name = crypto.fold(full_name)
    if not name or birth_year is None:
        return ""
    return f"{name}|{birth_year}|{province_pk}"


def blind_indexes(identity: Identity, *, province_pk: int) -> tuple[str, str]:
    year = identity.birth_date.year if identity.birth_date else None
    return (
        crypto.blind_index(id_number_key(identity.id_number), purpose=ID_NUMBER_PURPOSE),
        crypto.blind_index(name_year_key(identity.full_name, year, province_pk), purpose=NAME_YEAR_PURPOSE),
    )


class CaseStatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    # Short and non-identifying (the form says so); shown to everyone who may open the case.
    reason = models.CharField(_("lý do"), max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.from_status} -> {self.to_status}"


# Consent ------------------------------------------------------------------------------------------


class Consent(models.Model):
    """A person's answer for one purpose; the latest row per (purpose, agency) is the one in force."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("mục đích"), max_length=20, choices=ConsentPurpose.choices)
    # Only for SHARE_AGENCY: the named agency the person agreed to share with.
    agency = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan được chia sẻ"),
    )
    granted = models.BooleanField(_("đồng ý"), default=True)  # False: the person refused
    given_on = models.DateField(_("ngày ghi nhận"))
    method = models.CharField(_("cách thức"), max_length=10, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(_("ngày rút lại"), null=True, blank=True)
    withdrawal_note = models.CharField(_("ghi chú rút lại"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["purpose", "-given_on", "-pk"]
        indexes = [models.Index(fields=["case", "purpose"], name="support_consent_case_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.purpose}"

    @property
    def in_force(self) -> bool:
        return self.granted and self.withdrawn_on is None


class ConsentOverride(models.Model):
    """A referral or sharing done without consent by a user holding `support.override_consent`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consent_overrides")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=500)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.purpose}"


# Needs and case plan ------------------------------------------------------------------------------


class Need(models.Model):
    """A need found in the assessment and the goal of the case plan that answers it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs")
    area = models.CharField(_("lĩnh vực"), max_length=20, choices=NeedArea.choices)
    # Short and non-identifying ("Có giấy CCCD", "Học nghề may"): shown with the pseudonymous record.
    goal = models.CharField(_("mục tiêu"), max_length=300)
    target_date = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.PLANNED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["target_date", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.area}"


# Services and referrals ---------------------------------------------------------------------------


class ServiceProvider(models.Model):
    """An organisation that delivers services or receives referrals. Users of `agency` are its staff:
    they see the referrals sent to it (the receiving side)."""

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=ProviderKind.choices)
    unit = models.ForeignKey(
        "places.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_providers",
        verbose_name=_("cơ quan quản lý tài khoản"),
    )
    active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ sở cung cấp dịch vụ")
        verbose_name_plural = _("cơ sở cung cấp dịch vụ")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceDelivery(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("loại dịch vụ"), max_length=24, choices=ServiceKind.choices)
    date = models.DateField(_("ngày"))
    provider = models.ForeignKey(
        ServiceProvider,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("cơ sở cung cấp"),
    )
    outcome_enc = models.TextField(blank=True, default="")  # free text that may identify: encrypted
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            # Indicators: services delivered in a period (WHERE date BETWEEN ? AND ?).
            models.Index(fields=["date"], name="support_service_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.date}"

    def outcome_text(self) -> str:
        return crypto.decrypt(self.outcome_enc, context=context("servicedelivery", "outcome"))


class ReferralQuerySet(models.QuerySet["Referral"]):
    def received_by(self, user: User) -> ReferralQuerySet:
        """Referrals sent to a provider whose agency is the user's (the receiving side's inbox)."""
        if not user.is_authenticated or user.agency_id is None:
            return self.none()
        return self.filter(provider__agency_id=user.agency_id)


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    provider = models.ForeignKey(
        ServiceProvider, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("chuyển đến")
    )
    need_area = models.CharField(_("nhu cầu"), max_length=20, choices=NeedArea.choices)
    reason_enc = models.TextField(blank=True, default="")  # what the receiving side needs to know: encrypted
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField(_("ngày chuyển gửi"))
    # Set when the referral was made without referral consent (the override's reason is logged).
    override = models.ForeignKey(ConsentOverride, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-pk"]
        indexes = [
            # Indicators: referrals made in a period; the inbox: WHERE provider IN (...) AND status.
            models.Index(fields=["referred_on"], name="support_referral_date_idx"),
            models.Index(fields=["provider", "status"], name="support_referral_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} -> {self.provider_id} ({self.status})"

    def reason_text(self) -> str:
        return crypto.decrypt(self.reason_enc, context=context("referral", "reason"))


class ReferralEvent(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ReferralStatus.choices)
    # Short and non-identifying (a rejection reason); both sides read it.
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} -> {self.to_status}"


class FollowUp(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("ngày theo dõi"))
    notes_enc = models.TextField(blank=True, default="")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.date}"

    def notes_text(self) -> str:
        return crypto.decrypt(self.notes_enc, context=context("followup", "notes"))


# Every encrypted column of the app, for key rotation and the dump test: (model, field, context).
ENCRYPTED_COLUMNS: tuple[tuple[type[models.Model], str, str], ...] = (
    *((Case, f"{name}_enc", context("case", name)) for name in Case.ENCRYPTED_FIELDS),
    (ServiceDelivery, "outcome_enc", context("servicedelivery", "outcome")),
    (Referral, "reason_enc", context("referral", "reason")),
    (FollowUp, "notes_enc", context("followup", "notes")),
)


# The access log -----------------------------------------------------------------------------------


class ImmutableError(Exception):
    """An access-log row may be written once and never changed nor deleted."""


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableError("access-log rows are never updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableError("access-log rows are never deleted")


class AccessLog(models.Model):
    """One row per view, search, export or change of a case (support.access_log.log_access).

    Never updated nor deleted: `save`, `delete` and the queryset's `update`/`delete` raise
    ImmutableError here, and on PostgreSQL a BEFORE UPDATE OR DELETE trigger (migration 0002) refuses
    any other path (raw SQL, a collector's cascade). TRUNCATE, used by test-database flushes, is not
    a row operation and is not blocked.

    `case_id` and `case_code` are plain columns, not a foreign key: the row outlives the case it
    names (a deletion on a data-subject request is itself logged). `fields` lists the names of the
    identifying fields revealed or changed, never their values.
    """

    # PROTECT, not SET_NULL: accounts are deactivated, never deleted (accounts/user_services.py), and a
    # SET_NULL would update the rows, which the PostgreSQL trigger (migration 0002) refuses anyway.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(max_length=150)  # what the auditor's pages show, even for a row without user
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True)  # None for a search that matched nothing
    case_code = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    fields = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        ordering = ["-at", "-pk"]
        indexes = [
            # The auditor's pages: one user in a time window; everything done to one case.
            models.Index(fields=["user", "at"], name="support_accesslog_user_idx"),
            models.Index(fields=["case_id", "at"], name="support_accesslog_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.action} {self.case_code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError("access-log rows are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableError("access-log rows are never deleted")


# Retention and data-subject requests (workflow in subject_requests.py) ----------------------------


class RetentionRule(models.Model):
    """How long a closed case is kept: `years` after `closed_on`, for a kind and/or status (blank = any)."""

    kind = models.CharField(_("đối tượng"), max_length=20, choices=CaseKind.choices, blank=True)
    status = models.CharField(_("tình trạng"), max_length=20, choices=CaseStatus.choices, blank=True)
    years = models.PositiveSmallIntegerField(_("số năm lưu giữ sau khi đóng"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)

    class Meta:
        verbose_name = _("quy tắc lưu giữ")
        verbose_name_plural = _("quy tắc lưu giữ")
        ordering = ["kind", "status"]
        constraints = [models.UniqueConstraint(fields=["kind", "status"], name="support_retention_unique")]

    def __str__(self) -> str:
        return f"{self.kind or '*'} / {self.status or '*'}: {self.years}"


class SubjectRequestKind(models.TextChoices):
    ACCESS = "access", _("Xem, nhận bản sao dữ liệu")
    RECTIFY = "rectify", _("Chỉnh sửa dữ liệu")
    ERASE = "erase", _("Xóa dữ liệu")


class SubjectRequestStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    DONE = "done", _("Đã hoàn thành")
    REFUSED = "refused", _("Từ chối")


class SubjectRequest(models.Model):
    """A data subject's request about the data held on them. Holds no identifying content: the
    outcome note says what was done, never what was deleted."""

    case_code = models.CharField(_("mã hồ sơ"), max_length=20, db_index=True)
    kind = models.CharField(_("loại yêu cầu"), max_length=10, choices=SubjectRequestKind.choices)
    received_on = models.DateField(_("ngày nhận"))
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=SubjectRequestStatus.choices, default=SubjectRequestStatus.RECEIVED
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.CharField(_("kết quả"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu của chủ thể dữ liệu")
        verbose_name_plural = _("yêu cầu của chủ thể dữ liệu")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_code} {self.kind}"
