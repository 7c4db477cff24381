from django.urls import path

from lanhmanh.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/mine/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("updates/<int:pk>/evidence/", views.evidence_download, name="evidence_download"),
    path("measures/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/values/new/", views.manual_value_create, name="manual_value_create"),
]
