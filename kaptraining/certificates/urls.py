from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("verify/", views.verify_lookup, name="lookup"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("api/verify/<str:number>/", views.verify_api, name="verify_api"),
    path(
        "verify/<str:number>/credential.json",
        views.public_credential,
        name="public_credential",
    ),
    path(
        "openbadges/achievements/<slug:slug>/",
        views.ob_achievement,
        name="ob_achievement",
    ),
    path("certificates/<str:number>/pdf/", views.download_pdf, name="pdf"),
    path(
        "certificates/<str:number>/credential.json",
        views.download_credential,
        name="credential",
    ),
    path("openbadges/issuer/", views.ob_issuer, name="ob_issuer"),
    path("openbadges/issuer/key/", views.ob_key, name="ob_key"),
    path("openbadges/status/revocation/", views.ob_status_list, name="ob_status_list"),
]
