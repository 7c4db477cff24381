"""The foundation's addresses: log-in, users, audit, plans, tasks, measures, the API."""

from __future__ import annotations

from tests.matrix.framework import (
    BAD_REQUEST,
    FORBIDDEN,
    IN_THE_DISTRICT,
    NO_CONTENT,
    NOT_FOUND,
    OK,
    TO_DASHBOARD,
    TO_LOG_IN,
    TO_THE_ACCOUNT,
    api,
    each,
    entry,
    page,
    public,
)

IGNORED = {
    "set_language": "Django's language switch: public by design, it only sets a cookie and redirects.",
}

ENTRIES = [
    # Public addresses.
    entry("healthz", "", lambda s: "/healthz", GET=public(OK)),
    entry("accounts:login", "", lambda s: "/login/", GET=public(TO_DASHBOARD, anonymous=OK)),
    entry("accounts:logout", "", lambda s: "/logout/", POST=public(TO_LOG_IN)),
    # User administration: the administrator role only, accounts inside the administrator's scope.
    entry("users:user_list", "", lambda s: "/users/", GET=page(FORBIDDEN, admin=OK, district_admin=OK)),
    entry(
        "users:user_create",
        "",
        lambda s: "/users/new/",
        GET=page(FORBIDDEN, admin=OK, district_admin=OK),
        POST=page(FORBIDDEN, admin=OK, district_admin=OK),
    ),
    entry(
        "users:user_edit",
        "commune_account",
        lambda s: f"/users/{s.users['commune_officer'].pk}/edit/",
        GET=page(FORBIDDEN, admin=OK, district_admin=OK),
        POST=page(FORBIDDEN, admin=OK, district_admin=OK),
    ),
    entry(
        "users:user_edit",
        "province_account",
        lambda s: f"/users/{s.users['coordinator'].pk}/edit/",
        GET=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
    ),
    entry(
        "users:user_edit",
        "other_district_account",
        lambda s: f"/users/{s.outsider.pk}/edit/",
        GET=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
        POST=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
    ),
    entry(
        "users:user_deactivate",
        "commune_account",
        lambda s: f"/users/{s.users['commune_officer'].pk}/deactivate/",
        GET=page(FORBIDDEN, admin=OK, district_admin=OK),
        POST=page(FORBIDDEN, admin=OK, district_admin=OK),
    ),
    entry(
        "users:user_deactivate",
        "other_district_account",
        lambda s: f"/users/{s.outsider.pk}/deactivate/",
        GET=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
        POST=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
    ),
    entry(
        "users:user_reactivate",
        "commune_account",
        lambda s: f"/users/{s.users['commune_officer'].pk}/reactivate/",
        POST=page(FORBIDDEN, admin=TO_THE_ACCOUNT, district_admin=TO_THE_ACCOUNT),
    ),
    entry(
        "users:user_reactivate",
        "other_district_account",
        lambda s: f"/users/{s.outsider.pk}/reactivate/",
        POST=page(FORBIDDEN, admin=TO_THE_ACCOUNT, district_admin=NOT_FOUND),
    ),
    entry(
        "users:user_password",
        "commune_account",
        lambda s: f"/users/{s.users['commune_officer'].pk}/password/",
        GET=page(FORBIDDEN, admin=OK, district_admin=OK),
        POST=page(FORBIDDEN, admin=OK, district_admin=OK),
    ),
    entry(
        "users:user_password",
        "other_district_account",
        lambda s: f"/users/{s.outsider.pk}/password/",
        GET=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
        POST=page(FORBIDDEN, admin=OK, district_admin=NOT_FOUND),
    ),
    # The audit trail: administrators and coordinators.
    entry("core:audit_list", "", lambda s: "/audit/", GET=page(FORBIDDEN, admin=OK, district_admin=OK, coordinator=OK)),
    # Plan pages: everybody reads what is visible to them.
    entry("plans:dashboard", "", lambda s: "/", GET=page(OK)),
    entry(
        "plans:dashboard",
        "far_commune",
        lambda s: f"/?plan={s.world.plan.pk}&unit={s.world.far_commune.pk}",
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry("plans:task_list", "", lambda s: "/tasks/", GET=page(OK)),
    entry("plans:my_tasks", "", lambda s: "/tasks/mine/", GET=page(OK)),
    # A task: the page, and posting a progress update to it.
    entry(
        "plans:task_detail",
        "commune_task",
        lambda s: f"/tasks/{s.world.commune_task.pk}/",
        GET=page(OK, sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, coordinator=OK, district_officer=OK, commune_officer=OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "plans:task_detail",
        "police_task",
        lambda s: f"/tasks/{s.world.police_task.pk}/",
        GET=page(OK),
        POST=page(FORBIDDEN, coordinator=OK, agency_officer=OK),
    ),
    entry(
        "plans:task_detail",
        "other_district_task",
        lambda s: f"/tasks/{s.world.other_district_task.pk}/",
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, coordinator=OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # The coordinator's pages.
    entry(
        "plans:task_assign",
        "commune_task",
        lambda s: f"/tasks/{s.world.commune_task.pk}/assign/",
        GET=page(FORBIDDEN, coordinator=OK, sibling_commune=NOT_FOUND),
        POST=page(FORBIDDEN, coordinator=OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "plans:task_assign",
        "other_district_task",
        lambda s: f"/tasks/{s.world.other_district_task.pk}/assign/",
        GET=page(FORBIDDEN, coordinator=OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=page(FORBIDDEN, coordinator=OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry("plans:measure_detail", "", lambda s: f"/measures/{s.world.manual_measure.pk}/", GET=page(OK)),
    entry(
        "plans:measure_edit",
        "",
        lambda s: f"/measures/{s.world.manual_measure.pk}/edit/",
        GET=page(FORBIDDEN, coordinator=OK),
        POST=page(FORBIDDEN, coordinator=OK),
    ),
    entry(
        "plans:manual_value_create",
        "",
        lambda s: f"/measures/{s.world.manual_measure.pk}/values/new/",
        GET=page(FORBIDDEN, coordinator=OK),
        POST=page(FORBIDDEN, coordinator=OK),
    ),
    # Evidence is streamed to whoever may read the update.
    entry(
        "plans:evidence_download",
        "commune_task_update",
        lambda s: f"/updates/{s.commune_update.pk}/evidence/",
        GET=page(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "plans:evidence_download",
        "other_district_task_update",
        lambda s: f"/updates/{s.far_update.pk}/evidence/",
        GET=page(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # The API's documentation and tokens.
    entry("schema", "", lambda s: "/api/schema/", GET=public(OK)),
    entry("api-docs", "", lambda s: "/api/docs/", GET=public(OK)),
    # The credentials are the body: anybody who sends none is told which fields are missing.
    entry("api-token", "", lambda s: "/api/v1/auth/token/", POST=public(BAD_REQUEST)),
    entry("api-logout", "", lambda s: "/api/v1/auth/logout/", POST=api(NO_CONTENT)),
    # Reference data: every user reads every unit and agency.
    entry("agency-list", "", lambda s: "/api/v1/agencies/", GET=api(OK)),
    entry("agency-detail", "", lambda s: f"/api/v1/agencies/{s.world.police.pk}/", GET=api(OK)),
    entry("unit-list", "", lambda s: "/api/v1/units/", GET=api(OK)),
    entry("unit-detail", "far_commune", lambda s: f"/api/v1/units/{s.world.far_commune.pk}/", GET=api(OK)),
    # Plans, targets, measures.
    entry("plan-list", "", lambda s: "/api/v1/plans/", GET=api(OK)),
    entry("plan-detail", "", lambda s: f"/api/v1/plans/{s.world.plan.pk}/", GET=api(OK)),
    entry("target-list", "", lambda s: f"/api/v1/targets/?plan={s.world.plan.pk}", GET=api(OK)),
    entry(
        "target-list",
        "far_commune",
        lambda s: f"/api/v1/targets/?plan={s.world.plan.pk}&unit={s.world.far_commune.pk}",
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "measure-detail",
        "",
        lambda s: f"/api/v1/measures/{s.world.manual_measure.pk}/",
        PATCH=api(FORBIDDEN, coordinator=BAD_REQUEST),
    ),
    # Tasks and their progress updates.
    entry("task-list", "", lambda s: "/api/v1/tasks/", GET=api(OK)),
    entry(
        "task-list",
        "far_commune",
        lambda s: f"/api/v1/tasks/?unit={s.world.far_commune.pk}",
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "task-detail",
        "commune_task",
        lambda s: f"/api/v1/tasks/{s.world.commune_task.pk}/",
        GET=api(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "task-detail",
        "other_district_task",
        lambda s: f"/api/v1/tasks/{s.world.other_district_task.pk}/",
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "task-assign",
        "commune_task",
        lambda s: f"/api/v1/tasks/{s.world.commune_task.pk}/assign/",
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST, sibling_commune=NOT_FOUND),
    ),
    entry(
        "task-assign",
        "other_district_task",
        lambda s: f"/api/v1/tasks/{s.world.other_district_task.pk}/assign/",
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry(
        "task-updates",
        "commune_task",
        lambda s: f"/api/v1/tasks/{s.world.commune_task.pk}/updates/",
        GET=api(OK, sibling_commune=NOT_FOUND),
        POST=api(
            FORBIDDEN,
            coordinator=BAD_REQUEST,
            district_officer=BAD_REQUEST,
            commune_officer=BAD_REQUEST,
            sibling_commune=NOT_FOUND,
        ),
    ),
    entry(
        "task-updates",
        "police_task",
        lambda s: f"/api/v1/tasks/{s.world.police_task.pk}/updates/",
        GET=api(OK),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST, agency_officer=BAD_REQUEST),
    ),
    entry(
        "task-updates",
        "other_district_task",
        lambda s: f"/api/v1/tasks/{s.world.other_district_task.pk}/updates/",
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    entry("task-update-list", "", lambda s: "/api/v1/task-updates/", GET=api(OK)),
    entry(
        "task-update-detail",
        "commune_task_update",
        lambda s: f"/api/v1/task-updates/{s.commune_update.pk}/",
        GET=api(OK, sibling_commune=NOT_FOUND),
    ),
    entry(
        "task-update-detail",
        "other_district_task_update",
        lambda s: f"/api/v1/task-updates/{s.far_update.pk}/",
        GET=api(OK, **each(IN_THE_DISTRICT, NOT_FOUND)),
    ),
    # Values reported by hand: the measure to record for is named in the body.
    entry(
        "manual-value-list",
        "",
        lambda s: "/api/v1/manual-values/",
        body=lambda s: {"measure": s.world.manual_measure.pk},
        GET=api(OK),
        POST=api(FORBIDDEN, coordinator=BAD_REQUEST),
    ),
    entry(
        "manual-value-detail",
        "province_value",
        lambda s: f"/api/v1/manual-values/{s.province_value.pk}/",
        GET=api(OK),
    ),
    entry(
        "manual-value-detail",
        "commune_value",
        lambda s: f"/api/v1/manual-values/{s.commune_value.pk}/",
        GET=api(OK, sibling_commune=NOT_FOUND),
    ),
]
