from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from .models import User


class PeopleViewSet(ModelViewSet):
    """Trainees, trainers, mentors and supervisors, with their licence details."""

    model = User
    icon = "user"
    menu_label = "People"
    add_to_admin_menu = True
    menu_order = 250
    list_display = [
        "email",
        "first_name",
        "last_name",
        "profession",
        "licence_state",
        "is_trainer",
        "is_mentor",
    ]
    list_filter = [
        "is_trainer",
        "is_mentor",
        "is_supervisor",
        "profession",
        "licence_type",
    ]
    search_fields = ["email", "first_name", "last_name", "licence_number"]
    panels = [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldPanel("email"),
        FieldPanel("certificate_name"),
        FieldPanel("pronouns"),
        MultiFieldPanel(
            [
                FieldPanel("profession"),
                FieldPanel("licence_type"),
                FieldRowPanel(
                    [FieldPanel("licence_state"), FieldPanel("licence_number")]
                ),
                FieldPanel("licence_expiry"),
            ],
            heading="Licence",
        ),
        FieldPanel("timezone"),
        MultiFieldPanel(
            [
                FieldPanel("is_trainer"),
                FieldPanel("is_mentor"),
                FieldPanel("is_supervisor"),
            ],
            heading="Roles",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_people():
    return PeopleViewSet("people")
