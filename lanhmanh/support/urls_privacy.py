"""Statistics, access-log and data-subject-request pages, mounted inside support's namespace."""

from django.urls import path

from lanhmanh.support import views_privacy as views

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export/", views.statistics_export, name="statistics_export"),
    path("access-log/user/", views.access_log_user, name="access_log_user"),
    path("access-log/case/", views.access_log_case, name="access_log_case"),
    path("subject-requests/", views.subject_request_list, name="subject_request_list"),
    path("subject-requests/<int:pk>/", views.subject_request_detail, name="subject_request_detail"),
    path("<int:pk>/subject-requests/new/", views.subject_request_create, name="subject_request_create"),
]
