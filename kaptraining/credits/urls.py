from django.urls import path

from . import views

# Mounted at /hours/ in the "credits" namespace by kaptraining/urls.py.
urlpatterns = [
    path("programs/<int:program_id>/", views.my_hours, name="my_hours"),
    path(
        "programs/<int:program_id>/external/",
        views.external_submit,
        name="external_submit",
    ),
    path("claims/<int:pk>/evidence/", views.claim_evidence, name="claim_evidence"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_detail, name="review_detail"),
    path("transcript/", views.transcript, name="transcript"),
    path("transcript/pdf/", views.transcript_pdf, name="transcript_pdf"),
    path(
        "transcript/exports/<int:pk>/",
        views.transcript_export,
        name="transcript_export",
    ),
    path(
        "transcript/exports/<int:pk>/download/",
        views.transcript_export_download,
        name="transcript_export_download",
    ),
    path(
        "trainees/<int:user_id>/transcript/",
        views.transcript,
        name="trainee_transcript",
    ),
    path(
        "trainees/<int:user_id>/transcript/pdf/",
        views.transcript_pdf,
        name="trainee_transcript_pdf",
    ),
    path("ce/", views.my_ce, name="my_ce"),
    path(
        "ce/participations/<int:pk>/evaluation/",
        views.ce_evaluation,
        name="ce_evaluation",
    ),
    path("ce/certificates/<str:number>/", views.ce_certificate, name="ce_certificate"),
    path(
        "ce/certificates/<str:number>/pdf/",
        views.ce_certificate_pdf,
        name="ce_certificate_pdf",
    ),
    path("ce/activities/", views.ce_activities, name="ce_activities"),
    path("ce/activities/<int:pk>/roster/", views.ce_roster, name="ce_roster"),
    path(
        "ce/activities/<int:pk>/ce-broker.csv",
        views.ce_broker_export,
        name="ce_broker_export",
    ),
]
