from django.urls import include, path

from lanhmanh.support import views

app_name = "support"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("search/", views.case_search, name="case_search"),
    path("new/", views.case_register, name="case_register"),
    path("export/", views.case_export, name="case_export"),
    path("providers/", views.provider_list, name="provider_list"),
    path("providers/new/", views.provider_create, name="provider_create"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="provider_edit"),
    path("providers/<int:pk>/deactivate/", views.provider_deactivate, name="provider_deactivate"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/photo/", views.case_photo, name="case_photo"),
    path("<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("<int:pk>/status/", views.case_status, name="case_status"),
    path("<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/consents/override/", views.consent_override, name="consent_override"),
    path("<int:pk>/needs/new/", views.need_add, name="need_add"),
    path("<int:pk>/needs/<int:need_pk>/status/", views.need_status, name="need_status"),
    path("<int:pk>/services/new/", views.service_add, name="service_add"),
    path("<int:pk>/referrals/new/", views.referral_add, name="referral_add"),
    path("<int:pk>/follow-ups/new/", views.follow_up_add, name="follow_up_add"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/<slug:action>/", views.referral_act, name="referral_act"),
    # Statistics, the access-log pages and data-subject requests (views_privacy.py).
    path("", include("lanhmanh.support.urls_privacy")),
]
