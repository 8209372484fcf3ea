"""Study's URLs. They keep the names and paths they had before the study app
existed, so templates, e-mails and bookmarks keep working: kaptraining/urls.py
mounts `urlpatterns` at /learn/ in the "curriculum" namespace and
`cohort_urlpatterns` at /cohorts/ in the "cohorts" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("journal/", views.journal, name="journal"),
    path("lessons/<int:lesson_id>/quiz/", views.quiz_submit_view, name="quiz_submit"),
    path(
        "lessons/<int:lesson_id>/media/",
        views.media_progress_view,
        name="media_progress",
    ),
    path("lessons/<int:lesson_id>/note/", views.note_save_view, name="note_save"),
    path(
        "lessons/<int:lesson_id>/journal/<str:block_id>/",
        views.journal_save_view,
        name="journal_save",
    ),
    path("attempts/<int:pk>/", views.attempt_review, name="attempt"),
    path("evaluations/<int:page_id>/", views.evaluation, name="evaluation"),
    path(
        "electives/<int:course_id>/choose/",
        views.elective_choose_view,
        name="elective_choose",
    ),
    path(
        "cohorts/<int:cohort_id>/quizzes/", views.cohort_quizzes, name="cohort_quizzes"
    ),
    path(
        "cohorts/<int:cohort_id>/quizzes/<int:lesson_id>/",
        views.item_analysis,
        name="item_analysis",
    ),
    path("responses/<int:pk>/review/", views.review_response, name="review_response"),
]

cohort_urlpatterns = [
    path(
        "lessons/<int:lesson_id>/complete/",
        views.complete_lesson,
        name="complete_lesson",
    ),
]
