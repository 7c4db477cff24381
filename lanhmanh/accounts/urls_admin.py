from django.urls import URLPattern, path

from lanhmanh.accounts import user_admin_views as views

app_name = "users"
urlpatterns: list[URLPattern] = [
    path("", views.user_list, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("<int:pk>/password/", views.user_password, name="user_password"),
]
