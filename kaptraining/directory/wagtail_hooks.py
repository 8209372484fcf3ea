from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from kaptraining.certificates.models import Certificate

from .models import Listing, Term
from .services import listing_moderate


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("approve", gettext_lazy("Approve: publish the listing")),
            (
                "changes",
                gettext_lazy("Request changes: the practitioner is told what to fix"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the practitioner"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "changes" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what the practitioner should change."))
        return data


class ModerateView(WagtailAdminTemplateMixin, FormView):
    """Approve a listing or ask for changes; both go through listing_moderate."""

    template_name = "directory/admin/moderate.html"
    form_class = ModerationForm
    header_icon = "site"
    viewset = None

    def dispatch(self, request, pk):
        if not self.viewset.permission_policy.user_has_permission(
            request.user, "change"
        ):
            raise PermissionDenied
        self.listing = get_object_or_404(
            Listing.objects.select_related("user").prefetch_related(
                "licensures", "terms"
            ),
            pk=pk,
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Moderate listing")

    def get_page_subtitle(self):
        return self.listing.display_name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(self.viewset.get_url_name("index")),
                "label": _("Directory listings"),
            },
            {"url": "", "label": self.listing.display_name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["listing"] = self.listing
        context["certificate"] = (
            Certificate.objects.current()
            .filter(trainee_id=self.listing.user_id)
            .first()
        )
        context["edit_url"] = reverse(
            self.viewset.get_url_name("edit"), args=[self.listing.pk]
        )
        return context

    def form_valid(self, form):
        approve = form.cleaned_data["decision"] == "approve"
        listing_moderate(
            listing=self.listing, approve=approve, note=form.cleaned_data["note"]
        )
        if approve:
            messages.success(
                self.request, _("“%s” is approved.") % self.listing.display_name
            )
        else:
            messages.success(
                self.request,
                _("Changes were requested from “%s”.") % self.listing.display_name,
            )
        return redirect(self.viewset.get_url_name("index"))


class ListingIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.insert(
            0,
            ListingButton(
                _("Moderate"),
                url=reverse("listings_admin:moderate", args=[instance.pk]),
                icon_name="tick",
                priority=5,
            ),
        )
        return buttons


class ListingViewSet(ModelViewSet):
    """Moderation: staff approve listings or ask for changes."""

    model = Listing
    icon = "site"
    menu_label = gettext_lazy("Directory listings")
    add_to_admin_menu = True
    menu_order = 240
    index_view_class = ListingIndexView
    list_display = [
        "display_name",
        "profession",
        "state",
        "status",
        "directory_state",
        "updated_at",
    ]
    list_filter = [
        "status",
        "profession",
        "role",
        "state",
        "telehealth",
        "accepting_clients",
        "freshness",
    ]
    search_fields = ["display_name", "practice_name", "user__email"]
    inspect_view_enabled = True
    add_view_enabled = False  # practitioners create their own listings
    copy_view_enabled = False
    panels = [
        FieldPanel("display_name"),
        FieldRowPanel(
            [FieldPanel("credentials"), FieldPanel("profession"), FieldPanel("role")]
        ),
        FieldPanel("works_with_partner_prescriber"),
        FieldPanel("practice_name"),
        FieldRowPanel([FieldPanel("in_person"), FieldPanel("telehealth")]),
        FieldPanel("address_line"),
        FieldRowPanel(
            [FieldPanel("city"), FieldPanel("state"), FieldPanel("zip_code")]
        ),
        FieldPanel("specialities"),
        FieldRowPanel([FieldPanel("fee_min_cents"), FieldPanel("fee_max_cents")]),
        FieldRowPanel([FieldPanel("sliding_scale"), FieldPanel("accepting_clients")]),
        FieldPanel("sliding_scale_bands"),
        FieldPanel("superbills"),
        FieldPanel("bio"),
        FieldPanel("bio_long"),
        FieldPanel("first_session"),
        FieldPanel("bio_es"),
        FieldRowPanel([FieldPanel("photo"), FieldPanel("photo_alt")]),
        MultiFieldPanel(
            [
                FieldPanel("identity"),
                FieldPanel("cultural_background"),
                FieldPanel("show_identity"),
            ],
            heading=gettext_lazy("Identity (self-described, optional)"),
        ),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "moderate/<int:pk>/",
                ModerateView.as_view(viewset=self),
                name="moderate",
            ),
        ]


class TermViewSet(ModelViewSet):
    """The lists clients filter by: languages, populations, insurers, …"""

    model = Term
    icon = "list-ul"
    menu_label = gettext_lazy("Directory choices")
    add_to_settings_menu = True
    list_display = ["name", "vocabulary", "slug", "sort_order"]
    list_filter = ["vocabulary"]
    search_fields = ["name", "slug"]
    form_fields = ["vocabulary", "name", "slug", "sort_order"]


listing_viewset = ListingViewSet("listings_admin")
term_viewset = TermViewSet("directory_terms_admin")


@hooks.register("register_admin_viewset")
def register_listings():
    return listing_viewset


@hooks.register("register_admin_viewset")
def register_terms():
    return term_viewset
