"""Showing the audit trail: `{% load audit %}{% object_history obj %}` renders one object's
history; the filters give verbs, target types and changed fields their Vietnamese names.

Field and target names come from the models' own verbose names, so a new model needs no entry
here; a new verb shows as its code until it is added to VERB_LABELS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from lanhmanh.core.audit import history
from lanhmanh.core.models import AuditEntry

register = template.Library()

VERB_LABELS: dict[str, Any] = {
    "accounts.user.created": _("Tạo người dùng"),
    "accounts.user.updated": _("Sửa thông tin người dùng"),
    "accounts.user.deactivated": _("Vô hiệu hóa tài khoản"),
    "accounts.user.reactivated": _("Kích hoạt lại tài khoản"),
    "accounts.user.password_set": _("Đặt mật khẩu mới"),
    "accounts.agency.created": _("Thêm cơ quan"),
    "accounts.agency.updated": _("Sửa thông tin cơ quan"),
    "places.units.loaded": _("Nạp danh mục đơn vị hành chính"),
    "plans.task.progress_posted": _("Cập nhật tiến độ nhiệm vụ"),
    "plans.task.assigned": _("Giao nhiệm vụ"),
    "plans.measure.updated": _("Sửa giá trị cơ sở, chỉ tiêu"),
    "plans.manual_value.recorded": _("Nhập số liệu báo cáo"),
    "communes.scheme.loaded": _("Nạp bộ tiêu chí đánh giá xã lành mạnh"),
    "inspections.violation_type.loaded": _("Nạp danh mục hành vi vi phạm"),
    "inspections.team.created": _("Thành lập đội kiểm tra liên ngành"),
    "inspections.team.member_added": _("Thêm thành viên đội kiểm tra"),
    "inspections.team.member_removed": _("Bớt thành viên đội kiểm tra"),
    "inspections.schedule.created": _("Lập kế hoạch kiểm tra"),
    "inspections.schedule.approved": _("Phê duyệt kế hoạch kiểm tra"),
    "inspections.inspection.recorded": _("Ghi nhận cuộc kiểm tra"),
    "inspections.inspection.updated": _("Sửa cuộc kiểm tra"),
    "inspections.inspection.signs_recorded": _("Ghi nhận dấu hiệu mại dâm qua kiểm tra"),
    "inspections.violation.recorded": _("Ghi nhận vi phạm hành chính"),
    "inspections.violation.updated": _("Cập nhật xử phạt, theo dõi chấp hành"),
    "communes.assessment.started": _("Mở bản tự đánh giá"),
    "communes.assessment.saved": _("Lưu bản tự đánh giá"),
    "communes.assessment.evidence_added": _("Thêm tệp minh chứng"),
    "communes.assessment.evidence_removed": _("Xóa tệp minh chứng"),
    "communes.assessment.submitted": _("Gửi thẩm định"),
    "communes.assessment.reviewed": _("Lưu điểm thẩm định"),
    "communes.assessment.returned": _("Trả lại bản đánh giá"),
    "communes.assessment.approved": _("Phê duyệt kết quả thẩm định"),
    "communes.assessment.recognised": _("Công nhận kết quả"),
    "communes.recognition.recorded": _("Ghi nhận quyết định công nhận"),
    "establishments.establishment.created": _("Thêm cơ sở kinh doanh"),
    "establishments.establishment.updated": _("Sửa thông tin cơ sở kinh doanh"),
    "establishments.establishment.status_changed": _("Thay đổi tình trạng hoạt động của cơ sở"),
    "establishments.establishment.imported": _("Thêm cơ sở kinh doanh (nhập từ tệp)"),
    "establishments.establishment.import_updated": _("Cập nhật cơ sở kinh doanh (nhập từ tệp)"),
    "establishments.commitment.recorded": _("Ghi nhận bản cam kết"),
    "establishments.labour_registration.recorded": _("Ghi nhận đăng ký lao động"),
    "establishments.flag.recorded": _("Ghi nhận dấu hiệu hoạt động mại dâm"),
    "establishments.flag.cleared": _("Ghi nhận kết thúc dấu hiệu"),
    "peergroups.group.created": _("Đăng ký nhóm, đội"),
    "peergroups.group.updated": _("Sửa thông tin nhóm, đội"),
    "peergroups.member.added": _("Thêm thành viên nhóm, đội"),
    "peergroups.member.updated": _("Sửa thông tin thành viên nhóm, đội"),
    "peergroups.activity.recorded": _("Ghi nhận hoạt động của nhóm, đội"),
    "peergroups.activity.updated": _("Sửa hoạt động của nhóm, đội"),
    "peergroups.activity.deleted": _("Xóa hoạt động của nhóm, đội"),
    # Support cases: entries name the case by its code and list encrypted fields by name only.
    "accounts.user.support_access_set": _("Đặt quyền với hồ sơ hỗ trợ"),
    "support.case.registered": _("Tiếp nhận người được hỗ trợ"),
    "support.case.updated": _("Sửa hồ sơ hỗ trợ"),
    "support.case.assigned": _("Phân công cán bộ phụ trách hồ sơ"),
    "support.case.status_changed": _("Đổi tình trạng hồ sơ hỗ trợ"),
    "support.case.reopened": _("Mở lại hồ sơ hỗ trợ"),
    "support.case.deleted": _("Xóa hồ sơ hỗ trợ"),
    "support.consent.recorded": _("Ghi nhận sự đồng ý"),
    "support.consent.withdrawn": _("Ghi nhận rút lại sự đồng ý"),
    "support.consent.overridden": _("Bỏ qua sự đồng ý (có lý do)"),
    "support.need.added": _("Thêm nhu cầu, mục tiêu hỗ trợ"),
    "support.need.status_changed": _("Cập nhật mục tiêu hỗ trợ"),
    "support.service.recorded": _("Ghi nhận dịch vụ đã cung cấp"),
    "support.follow_up.added": _("Ghi nhận theo dõi, thăm hỏi"),
    "support.referral.created": _("Chuyển gửi"),
    "support.referral.accepted": _("Tiếp nhận chuyển gửi"),
    "support.referral.rejected": _("Từ chối chuyển gửi"),
    "support.referral.done": _("Hoàn thành chuyển gửi"),
    "support.referral.revoked": _("Thu hồi chuyển gửi"),
    "support.provider.created": _("Thêm cơ sở cung cấp dịch vụ"),
    "support.provider.updated": _("Sửa cơ sở cung cấp dịch vụ"),
    "support.provider.deactivated": _("Ngừng hoạt động cơ sở cung cấp dịch vụ"),
}

# Keys of audit diffs that are not model fields (or whose field name would mislead).
CHANGE_LABELS: dict[str, Any] = {
    "full_name": _("họ và tên"),
    "identity_fields": _("trường nhận dạng đã thay đổi (chỉ tên trường)"),
    "encrypted_fields": _("trường được mã hóa (chỉ tên trường)"),
    "reason": _("lý do"),
    "sessions_ended": _("số phiên đăng nhập bị kết thúc"),
    "api_tokens_revoked": _("số mã API bị hủy"),
    "update_id": _("mã cập nhật"),
    "period": _("kỳ"),
    "origin": _("nguồn dữ liệu"),
    "partners": _("cơ quan phối hợp"),
    "date": _("ngày"),
    "quantity": _("số lượng"),
}


@dataclass(frozen=True)
class ChangeRow:
    label: str
    old: Any
    new: Any
    is_change: bool  # an [old, new] pair rather than a fact recorded with the action


def _model_of(target_type: str) -> type[Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


@register.filter
def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))


@register.filter
def target_type_label(target_type: str) -> str:
    model = _model_of(target_type)
    return str(model._meta.verbose_name) if model is not None else target_type


@register.filter
def change_rows(entry: AuditEntry) -> list[ChangeRow]:
    """The entry's diff as rows: `[old, new]` pairs (as written by `audit.diff`) become old -> new,
    any other value is a fact recorded with the action (a reason, a count) shown on its own."""
    if not isinstance(entry.changes, dict):
        return []
    model = _model_of(entry.target_type)
    rows = []
    for key, value in entry.changes.items():
        label = CHANGE_LABELS.get(key)
        choices: dict[Any, Any] = {}
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                field = None
            # Reverse relations have no verbose name; they fall back to the key.
            label = label or getattr(field, "verbose_name", None)
            # Stored codes ("in_progress") are shown with their labels ("Đang thực hiện").
            choices = dict(getattr(field, "flatchoices", None) or [])
        if isinstance(value, list) and len(value) == 2:
            old, new = (choices.get(v, v) if isinstance(v, str) else v for v in value)
            rows.append(ChangeRow(str(label or key), old, new, True))
        else:
            rows.append(ChangeRow(str(label or key), None, value, False))
    return rows


@register.filter
def audit_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return str(_("có"))
    if value is False:
        return str(_("không"))
    if isinstance(value, list):
        return ", ".join(audit_value(v) for v in value) or "—"
    return str(value)


@register.inclusion_tag("core/_history.html")
def object_history(obj: Model, limit: int = 50) -> dict[str, Any]:
    """The latest `limit` audit entries about `obj`, newest first."""
    entries = list(history(obj)[: limit + 1])
    return {"entries": entries[:limit], "truncated": len(entries) > limit, "limit": limit}
