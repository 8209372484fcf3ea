from django.urls import path

from . import trainer_views, views

app_name = "workspace"

urlpatterns = [
    path("sign-off/", views.bulk_sign_off, name="bulk_sign_off"),
    path("trainer/hours/", trainer_views.claims, name="trainer_claims"),
    path(
        "trainer/hours/<int:pk>/",
        trainer_views.claim_decide,
        name="trainer_claim_decide",
    ),
    path("trainer/practicum/", trainer_views.logs, name="trainer_logs"),
    path(
        "trainer/practicum/<int:pk>/",
        trainer_views.log_decide,
        name="trainer_log_decide",
    ),
    path("trainer/pairing/<int:pk>/", trainer_views.pairing, name="trainer_pairing"),
]
