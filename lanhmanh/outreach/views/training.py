"""Training courses and their participants (T3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhmanh.core.http import AuthedRequest, render_page_or_fragment
from lanhmanh.outreach import queries, services
from lanhmanh.outreach.access import (
    can_change_at_unit,
    get_course_for_user,
    get_participant_for_user,
    may_record,
)
from lanhmanh.outreach.forms import CourseFilterForm, CourseForm, ParticipantForm, ParticipantUpdateForm
from lanhmanh.outreach.models import Participant, TrainingCourse
from lanhmanh.outreach.views.common import PAGE_SIZE, allowed


@login_required
@require_GET
def course_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = CourseFilterForm(request.GET or None)
    courses = queries.visible_courses(user).annotate(
        enrolled=Count("participants", distinct=True),
        done=Count("participants", filter=Q(participants__completed=True), distinct=True),
    )
    if form.is_bound:
        form.full_clean()
        data = form.cleaned_data
        if data.get("year"):
            courses = courses.filter(end_date__year=data["year"])
        if data.get("topic"):
            courses = courses.filter(topic=data["topic"])
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"section": "courses", "form": form, "page": page, "can_record": may_record(user)}
    return render_page_or_fragment(request, "outreach/course_list.html", "outreach/_course_results.html", context)


def _course_initial(course: TrainingCourse) -> dict[str, object]:
    return {
        "title": course.title,
        "start_date": course.start_date,
        "end_date": course.end_date,
        "organiser": course.organiser_id,
        "level": course.level,
        "topic": course.topic,
        "unit": course.unit_id,
        "location": course.location,
    }


@allowed(may_record)
@require_http_methods(["GET", "POST"])
def course_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        form = CourseForm(initial={"organiser": user.agency_id, "unit": user.scope_id}, user=user)
        return render(request, "outreach/course_form.html", {"section": "courses", "form": form, "course": None})
    form = CourseForm(request.POST, user=user)
    if form.is_valid():
        try:
            course = services.course_create(actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu lớp tập huấn; thêm học viên bên dưới."))
            return redirect("outreach:course_detail", pk=course.pk)
    return render(request, "outreach/course_form.html", {"section": "courses", "form": form, "course": None})


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    course = get_course_for_user(user, pk, write=True)
    if request.method != "POST":
        form = CourseForm(initial=_course_initial(course), user=user)
        return render(request, "outreach/course_form.html", {"section": "courses", "form": form, "course": course})
    form = CourseForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.course_update(course=course, actor=user, data=form.to_input())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu thay đổi."))
            return redirect("outreach:course_detail", pk=course.pk)
    return render(request, "outreach/course_form.html", {"section": "courses", "form": form, "course": course})


def _detail(request: AuthedRequest, course: TrainingCourse, form: ParticipantForm | None) -> HttpResponse:
    user = request.user
    participants = (
        Participant.objects.visible_to(user)
        .filter(course=course)
        .select_related("official", "official__agency", "official__unit")
        .order_by("official__full_name", "pk")
    )
    can_change = can_change_at_unit(user, course)
    context = {
        "section": "courses",
        "course": course,
        "participants": list(participants),
        # People outside the reader's scope are counted, not named.
        "total": course.participants.count(),
        "can_change": can_change,
        "form": form if form is not None else (ParticipantForm(user=user) if can_change else None),
    }
    return render(request, "outreach/course_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The course and its participants; POST adds a participant (or changes one already there)."""
    user = request.user
    if request.method != "POST":
        return _detail(request, get_course_for_user(user, pk), None)
    course = get_course_for_user(user, pk, write=True)
    form = ParticipantForm(request.POST, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_set(
                course=course,
                # Offered from the user's own roster (queries.officials_for), so already in scope.
                official=data["official"],
                actor=user,
                attended=data["attended"],
                completed=data["completed"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Đã lưu học viên."))
            return redirect("outreach:course_detail", pk=course.pk)
    return _detail(request, course, form)


@login_required
@require_POST
def participant_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change a participant's attendance and completion, or take them off the course."""
    user = request.user
    participant = get_participant_for_user(user, pk, write=True)
    form = ParticipantUpdateForm(request.POST)
    form.full_clean()
    data = form.cleaned_data
    if data.get("remove"):
        services.participant_remove(participant=participant, actor=user)
        messages.success(request, gettext("Đã xóa học viên khỏi lớp."))
    else:
        try:
            services.participant_set(
                course=participant.course,
                official=participant.official,
                actor=user,
                attended=bool(data.get("attended")),
                completed=bool(data.get("completed")),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("Đã lưu học viên."))
    return redirect("outreach:course_detail", pk=participant.course_id)
