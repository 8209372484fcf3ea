"""StreamField blocks for curriculum pages. Each renders with its own template."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Contraindications to screen for", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", _("Note")), ("safety", _("Safety")), ("practice", _("In practice"))],
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
    """A video is only accessible with captions or a transcript, so one is required."""

    video = EmbedBlock(help_text=_("A YouTube or Vimeo address."))
    title = blocks.CharBlock(max_length=160)
    captions_available = blocks.BooleanBlock(
        required=False, help_text=_("Tick if the embedded player has closed captions.")
    )
    transcript = blocks.TextBlock(required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("captions_available") and not value.get("transcript"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "transcript": ValidationError(
                        _("Add a transcript, or confirm that the video has captions.")
                    )
                }
            )
        return value

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        preview_value = {"title": "Welcome", "transcript": "Welcome to the program."}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(max_length=250, help_text=_("Describe the image for screen readers."))
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(max_length=160)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"


class ReadingBlock(blocks.StructBlock):
    citation = blocks.CharBlock(max_length=300)
    note = blocks.TextBlock(required=False)
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/reading_block.html"
        preview_value = {
            "citation": "Dore J. et al. Ketamine assisted psychotherapy (KAP). J Psychoactive Drugs, 2019.",
            "note": "Read the section on the three phases.",
        }


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock()

    class Meta:
        icon = "edit"
        template = "blocks/reflection_prompt_block.html"
        preview_value = {"prompt": "What would you want a client to know before a first session?"}


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h3", "bold", "italic", "link", "ol", "ul", "blockquote"],
        template="blocks/paragraph_block.html",
    )
    callout = CalloutBlock()
    video = VideoBlock()
    image = ImageBlock()
    document = DocumentBlock()
    reading = ReadingBlock()
    reflection = ReflectionPromptBlock()
