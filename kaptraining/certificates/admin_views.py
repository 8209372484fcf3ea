"""Staff actions in the Wagtail admin: revoke, reissue, issue to a cohort,
release a hold. Each is a small form that calls one service."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cohorts.models import Cohort

from .models import Certificate, CertificateHold
from .services import (
    CertificateError,
    certificate_hold_release,
    certificate_reissue_request,
    certificate_revoke,
)
from .tasks import certificates_issue_for_cohort


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Kept with the certificate's record and shown to staff."
        ),
        error_messages={
            "required": gettext_lazy("Give a reason; it is kept in the record.")
        },
    )


class CohortForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Cohort"),
        queryset=None,
        error_messages={
            "required": gettext_lazy(
                "Choose the cohort whose trainees should get certificates."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.select_related(
            "program"
        ).order_by("-start_date")


def _require_manager(user) -> None:
    if not (
        user.is_active
        and user.is_staff
        and user.has_perm("certificates.change_certificate")
    ):
        raise PermissionDenied


class _ActionView(WagtailAdminTemplateMixin, FormView):
    template_name = "certificates/admin/action.html"
    header_icon = "doc-full"
    form_class = ReasonForm
    submit_label = ""
    destructive = False
    intro = ""

    def dispatch(self, request, *args, **kwargs):
        _require_manager(request.user)
        return super().dispatch(request, *args, **kwargs)

    index_label = gettext_lazy("Certificates")

    def index_url(self):
        return reverse("certificate_admin:index")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.index_url(), "label": self.index_label},
            {
                "url": "",
                "label": self.get_page_title(),
                "sublabel": self.get_page_subtitle(),
            },
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            cancel_url=self.index_url(),
            submit_label=self.submit_label,
            destructive=self.destructive,
            intro=self.intro,
            **kwargs,
        )


class _CertificateActionView(_ActionView):
    def dispatch(self, request, *args, **kwargs):
        self.certificate = get_object_or_404(Certificate, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.certificate.number

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.certificate, **kwargs)

    def index_url(self):
        return reverse("certificate_admin:inspect", args=[self.certificate.pk])


class RevokeView(_CertificateActionView):
    page_title = gettext_lazy("Revoke certificate")
    submit_label = gettext_lazy("Revoke")
    destructive = True
    intro = gettext_lazy(
        "A revoked certificate shows as revoked on its public page and in its "
        "digital badge, "
        "and the holder leaves the provider directory at once. This cannot be undone."
    )

    def form_valid(self, form):
        try:
            certificate_revoke(
                certificate=self.certificate,
                reason=form.cleaned_data["reason"],
                by=self.request.user,
            )
        except CertificateError as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            self.request,
            _("Certificate %(number)s has been revoked.")
            % {"number": self.certificate.number},
        )
        return redirect(self.index_url())


class ReissueView(_CertificateActionView):
    page_title = gettext_lazy("Reissue certificate")
    submit_label = gettext_lazy("Reissue")
    intro = gettext_lazy(
        "A new certificate with a new number is issued (with the holder's current "
        "name) and "
        "e-mailed to them; this one is kept and shows as superseded."
    )

    def form_valid(self, form):
        try:
            certificate_reissue_request(
                certificate=self.certificate,
                reason=form.cleaned_data["reason"],
                by=self.request.user,
            )
        except CertificateError as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            self.request,
            _(
                "A new certificate is being issued to replace %(number)s; it appears "
                "in the list in a moment."
            )
            % {"number": self.certificate.number},
        )
        return redirect(self.index_url())


class IssueToCohortView(_ActionView):
    page_title = gettext_lazy("Issue certificates to a cohort")
    form_class = CohortForm
    submit_label = gettext_lazy("Issue certificates")
    intro = gettext_lazy(
        "Every trainee in the cohort who has met the program's requirement, and "
        "has no hold, gets a certificate. It runs in the background in batches; "
        "trainees who already "
        "have one are not issued a second."
    )

    def form_valid(self, form):
        cohort = form.cleaned_data["cohort"]
        certificates_issue_for_cohort.delay_on_commit(cohort.pk)
        messages.success(
            self.request,
            _("Certificates for %(cohort)s are being issued.") % {"cohort": cohort},
        )
        return redirect(self.index_url())


class ReleaseHoldView(_ActionView):
    page_title = gettext_lazy("Release hold")
    form_class = forms.Form
    submit_label = gettext_lazy("Release hold and issue if earned")

    def dispatch(self, request, *args, **kwargs):
        self.hold = get_object_or_404(
            CertificateHold.objects.select_related("trainee", "program"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    index_label = gettext_lazy("Holds")

    def index_url(self):
        return reverse("certificate_hold_admin:index")

    def get_page_subtitle(self):
        return f"{self.hold.trainee} · {self.hold.program}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=_("Hold placed for: %(reason)s") % {"reason": self.hold.reason},
            **kwargs,
        )

    def form_valid(self, form):
        try:
            certificate_hold_release(hold=self.hold, by=self.request.user)
        except CertificateError as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            self.request,
            _("The hold is released; the certificate is issued if it is earned."),
        )
        return redirect(self.index_url())
