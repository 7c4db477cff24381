"""The inspection worklist: establishments by risk score, overdue follow-ups, due re-inspections."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lanhmanh.core.http import AuthedRequest
from lanhmanh.inspections import queries, services
from lanhmanh.inspections.access import may_record_inspections
from lanhmanh.outreach.views.common import PAGE_SIZE

FOLLOW_UP_ROWS = 50


@login_required
@require_GET
def worklist(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = services.today()
    page = Paginator(queries.scored_establishments(user, today), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "section": "worklist",
        "page": page,
        "today": today,
        "overdue": list(queries.overdue_follow_ups(user, today)[:FOLLOW_UP_ROWS]),
        "due": list(queries.due_reinspections(user, today)[:FOLLOW_UP_ROWS]),
        "weights": queries.Weights(),
        "type_weights": queries.TYPE_WEIGHTS,
        "can_record": may_record_inspections(user),
    }
    return render(request, "inspections/worklist.html", context)
