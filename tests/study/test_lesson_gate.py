"""Lessons are gated by study's before_serve_page hook, not by the page class:
visitors sign in, strangers are refused, and Wagtail previews (which skip
serving hooks) still render a lesson, with the previewer's study context."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)

from kaptraining.curriculum.models import LessonPage
from kaptraining.study.models import StudyPosition
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, lessons_of

pytestmark = pytest.mark.django_db

PREVIEWING = "You are previewing this lesson as a trainee sees it."


@pytest.fixture
def editor(client, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False  # MFA for the admin is tested with accounts
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_gate_sends_visitors_to_sign_in_and_refuses_strangers(client, program):
    lesson = lessons_of(program)[0]

    assert client.get(lesson.url).status_code == 302
    client.force_login(UserFactory())
    refused = client.get(lesson.url)

    assert refused.status_code == 403
    assert "Lessons are open to trainees enrolled in this program." in (
        refused.content.decode()
    )


def test_gate_lets_a_trainee_in_and_remembers_the_lesson(client, program):
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    lesson = lessons_of(program)[0]
    client.force_login(enrolment.trainee)

    response = client.get(lesson.url)

    assert response.status_code == 200
    assert "Mark lesson complete" in response.content.decode()
    assert StudyPosition.objects.get(trainee=enrolment.trainee).lesson_id == lesson.pk


def test_editor_preview_renders_unsaved_changes_with_preview_context(
    client, editor, program
):
    lesson = lessons_of(program)[0]
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    data["title"] = "Informed consent, revised"
    # The StreamField editor builds its fields in JavaScript: post them as it would.
    body = [("heading", {"text": "What consent covers", "level": "h2"})]
    data.update(nested_form_data({"body": streamfield(body)}))
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])

    check = client.post(preview, data=data)
    response = client.get(preview)

    assert check.json() == {"is_valid": True, "is_available": True}
    html = response.content.decode()
    assert response.status_code == 200
    assert "Informed consent, revised" in html
    assert "What consent covers" in html
    assert PREVIEWING in html
    assert "Mark lesson complete" not in html  # previewers save nothing
    assert not StudyPosition.objects.exists()
    assert LessonPage.objects.get(pk=lesson.pk).title != "Informed consent, revised"


def test_editor_views_the_draft_of_an_unpublished_lesson(client, editor, program):
    module = lessons_of(program)[0].get_parent()
    draft = LessonPage(title="Integration sessions", credited_minutes=45, live=False)
    module.add_child(instance=draft)
    draft.save_revision()

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))

    assert response.status_code == 200
    assert "Integration sessions" in response.content.decode()
