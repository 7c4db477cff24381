"""Every change to a user account, and which accounts an administrator may manage.

Pages, the API and management commands call these rather than saving a User themselves. Each
runs in a transaction, validates with Vietnamese messages keyed by field, saves only the fields
it changes and writes one audit entry whose diff never holds a password.

`actor` is the administrator making the change, or None for a management command run by the
operator on the server: such a caller is trusted and not limited to a scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.models import Permission
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.sessions.models import Session
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from knox.models import AuthToken

from lanhmanh.accounts.models import Agency, Role, User
from lanhmanh.core import audit
from lanhmanh.core.access import get_for_user, scope_q
from lanhmanh.places.models import AdministrativeUnit

# Roles whose work is done on behalf of one agency: the standing agency's coordinator and the
# agencies' focal points. Everybody else may have an agency, but need not.
ROLES_NEEDING_AGENCY = frozenset({Role.COORDINATOR, Role.AGENCY_OFFICER})

USERNAME_MAX_LENGTH = 150
FULL_NAME_MAX_LENGTH = 150
# An administrator switching themself off would leave nobody to switch them back on.
CANNOT_DEACTIVATE_SELF = "Bạn không thể tự vô hiệu hóa tài khoản của chính mình."


def can_manage_users(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.ADMIN


def users_visible_to(actor: User) -> QuerySet[User]:
    """Accounts an administrator manages: those whose scope lies inside the administrator's own.

    A district administrator never sees the province's accounts or another district's; an account
    without a scope is visible to nobody here (it can see nothing either, see `core.access`).
    """
    return User.objects.filter(scope_q(actor, "scope")).select_related("agency", "scope")


def get_user_for_admin(actor: User, pk: object) -> User:
    """The one door to a single account: 404 when it does not exist or lies outside the scope."""
    if not can_manage_users(actor):
        raise Http404
    return get_for_user(users_visible_to(actor), pk, user=actor)


def agencies_for(actor: User) -> QuerySet[Agency]:
    """Agencies an administrator may give to an account: those of units in or above their scope
    (a district administrator assigns the province's police, never another province's)."""
    return Agency.objects.filter(scope_q(actor, "unit", include_ancestors=True)).select_related("unit")


def scopes_for(actor: User) -> QuerySet[AdministrativeUnit]:
    """Units an administrator may give as a scope: their own and everything below it."""
    if actor.scope is None:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.subtree(actor.scope)


# Audit name -> model field of what `_snapshot` compares.
_SNAPSHOT_FIELDS = {
    "full_name": "first_name",
    "email": "email",
    "role": "role",
    "agency": "agency",
    "scope": "scope",
    "is_active": "is_active",
}


def _snapshot(user: User) -> dict[str, Any]:
    # What the audit diff compares; deliberately without `password`.
    return {name: getattr(user, field) for name, field in _SNAPSHOT_FIELDS.items()}


def _validate_profile(
    *,
    actor: User | None,
    role: str,
    agency: Agency | None,
    scope: AdministrativeUnit | None,
    full_name: str,
    email: str,
    agency_changed: bool = True,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not full_name:
        errors["full_name"] = "Họ và tên không được để trống."
    elif len(full_name) > FULL_NAME_MAX_LENGTH:
        errors["full_name"] = f"Họ và tên dài quá {FULL_NAME_MAX_LENGTH} ký tự."
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Địa chỉ email không hợp lệ."
    if role not in Role.values:
        errors["role"] = f"Vai trò “{role}” không hợp lệ."
    elif role in ROLES_NEEDING_AGENCY and agency is None:
        errors["agency"] = f"Vai trò “{Role(role).label}” cần chọn cơ quan."
    if scope is None:
        errors["scope"] = "Cần chọn phạm vi (địa bàn) cho người dùng."
    elif actor is not None and (actor.scope is None or not scope.is_within(actor.scope)):
        errors["scope"] = "Phạm vi nằm ngoài địa bàn bạn quản lý."
    # An agency that has since ended is still accepted: the plan being carried out may be one adopted
    # before a reorganisation (the 2019 plan's standing agency ended in 2025). An agency kept unchanged
    # is not checked again, so an account moved between scopes keeps the agency it had.
    if (
        agency is not None
        and agency_changed
        and actor is not None
        and not agencies_for(actor).filter(pk=agency.pk).exists()
    ):
        errors["agency"] = "Cơ quan không thuộc địa bàn bạn quản lý."
    return errors


def _password_errors(password: str, user: User) -> list[str]:
    if not password:
        return ["Mật khẩu không được để trống."]
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def _end_sessions(user: User) -> int:
    """Delete the user's database sessions so an open browser is logged out at its next request.

    The session table is not indexed by user: the user id sits inside the encoded data. Decoding
    every unexpired session is O(sessions), acceptable for an administrator's occasional action
    and cheaper than keeping a user->session index that every log-in would have to maintain.
    """
    user_id = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def _revoke_api_tokens(user: User) -> int:
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    email: str,
    role: str,
    agency: Agency | None,
    scope: AdministrativeUnit | None,
    password: str,
) -> User:
    """Create an active account. The whole name goes in `first_name`: Vietnamese names put the
    family name first, so Django's first/last split would print them in the wrong order."""
    username = (username or "").strip()
    full_name = (full_name or "").strip()
    email = (email or "").strip()
    errors = _validate_profile(actor=actor, role=role, agency=agency, scope=scope, full_name=full_name, email=email)
    if not username:
        errors["username"] = "Tên đăng nhập không được để trống."
    elif len(username) > USERNAME_MAX_LENGTH:
        errors["username"] = f"Tên đăng nhập dài quá {USERNAME_MAX_LENGTH} ký tự."
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = "Tên đăng nhập chỉ gồm chữ, số và các ký tự @ . + - _."
        else:
            # "An.Nguyen" and "an.nguyen" would be two people to the database but one to a caller
            # reading it aloud. The model has no case-insensitive constraint yet, so two concurrent
            # creations could both pass this check; an administrator's page makes that unlikely.
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = f"Tên đăng nhập “{username}” đã có người dùng."
    user = User(
        username=username,
        first_name=full_name,
        email=email,
        role=role,
        agency=agency,
        scope=scope,
        is_active=True,
    )
    all_errors: dict[str, str | list[str]] = dict(errors)
    password_errors = _password_errors(password, user)
    if password_errors:
        all_errors["password"] = password_errors
    if all_errors:
        raise ValidationError(all_errors)
    user.set_password(password)
    user.save()
    audit.record(
        "accounts.user.created",
        actor=actor,
        target=user,
        changes=audit.diff({}, {"username": username, **_snapshot(user)}),
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: User | None,
    user: User,
    role: str,
    agency: Agency | None,
    scope: AdministrativeUnit | None,
    full_name: str,
    email: str,
    is_active: bool | None = None,
) -> User:
    """Change an account's profile; `is_active=None` leaves the state alone.

    Switching an account off here has the same effect as `user_deactivate` (sessions ended, API
    tokens revoked) so the two doors cannot disagree; the dedicated service also records a reason.
    """
    full_name = (full_name or "").strip()
    email = (email or "").strip()
    errors = _validate_profile(
        actor=actor,
        role=role,
        agency=agency,
        scope=scope,
        full_name=full_name,
        email=email,
        agency_changed=agency is not None and agency.pk != user.agency_id,
    )
    if actor is not None and actor.pk == user.pk:
        # An administrator demoting themself would lose this page halfway through the change.
        if role != user.role:
            errors["role"] = "Bạn không thể tự thay đổi vai trò của chính mình."
        if is_active is False:
            errors["is_active"] = CANNOT_DEACTIVATE_SELF
    if errors:
        raise ValidationError(errors)
    before = _snapshot(user)
    user.first_name = full_name
    user.email = email
    user.role = role
    user.agency = agency
    user.scope = scope
    if is_active is not None:
        user.is_active = is_active
    changes: dict[str, Any] = audit.diff(before, _snapshot(user))
    if not changes:
        # A form saved without edits: nothing to write, and an empty entry would only be noise in the trail.
        return user
    user.save(update_fields=[_SNAPSHOT_FIELDS[name] for name in changes])
    if before["is_active"] and not user.is_active:
        changes["sessions_ended"] = _end_sessions(user)
        changes["api_tokens_revoked"] = _revoke_api_tokens(user)
    audit.record("accounts.user.updated", actor=actor, target=user, changes=changes)
    return user


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, reason: str) -> User:
    """Switch an account off, log it out everywhere and revoke its API tokens.

    `is_active=False` alone already stops new log-ins and makes Django and knox refuse the
    account; deleting the sessions and tokens as well leaves nothing behind that a later
    reactivation would bring back to life.
    """
    reason = (reason or "").strip()
    if actor is not None and actor.pk == user.pk:
        raise ValidationError({NON_FIELD_ERRORS: CANNOT_DEACTIVATE_SELF})
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = "Cần ghi lý do vô hiệu hóa tài khoản."
    if not user.is_active:
        errors[NON_FIELD_ERRORS] = f"Tài khoản “{user.username}” đã bị vô hiệu hóa từ trước."
    if errors:
        raise ValidationError(errors)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(
        "accounts.user.deactivated",
        actor=actor,
        target=user,
        changes={
            "is_active": [True, False],
            "reason": reason,
            "sessions_ended": _end_sessions(user),
            "api_tokens_revoked": _revoke_api_tokens(user),
        },
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: User | None, user: User) -> User:
    if user.is_active:
        raise ValidationError({NON_FIELD_ERRORS: f"Tài khoản “{user.username}” đang hoạt động."})
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record("accounts.user.reactivated", actor=actor, target=user, changes={"is_active": [False, True]})
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    """Give an account a new password, checked by the project's password validators.

    Open browser sessions of the account end by themselves: Django stores a hash of the password
    in the session and refuses a session whose hash no longer matches. API tokens do not carry
    that hash, so they are revoked here; a password reset usually means the old one leaked.
    """
    errors = _password_errors(password, user)
    if errors:
        raise ValidationError({"password": errors})
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        "accounts.user.password_set",
        actor=actor,
        target=user,
        changes={"api_tokens_revoked": _revoke_api_tokens(user)},
    )
    return user


# Support-area access (docs/support.md): the permissions an administrator grants on the account
# form. Holding one never lets an administrator see identities: support/access.py refuses the role.
SUPPORT_PERMISSIONS = ("view_identity", "override_consent", "export_identity", "audit_access")


@transaction.atomic
def user_set_support_access(*, actor: User, user: User, permissions: list[str], supervisor: User | None) -> None:
    """Grant exactly `permissions` of the support area, and set a peer educator's supervising case worker."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(permissions) - set(SUPPORT_PERMISSIONS))
    if unknown:
        errors.setdefault("support_permissions", []).append(f"Quyền không hợp lệ: {', '.join(unknown)}.")
    if supervisor is not None:
        if user.role != Role.PEER_EDUCATOR:
            errors.setdefault("supervisor", []).append("Chỉ tuyên truyền viên đồng đẳng có cán bộ hỗ trợ phụ trách.")
        elif supervisor.role != Role.CASE_WORKER or not users_visible_to(actor).filter(pk=supervisor.pk).exists():
            errors.setdefault("supervisor", []).append(
                "“Cán bộ hỗ trợ phụ trách” phải là cán bộ hỗ trợ trong phạm vi của bạn."
            )
    if errors:
        raise ValidationError(errors)
    wanted = Permission.objects.filter(content_type__app_label="support", codename__in=permissions)
    before = sorted(user.user_permissions.filter(content_type__app_label="support").values_list("codename", flat=True))
    user.user_permissions.remove(*Permission.objects.filter(content_type__app_label="support"))
    user.user_permissions.add(*wanted)
    old_supervisor = user.supervisor.username if user.supervisor else None
    user.supervisor = supervisor
    user.save(update_fields=["supervisor"])
    changes = audit.diff(
        {"support_permissions": before, "supervisor": old_supervisor},
        {"support_permissions": sorted(permissions), "supervisor": supervisor.username if supervisor else None},
    )
    if changes:
        audit.record("accounts.user.support_access_set", actor=actor, target=user, changes=changes)
