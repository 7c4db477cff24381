"""API routes for statistics, the access log and data-subject requests (under /api/v1/support/)."""

from django.urls import path

from lanhmanh.support import views_privacy as views

urlpatterns = [
    path("statistics/", views.statistics_api, name="support-statistics"),
    path("access-log/", views.access_log_api, name="support-access-log"),
    path("subject-requests/", views.subject_requests_api, name="support-subject-requests"),
    path("subject-requests/<int:pk>/export/", views.subject_request_export_api, name="support-subject-request-export"),
    path(
        "subject-requests/<int:pk>/rectify/", views.subject_request_rectify_api, name="support-subject-request-rectify"
    ),
    path("subject-requests/<int:pk>/erase/", views.subject_request_erase_api, name="support-subject-request-erase"),
]
