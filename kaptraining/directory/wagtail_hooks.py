from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Listing


class ListingViewSet(ModelViewSet):
    """Moderation: staff approve listings or ask for changes."""

    model = Listing
    icon = "site"
    menu_label = "Directory listings"
    add_to_admin_menu = True
    menu_order = 240
    list_display = ["display_name", "profession", "state", "status", "updated_at"]
    list_filter = ["status", "profession", "state", "telehealth"]
    search_fields = ["display_name", "practice_name", "user__email"]
    inspect_view_enabled = True
    panels = [
        MultiFieldPanel([FieldPanel("status"), FieldPanel("moderation_note")], heading="Moderation"),
        FieldPanel("display_name"),
        FieldPanel("credentials"),
        FieldPanel("profession"),
        FieldPanel("practice_name"),
        FieldRowPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("zip_code")]),
        FieldRowPanel([FieldPanel("in_person"), FieldPanel("telehealth")]),
        FieldRowPanel([FieldPanel("accepting_clients"), FieldPanel("sliding_scale")]),
        FieldPanel("bio"),
    ]


@hooks.register("register_admin_viewset")
def register_listings():
    return ListingViewSet("listings")
