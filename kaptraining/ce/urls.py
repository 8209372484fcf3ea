from django.urls import path

from . import views

app_name = "ce"

urlpatterns = [
    path("home-study/", views.home_study, name="home_study"),
    path("participations/<int:pk>/evaluation/", views.evaluation, name="evaluation"),
    path("transcript/", views.transcript, name="transcript"),
    path("transcript.<str:fmt>", views.transcript, name="transcript_file"),
    path(
        "trainees/<int:user_id>/transcript/",
        views.trainee_transcript,
        name="trainee_transcript",
    ),
    path(
        "trainees/<int:user_id>/transcript.<str:fmt>",
        views.trainee_transcript,
        name="trainee_transcript_file",
    ),
    path(
        "activities/<int:pk>/evaluations/",
        views.evaluation_report_view,
        name="evaluation_report",
    ),
    path(
        "activities/<int:pk>/evaluations.csv",
        views.evaluation_report_csv,
        name="evaluation_report_csv",
    ),
    path(
        "activities/<int:pk>/ce-broker.xlsx",
        views.ce_broker_xlsx,
        name="ce_broker_xlsx",
    ),
]
