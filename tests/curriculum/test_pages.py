"""Page-type rules, block validation and block rendering."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from kaptraining.curriculum import blocks
from kaptraining.curriculum.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    ProgramPage,
)
from kaptraining.pages.models import HomePage

pytestmark = pytest.mark.django_db


def test_page_tree_program_course_module_lesson_is_the_only_path():
    assert ProgramPage.allowed_parent_page_models() == [HomePage]
    assert ProgramPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage.allowed_parent_page_models() == [ProgramPage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_parent_page_models() == [CoursePage]
    assert ModulePage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_parent_page_models() == [ModulePage]
    assert LessonPage.allowed_subpage_models() == []


def test_page_tree_lesson_cannot_sit_under_course_or_program(program):
    course = CoursePage.objects.child_of(program).get()
    assert not LessonPage.can_create_at(course)
    assert not LessonPage.can_create_at(program)
    assert not ModulePage.can_create_at(program)
    assert LessonPage.can_create_at(ModulePage.objects.child_of(course).get())


def test_video_block_with_both_embed_and_file_missing_is_invalid():
    block = blocks.VideoBlock()
    value = block.to_python({"video": "", "title": "Intro", "transcript": "Words."})
    # (an uploaded video's captions are tested in test_media.py)
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(value)
    assert "video" in exc.value.block_errors


def test_video_block_with_transcript_renders_transcript_and_title():
    block = blocks.VideoBlock()
    html = block.render(
        block.to_python(
            {
                "video": "",
                "title": "Consent in practice",
                "transcript": "Line one.\nLine two.",
            }
        )
    )
    assert "Consent in practice" in html
    assert "Line one.<br>Line two." in html


def test_single_choice_question_needs_exactly_one_correct_option():
    block = blocks.SingleChoiceQuestionBlock()
    value = block.to_python(
        {
            "prompt": "Q?",
            "options": [{"text": "a", "correct": True}, {"text": "b", "correct": True}],
        }
    )
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(value)
    assert "options" in exc.value.block_errors


def test_multiple_choice_question_needs_a_correct_option():
    block = blocks.MultipleChoiceQuestionBlock()
    value = block.to_python(
        {
            "prompt": "Q?",
            "options": [
                {"text": "a", "correct": False},
                {"text": "b", "correct": False},
            ],
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_lesson_body_allows_one_quiz_only():
    stream = blocks.LessonBodyBlock()
    quiz = blocks.QuizBlock().meta.preview_value
    value = stream.to_python(
        [{"type": "quiz", "value": quiz}, {"type": "quiz", "value": quiz}]
    )
    with pytest.raises((StreamBlockValidationError, ValidationError)):
        stream.clean(value)


@pytest.mark.parametrize(
    "block_class, expected",
    [
        (blocks.HeadingBlock, "<h2>Contraindications to screen for</h2>"),
        (
            blocks.CalloutBlock,
            "Check blood pressure before and during the dosing session.",
        ),
        (blocks.VideoBlock, "Welcome to the program."),
        (blocks.AudioBlock, "notice your feet on the floor"),
        (blocks.ImageBlock, "A prepared setting for a dosing session."),
        (blocks.DocumentBlock, "Sample informed consent form (PDF)"),
        (blocks.ReadingBlock, "Read the section on the three phases."),
        (
            blocks.ReflectionPromptBlock,
            "What would you want a client to know before a first session?",
        ),
        (blocks.QuizBlock, "Post-test"),
        (blocks.SingleChoiceQuestionBlock, "Intranasal esketamine"),
        (blocks.TrueFalseQuestionBlock, "Schedule III"),
        (blocks.ShortAnswerQuestionBlock, "consent is revisited"),
    ],
)
def test_block_preview_value_renders_with_its_template(block_class, expected):
    block = block_class()
    assert block.meta.template == f"blocks/{block.meta.template.split('/')[-1]}"
    assert block.meta.icon
    html = block.render(block.to_python(block.meta.preview_value))
    assert expected in html


def test_block_every_struct_block_has_icon_template_and_preview():
    for name, child in {
        **blocks.LessonBodyBlock().child_blocks,
        **blocks.QuestionBankBlock().child_blocks,
    }.items():
        if name == "paragraph":
            continue
        assert child.meta.icon, name
        assert child.meta.template.startswith(
            "blocks/"
        ) and child.meta.template.endswith("_block.html"), name
        assert child.meta.preview_value, name
