"""Public pages of the mailing list: sign up (double opt-in), confirm, and
unsubscribe — none needs an account; signed tokens are the key."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from kaptraining.core.clientip import client_ip

from .forms import SubscribeForm
from .models import Subscriber, SubscriberStatus, Topic
from .services import (
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
)
from .tokens import confirm_subscriber_id, unsubscribe_subscriber_id

SUBSCRIBE_LIMIT_PER_IP_HOUR = 10
SUBSCRIBE_LIMIT_PER_ADDRESS_HOUR = 3

# What a person agrees to, recorded with their consent.
CONSENT_WORDING = (
    "Send me the organisation's newsletter on the topics I chose. I can "
    "unsubscribe at any time with the link in every e-mail."
)


def _agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:300]


# No CSRF token: the footer form is on every public page, and a token would
# keep those pages out of the anonymous page cache (core.pagecache). A forged
# post can do no more than anyone typing the address: it only asks for a
# confirmation e-mail (double opt-in), rate-limited per address and per client.
@csrf_exempt
@require_POST
def subscribe(request):
    """Record the request and mail a confirmation link. The answer is the same
    whether or not the address is known, so the form reveals nobody."""
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", {"form": form}, status=400)
    email = form.cleaned_data["email"].strip().lower()
    ip_limited = is_ratelimited(
        request,
        group="newsletter:subscribe-ip",
        key="ip",
        rate=f"{SUBSCRIBE_LIMIT_PER_IP_HOUR}/h",
        increment=True,
    )
    address_limited = is_ratelimited(
        request,
        group="newsletter:subscribe-address",
        key=lambda _group, _request: email,
        rate=f"{SUBSCRIBE_LIMIT_PER_ADDRESS_HOUR}/h",
        increment=True,
    )
    if ip_limited or address_limited:
        return render(request, "newsletter/rate_limited.html", status=429)
    if not form.cleaned_data["website"]:
        subscription_request(
            email=email,
            name=form.cleaned_data["name"],
            topics=form.cleaned_data["topics"],
            source=form.cleaned_data["source"] or "form",
            wording=CONSENT_WORDING,
            ip=client_ip(request),
            user_agent=_agent(request),
        )
    return render(request, "newsletter/check_inbox.html", {"email": email})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners follow links); POST confirms."""
    subscriber_id = confirm_subscriber_id(token)
    subscriber = (
        Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None
    )
    if subscriber is None:
        return render(
            request,
            "newsletter/invalid_link.html",
            {"message": _("This confirmation link is not valid or has expired.")},
            status=404,
        )
    if request.method == "POST":
        subscriber = subscription_confirm(
            subscriber_id=subscriber.pk,
            ip=client_ip(request),
            user_agent=_agent(request),
        )
        return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})
    if not subscriber.pending_topics:
        return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})
    topics = [
        str(Topic(t).label) for t in subscriber.pending_topics if t in Topic.values
    ]
    return render(
        request, "newsletter/confirm.html", {"subscriber": subscriber, "topics": topics}
    )


@csrf_exempt  # RFC 8058: mail providers POST without a session; the token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe (List-Unsubscribe-Post) and the link in the mail."""
    subscriber_id = unsubscribe_subscriber_id(token)
    if subscriber_id is None:
        return render(
            request,
            "newsletter/invalid_link.html",
            {"message": _("This unsubscribe link is not valid.")},
            status=404,
        )
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscription_unsubscribe(
            subscriber_id=subscriber_id,
            source="one-click (mail client)" if one_click else "unsubscribe link",
            ip=client_ip(request),
            user_agent=_agent(request),
        )
        return render(request, "newsletter/unsubscribed.html")
    if subscriber is None or subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})
