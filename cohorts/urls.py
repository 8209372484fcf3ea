from django.urls import path

from . import admission_views, invitation_views, member_views, trainer_views, views

app_name = "cohorts"
urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("<int:pk>/", views.cohort_detail, name="detail"),
    path("<int:pk>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment"),
    # admission
    path("<int:pk>/apply/", admission_views.apply, name="apply"),
    path(
        "applications/<int:pk>/", admission_views.application_detail, name="application"
    ),
    path(
        "applications/<int:pk>/licence/",
        admission_views.licence_document,
        name="licence_document",
    ),
    path(
        "offers/<int:pk>/<str:answer>/",
        admission_views.offer_answer,
        name="offer_answer",
    ),
    path(
        "invitations/<str:token>/",
        invitation_views.invitation,
        name="invitation",
    ),
    # members
    path("<int:pk>/home/", member_views.home, name="home"),
    path("<int:pk>/discussion/", member_views.discussion, name="discussion"),
    path("threads/<int:pk>/", member_views.thread_detail, name="thread"),
    path(
        "threads/<int:pk>/follow/", member_views.thread_follow, name="thread_follow"
    ),
    path(
        "threads/<int:pk>/moderate/<str:action>/",
        member_views.thread_moderate_view,
        name="thread_moderate",
    ),
    path("posts/<int:pk>/hide/", member_views.post_hide_view, name="post_hide"),
    path("<int:pk>/calendar.ics", member_views.cohort_calendar, name="cohort_calendar"),
    path(
        "calendar/<str:token>.ics",
        member_views.trainee_calendar,
        name="trainee_calendar",
    ),
    path(
        "calendar/reset/",
        member_views.calendar_token_reset,
        name="calendar_token_reset",
    ),
    # trainers
    path("<int:pk>/manage/", trainer_views.manage, name="manage"),
    path("<int:pk>/manage/roster.csv", trainer_views.roster_export, name="roster_csv"),
    path(
        "<int:pk>/manage/import/",
        trainer_views.roster_import_view,
        name="roster_import",
    ),
    path("<int:pk>/manage/announce/", trainer_views.announce, name="announce"),
    path(
        "<int:pk>/manage/sessions/new/", trainer_views.session_edit, name="session_new"
    ),
    path(
        "<int:pk>/manage/sessions/<int:session_id>/",
        trainer_views.session_edit,
        name="session_edit",
    ),
    path(
        "sessions/<int:pk>/cancel/", trainer_views.session_cancel, name="session_cancel"
    ),
    path("sessions/<int:pk>/attendance/", trainer_views.attendance, name="attendance"),
    path(
        "sessions/<int:pk>/attendance/upload/",
        trainer_views.attendance_upload,
        name="attendance_upload",
    ),
    path(
        "attendance-markings/<int:pk>/",
        trainer_views.attendance_marking,
        name="attendance_marking",
    ),
    path(
        "attendance-imports/<int:pk>/",
        trainer_views.attendance_review,
        name="attendance_review",
    ),
]

# Kept under /hours/ with the name it had in credits ("credits:cohort_transcript");
# kaptraining/urls.py mounts it there.
credits_urlpatterns = [
    path(
        "cohorts/<int:cohort_id>/transcript.csv",
        trainer_views.cohort_transcript,
        name="cohort_transcript",
    ),
]
