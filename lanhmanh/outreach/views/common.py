"""What the outreach pages share: the writer gate, pagination size, streaming stored files."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse

from lanhmanh.accounts.models import User
from lanhmanh.core.http import AuthedRequest

PAGE_SIZE = 25

View = Callable[..., HttpResponse]


def allowed(check: Callable[[User], bool]) -> Callable[[View], View]:
    """Log in first, then 403 unless `check(user)`: a refused user never sees the form."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: AuthedRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate


def stream(stored: FieldFile, name: str) -> FileResponse:
    """A stored file as a download. Files are never published under MEDIA_URL: the access check
    of the calling view is the only way to them."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=name or Path(stored.name or "").name)
    response["Cache-Control"] = "no-store"
    return response
