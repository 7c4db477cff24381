from django.urls import path

from lanhmanh.outreach import views

app_name = "outreach"
urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("todo/", views.todo, name="todo"),
    path("media/", views.media_list, name="media_list"),
    path("media/grid/", views.media_grid, name="media_grid"),
    path("media/new/", views.media_create, name="media_create"),
    path("media/<int:pk>/edit/", views.media_edit, name="media_edit"),
    path("media/<int:pk>/delete/", views.media_delete, name="media_delete"),
    path("media/<int:pk>/file/", views.media_file, name="media_file"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("participants/<int:pk>/", views.participant_edit, name="participant_edit"),
    path("officials/", views.official_list, name="official_list"),
    path("officials/new/", views.official_create, name="official_create"),
    path("officials/<int:pk>/edit/", views.official_edit, name="official_edit"),
    path("officials/import/", views.official_import, name="official_import"),
    path("integrated-plans/", views.integrated_plan_list, name="integrated_plan_list"),
    path("integrated-plans/new/", views.integrated_plan_create, name="integrated_plan_create"),
    path("integrated-plans/<int:pk>/edit/", views.integrated_plan_edit, name="integrated_plan_edit"),
    path("integrated-plans/<int:pk>/file/", views.integrated_plan_file, name="integrated_plan_file"),
]
