"""Evidence files of progress updates: streamed only to users who may read the update."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from lanhmanh.core.http import AuthedRequest
from lanhmanh.plans.access import get_task_update_for_user


@login_required
@require_GET
def evidence_download(request: AuthedRequest, pk: int) -> FileResponse:
    """Evidence is never published under MEDIA_URL: the scope check here is the only way to it."""
    update = get_task_update_for_user(request.user, pk)
    if not update.evidence:
        raise Http404
    try:
        handle = update.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = update.evidence_name or Path(update.evidence.name or "").name
    response = FileResponse(handle, as_attachment=True, filename=filename)
    # Evidence may name people: no browser or proxy cache keeps a copy.
    response["Cache-Control"] = "no-store"
    return response
