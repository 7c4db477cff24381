"""The coordinator's to-do list: communes without any outreach in a period (the drill-down of T1)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.outreach import queries
from lanhmanh.outreach.access import may_record
from lanhmanh.outreach.forms import TodoFilterForm
from lanhmanh.outreach.indicators import outreach_commune_share
from lanhmanh.places.models import AdministrativeUnit


@login_required
@require_GET
def todo(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    data = request.GET.copy()
    if not data.get("period"):
        data["period"] = queries.default_period(user).key
    form = TodoFilterForm(data, user=user, years=(queries.first_year(user, today), today.year))
    form.full_clean()
    period = form.chosen_period() or queries.default_period(user)
    unit = form.cleaned_data.get("unit") or user.scope
    result = outreach_commune_share(period, unit) if unit is not None else None
    missing = []
    if result is not None and result.missing_unit_ids:
        missing = list(
            AdministrativeUnit.objects.filter(pk__in=result.missing_unit_ids).select_related("parent").order_by("path")
        )
    context = {
        "section": "todo",
        "form": form,
        "period": period,
        "unit": unit,
        "result": result,
        "missing": missing,
        "can_record": may_record(user),
    }
    return render_page_or_fragment(request, "outreach/todo.html", "outreach/_todo_results.html", context)
