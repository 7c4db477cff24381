from django.urls import path

from lanhmanh.inspections import views

app_name = "inspections"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/export/", views.inspection_export, name="inspection_export"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/violations/new/", views.violation_create, name="violation_create"),
    path("violations/<int:pk>/edit/", views.violation_edit, name="violation_edit"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_create, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/members/new/", views.member_add, name="member_add"),
    path("teams/<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("schedules/", views.schedule_list, name="schedule_list"),
    path("schedules/new/", views.schedule_create, name="schedule_create"),
    path("schedules/<int:pk>/", views.schedule_detail, name="schedule_detail"),
    path("schedules/<int:pk>/approve/", views.schedule_approve, name="schedule_approve"),
    path("catalogue/", views.catalogue, name="catalogue"),
]
