"""Staff read study records in the Wagtail admin; they change only through services."""

import pytest
from django.urls import reverse

from kaptraining.curriculum.models import ModulePage
from kaptraining.study.models import QuizAttempt
from tests.factories import UserFactory
from tests.factories.curriculum import answer_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False  # MFA for the admin is tested with accounts
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_lists_quiz_attempts_read_only(client, staff_client, quiz):
    client.force_login(quiz.trainee)
    client.post(
        reverse("curriculum:quiz_submit", args=[quiz.lesson.pk]),
        answer_key(quiz.module),
    )
    staff_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    attempt = QuizAttempt.objects.get()

    listing = staff_client.get(reverse("quiz_attempt_admin:index"))
    edit = staff_client.get(reverse("quiz_attempt_admin:edit", args=[attempt.pk]))

    assert listing.status_code == 200
    assert str(quiz.trainee) in listing.content.decode()
    assert edit.status_code in (302, 403)
    assert ModulePage.objects.filter(pk=quiz.module.pk).exists()
