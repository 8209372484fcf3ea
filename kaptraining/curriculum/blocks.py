"""StreamField blocks for curriculum pages. Each renders with its own template.

Lesson bodies use LessonBodyBlock; a module's question bank uses QuestionBankBlock.
Questions and options keep the stable ids Wagtail gives stream and list children,
so quiz attempts can refer to them across page revisions.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtailmedia.blocks import AudioChooserBlock, VideoChooserBlock


def _struct_error(field: str, message) -> blocks.StructBlockValidationError:
    return blocks.StructBlockValidationError(
        block_errors={field: ValidationError(message)}
    )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Contraindications to screen for", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("note", _("Note")),
            ("safety", _("Safety")),
            ("practice", _("In practice")),
        ],
        default="note",
    )
    title = blocks.CharBlock(max_length=120, required=False)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        preview_value = {
            "kind": "safety",
            "title": "Blood pressure",
            "body": "<p>Check blood pressure before and during the dosing session.</p>",
        }


class VideoBlock(blocks.StructBlock):
    """A video from an embed address or from the media library. Every video
    needs a transcript; an uploaded one also needs its WebVTT captions (added
    to the media item), so a lesson cannot be published without them."""

    video = EmbedBlock(required=False, help_text=_("A YouTube or Vimeo address."))
    media = VideoChooserBlock(
        required=False,
        help_text=_("Or a video from the media library (MP4 or WebM, captioned)."),
    )
    poster = ImageChooserBlock(
        required=False,
        help_text=_("A still shown before the uploaded video plays."),
    )
    title = blocks.CharBlock(max_length=160)
    captions_available = blocks.BooleanBlock(
        required=False, help_text=_("Tick if the embedded player has closed captions.")
    )
    transcript = blocks.TextBlock(
        required=False,
        help_text=_("Required to publish: the words spoken and shown in the video."),
    )

    def clean(self, value):
        value = super().clean(value)
        has_embed = bool(value.get("video"))
        media = value.get("media")
        if has_embed == (media is not None):
            raise _struct_error(
                "video",
                _("Give either an embed address or a video from the media library."),
            )
        if media is not None and not media.captions:
            raise _struct_error(
                "media",
                _(
                    "The video “%(title)s” has no captions. Add its "
                    "WebVTT captions file under Media, then publish."
                )
                % {"title": media.title},
            )
        if not (value.get("transcript") or "").strip():
            raise _struct_error(
                "transcript",
                _("Add a transcript of the video: a lesson needs one to be published."),
            )
        return value

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        preview_value = {"title": "Welcome", "transcript": "Welcome to the program."}


class AudioBlock(blocks.StructBlock):
    """An audio recording (e.g. a guided grounding practice) and its transcript."""

    media = AudioChooserBlock(
        help_text=_("An MP3, M4A or OGG file from the media library.")
    )
    title = blocks.CharBlock(max_length=160)
    transcript = blocks.TextBlock(
        help_text=_("Required, so that everyone can follow the recording.")
    )

    class Meta:
        icon = "media"
        template = "blocks/audio_block.html"
        preview_value = {
            "title": "A five-minute grounding practice",
            "transcript": "Settle into your seat and notice your feet on the floor.",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text=_("Describe the image for screen readers.")
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        preview_value = {
            "alt_text": (
                "A therapist and client seated facing each other in a calm room."
            ),
            "caption": "A prepared setting for a dosing session.",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(max_length=160)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        preview_value = {"label": "Sample informed consent form (PDF)"}


class ReadingBlock(blocks.StructBlock):
    citation = blocks.CharBlock(max_length=300)
    note = blocks.TextBlock(required=False)
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/reading_block.html"
        preview_value = {
            "citation": (
                "Dore J. et al. Ketamine assisted psychotherapy "
                "(KAP). J Psychoactive Drugs, 2019."
            ),
            "note": "Read the section on the three phases.",
        }


class ReflectionPromptBlock(blocks.StructBlock):
    """A prompt; each trainee answers it in a private journal entry."""

    prompt = blocks.TextBlock()

    class Meta:
        icon = "edit"
        template = "blocks/reflection_prompt_block.html"
        preview_value = {
            "prompt": "What would you want a client to know before a first session?"
        }


REVEAL_CHOICES = [
    ("pass_or_last", _("After a pass or the last allowed attempt")),
    ("pass", _("After a pass only")),
    ("last", _("After the last allowed attempt only")),
    ("never", _("Never")),
]


class QuizBlock(blocks.StructBlock):
    """Puts the module's question bank in a lesson; a pass completes the lesson."""

    title = blocks.CharBlock(max_length=160, default=_("Check your understanding"))
    intro = blocks.TextBlock(required=False)
    pass_mark = blocks.IntegerBlock(
        min_value=1,
        max_value=100,
        default=75,
        help_text=_("Percentage needed to pass."),
    )
    attempt_limit = blocks.IntegerBlock(
        min_value=0, max_value=20, default=3, help_text=_("0 means unlimited attempts.")
    )
    question_count = blocks.IntegerBlock(
        min_value=0,
        default=0,
        help_text=_(
            "How many questions to draw from the module's bank (0 = all of them)."
        ),
    )
    shuffle = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text=_("Shuffle question order for each attempt."),
    )
    reveal_answers = blocks.ChoiceBlock(
        choices=REVEAL_CHOICES,
        default="pass_or_last",
        required=False,
        help_text=_(
            "When a trainee may see the correct answers and explanations of "
            "their attempts."
        ),
    )
    cooldown_minutes = blocks.IntegerBlock(
        min_value=0,
        max_value=60 * 24 * 30,
        default=0,
        required=False,
        help_text=_("Minutes a trainee must wait between attempts (0 = none)."),
    )

    class Meta:
        icon = "tasks"
        template = "blocks/quiz_block.html"
        preview_value = {
            "title": "Post-test",
            "intro": "Answer every question. You need 75% to pass.",
            "pass_mark": 75,
            "attempt_limit": 3,
            "question_count": 0,
            "shuffle": True,
            "reveal_answers": "pass_or_last",
            "cooldown_minutes": 0,
        }


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h3", "bold", "italic", "link", "ol", "ul", "blockquote"],
        template="blocks/paragraph_block.html",
    )
    callout = CalloutBlock()
    video = VideoBlock()
    audio = AudioBlock()
    image = ImageBlock()
    document = DocumentBlock()
    reading = ReadingBlock()
    reflection = ReflectionPromptBlock()
    quiz = QuizBlock()

    class Meta:
        block_counts = {"quiz": {"max_num": 1}}


# --- the question bank -------------------------------------------------------


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.CharBlock(
        max_length=500,
        required=False,
        help_text=_("Shown after submission when this option was chosen."),
    )

    class Meta:
        icon = "radio-full"


class ChoiceQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock()
    options = blocks.ListBlock(OptionBlock(), min_num=2, max_num=8)
    explanation = blocks.TextBlock(
        required=False, help_text=_("Shown to everyone after submission.")
    )

    multiple = False

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for option in value["options"] if option["correct"])
        if self.multiple and correct < 1:
            raise _struct_error("options", _("Mark at least one option as correct."))
        if not self.multiple and correct != 1:
            raise _struct_error("options", _("Mark exactly one option as correct."))
        return value

    class Meta:
        icon = "list-ul"
        template = "blocks/question_block.html"
        preview_value = {
            "prompt": (
                "Which route is the FDA-approved form for "
                "treatment-resistant depression?"
            ),
            "options": [
                {"text": "Intranasal esketamine", "correct": True, "feedback": "Yes."},
                {
                    "text": "Oral lozenges",
                    "correct": False,
                    "feedback": "Not approved for this use.",
                },
            ],
        }


class SingleChoiceQuestionBlock(ChoiceQuestionBlock):
    multiple = False


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    """All-or-nothing: correct when exactly the correct options are chosen."""

    multiple = True


class TrueFalseQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock()
    answer = blocks.BooleanBlock(
        required=False, help_text=_("Tick if the statement is true.")
    )
    feedback_correct = blocks.CharBlock(max_length=500, required=False)
    feedback_incorrect = blocks.CharBlock(max_length=500, required=False)

    class Meta:
        icon = "tick"
        template = "blocks/question_block.html"
        preview_value = {
            "prompt": "Ketamine is a Schedule III substance in the United States.",
            "answer": True,
        }


class ShortAnswerQuestionBlock(blocks.StructBlock):
    """Free text, reviewed by a trainer of the trainee's cohort."""

    prompt = blocks.TextBlock()
    guidance = blocks.TextBlock(
        required=False,
        help_text=_("What a good answer covers; shown to reviewers only."),
    )

    class Meta:
        icon = "pilcrow"
        template = "blocks/question_block.html"
        preview_value = {
            "prompt": (
                "In two or three sentences, explain why consent is "
                "revisited before each dosing session."
            )
        }


class QuestionBankBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock(label=_("Single choice"))
    multiple_choice = MultipleChoiceQuestionBlock(label=_("Multiple choice"))
    true_false = TrueFalseQuestionBlock(label=_("True or false"))
    short_answer = ShortAnswerQuestionBlock(label=_("Short answer"))
