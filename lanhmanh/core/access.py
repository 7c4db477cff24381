"""The one place where scope is decided.

A user sees the subtree of their scope unit. Scoped models put a `visible_to(user)` method
on their queryset built from `scope_q`; single objects are fetched through one
`get_<thing>_for_user` helper per type (in each app's `access.py`) built on `get_for_user`,
which answers 404 for a record outside the user's scope and 403 when the user may read but
not write it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from lanhmanh.accounts.models import User

M = TypeVar("M", bound=Model)


def scope_q(user: User, field: str, *, include_ancestors: bool = False) -> Q:
    """Records whose unit (`field` names the FK to AdministrativeUnit) lie in the user's scope.

    With `include_ancestors`, records attached to a unit above the scope also match: a commune
    officer reads the province's plan and their district's tasks, not a sibling's.
    """
    if not user.is_authenticated or not user.is_active or user.scope_id is None:
        return Q(pk__in=[])
    scope = user.scope
    assert scope is not None
    q = Q(**{f"{field}__path__prefix": scope.path})
    if include_ancestors:
        q |= Q(**{f"{field}__path__in": scope.ancestor_paths()})
    return q


def get_for_user(
    queryset: QuerySet[M],
    pk: object,
    *,
    user: User,
    write: bool = False,
    can_write: Callable[[User, M], bool] | None = None,
) -> M:
    """Fetch one record from an already scoped queryset.

    404 when it does not exist or lies outside the scope (never revealing which), 403 when
    `write` is asked and the user may not change it.
    """
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and (user.is_read_only or (can_write is not None and not can_write(user, obj))):
        raise PermissionDenied
    return obj
