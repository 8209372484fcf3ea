"""StreamField blocks of editorial pages. The sign-up block only renders a
form posting to the URL name newsletter:subscribe; it imports nothing of the
newsletter app (a feature app does not import another)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class NewsletterSignupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), max_length=120, default=_("Join our mailing list")
    )
    text = blocks.TextBlock(
        label=_("Text"),
        required=False,
        max_length=400,
        default=_("News of trainings, research and the practitioner directory."),
    )

    class Meta:
        icon = "mail"
        label = _("Mailing list sign-up")
        template = "blocks/newsletter_signup_block.html"
        preview_value = {
            "heading": "Join our mailing list",
            "text": "News of trainings, research and the practitioner directory.",
        }


class SectionBlock(blocks.StreamBlock):
    """What an editor can add below a page's text."""

    text = blocks.RichTextBlock(
        label=_("Text"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )
    newsletter_signup = NewsletterSignupBlock()
