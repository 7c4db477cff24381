from django.urls import path

from lanhmanh.communes import views

app_name = "communes"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/new/", views.assessment_start, name="assessment_start"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/preview/", views.assessment_preview, name="assessment_preview"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment_review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("recognitions/", views.recognition_list, name="recognition_list"),
    path("recognitions/new/", views.recognition_create, name="recognition_create"),
    path("recognitions/<int:pk>/", views.recognition_detail, name="recognition_detail"),
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
]
