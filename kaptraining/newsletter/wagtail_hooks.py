"""Staff screens of the mailing list (Wagtail admin → Mailing list):
newsletters (compose, preview, test send, send with progress), subscribers
(consent records, export, erasure), the suppression list."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kaptraining.core.csv import csv_response

from .audiences import recipients
from .models import Broadcast, BroadcastStatus, Subscriber, Suppression
from .services import (
    broadcast_start,
    broadcast_test_send,
    subscriber_erase,
    subscriber_export,
)


class _StaffView(WagtailAdminTemplateMixin, TemplateView):
    viewset = None
    action = "change"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(
            request.user, self.action
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def index_url(self):
        return reverse(self.viewset.get_url_name("list"))


class BroadcastSendView(_StaffView):
    """Confirm and send, then watch the batches go out."""

    template_name = "newsletter/admin/send.html"

    def dispatch(self, request, pk):
        self.broadcast = get_object_or_404(Broadcast, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Send newsletter")

    def get_page_subtitle(self):
        return self.broadcast.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        b = self.broadcast
        queued = b.deliveries.count()
        context.update(
            broadcast=b,
            count=(
                recipients(audience=b.audience, topic=b.topic).count()
                if b.status == BroadcastStatus.DRAFT
                else b.recipient_count
            ),
            queued=queued,
            delivered=b.deliveries.filter(outbound__sent_at__isnull=False).count(),
            percent=int(100 * queued / b.recipient_count) if b.recipient_count else 0,
            index_url=self.index_url(),
            edit_url=reverse(self.viewset.get_url_name("edit"), args=[b.pk]),
            refresh=b.status == BroadcastStatus.SENDING,
        )
        return context

    def post(self, request, pk):
        if request.POST.get("action") == "test":
            broadcast_test_send(broadcast=self.broadcast, user=request.user)
            messages.success(request, _("A test was sent to %s.") % request.user.email)
        elif broadcast_start(broadcast=self.broadcast, user=request.user):
            messages.success(request, _("Sending has started."))
        else:
            messages.warning(request, _("This newsletter was already sent."))
        return redirect(request.path)


class BroadcastIndexView(SnippetIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        label = (
            _("Test and send")
            if instance.status == BroadcastStatus.DRAFT
            else _("Progress")
        )
        buttons.insert(
            0,
            ListingButton(
                label,
                url=reverse("newsletter_broadcasts:send", args=[instance.pk]),
                icon_name="mail",
                priority=5,
            ),
        )
        return buttons


class BroadcastViewSet(SnippetViewSet):
    """Compose (rich text, topic, audience, live preview), test, send."""

    model = Broadcast
    icon = "mail"
    menu_label = gettext_lazy("Newsletters")
    url_prefix = "newsletter/broadcasts"
    admin_url_namespace = "newsletter_broadcasts"
    index_view_class = BroadcastIndexView
    list_display = [
        "subject",
        "topic",
        "audience",
        "status",
        Column("progress", label=gettext_lazy("queued / recipients")),
        "finished_at",
    ]
    list_filter = ["status", "topic", "audience"]
    search_fields = ["subject"]
    copy_view_enabled = True
    panels = [
        FieldPanel("subject"),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("audience")]),
        FieldPanel("body"),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "send/<int:pk>/", BroadcastSendView.as_view(viewset=self), name="send"
            ),
        ]


class NoAddPolicy(ModelPermissionPolicy):
    """Subscribers add themselves (consent is theirs to give)."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


class SubscriberExportView(_StaffView):
    def get(self, request, pk, fmt):
        subscriber = get_object_or_404(Subscriber, pk=pk)
        data = subscriber_export(subscriber=subscriber, actor=request.user)
        name = f"subscriber-{subscriber.pk}"
        if fmt == "json":
            response = HttpResponse(
                json.dumps(data, indent=2), content_type="application/json"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.json"'
            return response
        rows = [
            [
                c["at"],
                c["action"],
                " ".join(c["topics"]),
                c["source"],
                c["ip_address"] or "",
                c["user_agent"],
                c["wording"],
            ]
            for c in data["consents"]
        ]
        header = [
            ["email", data["email"]],
            ["name", data["name"]],
            ["status", data["status"]],
            ["topics", " ".join(data["topics"])],
            [],
            ["at", "action", "topics", "how", "ip_address", "user_agent", "wording"],
        ]
        return csv_response(f"{name}.csv", header + rows)


class SubscriberEraseView(_StaffView):
    template_name = "newsletter/admin/erase.html"
    action = "delete"

    def dispatch(self, request, pk):
        self.subscriber = get_object_or_404(Subscriber, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Erase subscriber")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            subscriber=self.subscriber,
            consents=self.subscriber.consents.count(),
            deliveries=self.subscriber.deliveries.count(),
            index_url=self.index_url(),
        )
        return context

    def post(self, request, pk):
        subscriber_erase(subscriber=self.subscriber, actor=request.user)
        messages.success(request, _("The subscriber and their records were erased."))
        return redirect(self.index_url())


class SubscriberIndexView(SnippetIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, fmt) in enumerate(
            [(_("Export (JSON)"), "json"), (_("Export (CSV)"), "csv")], start=30
        ):
            buttons.append(
                ListingButton(
                    label,
                    url=reverse(
                        "newsletter_subscribers:export", args=[instance.pk, fmt]
                    ),
                    icon_name="download",
                    priority=priority,
                )
            )
        buttons.append(
            ListingButton(
                _("Erase on request"),
                url=reverse("newsletter_subscribers:erase", args=[instance.pk]),
                icon_name="bin",
                priority=40,
            )
        )
        return buttons


class SubscriberViewSet(SnippetViewSet):
    """Who is on the list, on which topics, and since when (consent records
    in the inspect view and the export)."""

    model = Subscriber
    icon = "user"
    menu_label = gettext_lazy("Subscribers")
    url_prefix = "newsletter/subscribers"
    admin_url_namespace = "newsletter_subscribers"
    index_view_class = SubscriberIndexView
    list_display = ["email", "name", "status", "topic_labels", "confirmed_at"]
    list_filter = ["status", "topic_trainings", "topic_research", "topic_directory"]
    search_fields = ["email", "name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "name",
        "status",
        "topic_trainings",
        "topic_research",
        "topic_directory",
        "pending_topics",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    copy_view_enabled = False
    form_fields = ["name"]

    @property
    def permission_policy(self):
        return NoAddPolicy(self.model)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "export/<int:pk>/<str:fmt>/",
                SubscriberExportView.as_view(viewset=self, action="view"),
                name="export",
            ),
            path(
                "erase/<int:pk>/",
                SubscriberEraseView.as_view(viewset=self),
                name="erase",
            ),
        ]


class SuppressionViewSet(SnippetViewSet):
    """Addresses no newsletter goes to: bounces and complaints arrive from the
    provider's webhook; staff may add or lift one."""

    model = Suppression
    icon = "cross"
    menu_label = gettext_lazy("Suppression list")
    url_prefix = "newsletter/suppressions"
    admin_url_namespace = "newsletter_suppressions"
    list_display = ["email", "reason", "detail", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email"]
    copy_view_enabled = False
    form_fields = ["email", "reason", "detail"]


class MailingListGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Mailing list")
    menu_icon = "mail"
    menu_order = 260
    items = (BroadcastViewSet, SubscriberViewSet, SuppressionViewSet)


register_snippet(MailingListGroup)
