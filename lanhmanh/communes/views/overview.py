"""The overview of the communes in scope by class, year over year; and the schemes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lanhmanh.communes.access import get_scheme
from lanhmanh.communes.models import AssessmentScheme
from lanhmanh.communes.queries import assessment_years, overview_years
from lanhmanh.communes.queries import overview as build_overview
from lanhmanh.communes.scoring import scheme_data
from lanhmanh.core.http import AuthedRequest


@login_required
@require_GET
def overview(request: AuthedRequest) -> HttpResponse:
    """Every commune of the user's scope with the class its review fixed each year, the communes
    whose class changed, and a bar per year (counts by class)."""
    try:
        last = int(request.GET.get("year", ""))
    except ValueError:
        last = None
    all_years = assessment_years(request.user)
    years = overview_years(all_years, last=last)
    context = {
        "overview": build_overview(request.user, years),
        "all_years": all_years,
        "last": years[-1] if years else None,
    }
    return render(request, "communes/overview.html", context)


@login_required
@require_GET
def scheme_list(request: AuthedRequest) -> HttpResponse:
    schemes = AssessmentScheme.objects.order_by("is_example", "-valid_from", "code", "-version")
    return render(request, "communes/scheme_list.html", {"schemes": schemes})


@login_required
@require_GET
def scheme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = get_scheme(request.user, pk)
    return render(request, "communes/scheme_detail.html", {"scheme": scheme, "data": scheme_data(scheme)})
