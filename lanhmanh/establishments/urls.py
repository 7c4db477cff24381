from django.urls import path

from lanhmanh.establishments import views

app_name = "establishments"
urlpatterns = [
    path("", views.establishment_list, name="establishment_list"),
    path("export/", views.establishment_export, name="establishment_export"),
    path("template/", views.establishment_template, name="establishment_template"),
    path("import/", views.establishment_import, name="establishment_import"),
    path("import/confirm/", views.establishment_import_confirm, name="establishment_import_confirm"),
    path("new/", views.establishment_create, name="establishment_create"),
    path("<int:pk>/", views.establishment_detail, name="establishment_detail"),
    path("<int:pk>/edit/", views.establishment_edit, name="establishment_edit"),
    path("<int:pk>/status/", views.establishment_status, name="establishment_status"),
    path("<int:pk>/commitments/new/", views.commitment_create, name="commitment_create"),
    path("<int:pk>/labour-registrations/new/", views.labour_registration_create, name="labour_registration_create"),
    path("<int:pk>/flags/new/", views.flag_create, name="flag_create"),
    path("flags/<int:pk>/clear/", views.flag_clear, name="flag_clear"),
]
