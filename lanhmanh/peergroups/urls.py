from django.urls import path

from lanhmanh.peergroups import views

app_name = "peergroups"
urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("new/", views.group_create, name="group_create"),
    path("<int:pk>/", views.group_detail, name="group_detail"),
    path("<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("<int:pk>/members/new/", views.member_create, name="member_create"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
]
