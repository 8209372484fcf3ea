"""Staff author curriculum in the Wagtail admin."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False  # MFA for the admin is tested with accounts
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_module_editor_shows_question_bank_and_credit_rules(staff_client, quiz):
    response = staff_client.get(
        reverse("wagtailadmin_pages:edit", args=[quiz.module.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    for field in (
        "question_bank",
        "prerequisites",
        "post_test_required",
        "release_week",
    ):
        assert field in body, field
    assert "Which form of ketamine is FDA-approved" in body  # the bank's content


def test_admin_add_lesson_only_under_a_module(staff_client, quiz):
    course = quiz.module.get_parent()
    allowed = staff_client.get(
        reverse(
            "wagtailadmin_pages:add", args=["curriculum", "lessonpage", quiz.module.pk]
        )
    )
    refused = staff_client.get(
        reverse("wagtailadmin_pages:add", args=["curriculum", "lessonpage", course.pk])
    )
    assert allowed.status_code == 200
    assert refused.status_code == 302  # Wagtail refuses and sends the editor back
    assert refused["Location"] == reverse("wagtailadmin_home")


