import mimetypes

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from kaptraining.certificates.models import Certificate
from kaptraining.core.parsing import parse_whole_number
from kaptraining.core.urls import absolute_url

from .api import listing_json, listing_json_ld
from .forms import ContactForm, ListingForm, contact_token
from .models import DirectoryPage, Listing
from .search import build_search, paginate, search_listings, with_related
from .services import contact_relay, listing_confirm_availability, listing_submit

CONTACT_LIMIT_PER_IP_HOUR = 5
CONTACT_LIMIT_PER_LISTING_DAY = 20
API_LIMIT_PER_MINUTE = 60
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 50
EMBED_FRAME_ANCESTORS = getattr(settings, "DIRECTORY_EMBED_FRAME_ANCESTORS", ["*"])


def _directory_url() -> str:
    page = DirectoryPage.objects.live().first()
    return page.url if page else "/"


@login_required
def my_listing(request):
    """Certified practitioners opt in to the directory here."""
    if (
        not Certificate.objects.current()
        .filter(trainee=request.user, program__isnull=False)
        .exists()
    ):
        return render(request, "directory/not_certified.html", status=403)
    listing = Listing.objects.filter(user=request.user).first()
    if listing is None:
        initial = {
            "display_name": request.user.display_name,
            "profession": request.user.profession,
            "state": request.user.licence_state,
            "licensed_states": [request.user.licence_state]
            if request.user.licence_state
            else [],
        }
    else:
        initial = {
            "licensed_states": list(listing.licensures.values_list("state", flat=True))
        }
    form = ListingForm(
        request.POST or None, request.FILES or None, instance=listing, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            saved = listing_submit(user=request.user, form=form)
            if saved.status == "approved":
                messages.success(request, _("Your listing was updated."))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Staff will review your listing "
                        "before it appears in the directory."
                    ),
                )
            return redirect("directory:mine")
        messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "directory/listing_form.html",
        {"form": form, "listing": listing},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def my_listing_confirm(request):
    """One click from the 90-day e-mail: still accepting new clients, or not."""
    listing = get_object_or_404(Listing, user=request.user)
    choice = request.POST.get("accepting")
    if choice not in ("yes", "no"):
        messages.error(
            request, _("Choose whether you are accepting new clients, then confirm.")
        )
        return redirect("directory:mine")
    listing_confirm_availability(listing=listing, accepting=choice == "yes")
    messages.success(
        request,
        _("Thank you. Your availability is confirmed for the next 90 days."),
    )
    return redirect("directory:mine")


def _published(pk):
    return get_object_or_404(
        with_related(Listing.objects.published().select_related("user")), pk=pk
    )


def listing_detail(request, pk, *, contact_form=None, status=200):
    """The practitioner's page with its contact form. For a visitor who is not
    signed in the page is the same for everyone, so it is served from the
    anonymous page cache (issue 19): its form carries no CSRF token, which
    static/js/contact-form.js fetches for this visitor alone from
    directory:contact_token (a visitor without scripts is asked to press Send
    once more on a page with their own token, see listing_contact)."""
    listing = _published(pk)
    form = contact_form or ContactForm(listing_pk=listing.pk)
    return render(
        request,
        "directory/listing_detail.html",
        {
            "listing": listing,
            "contact_form": form,
            # Rendered for this visitor only (signed in, or an answer to a
            # post): the token is in the page.
            "own_csrf_token": contact_form is not None or request.user.is_authenticated,
            "directory_url": _directory_url(),
            "share_url": absolute_url(listing.get_absolute_url()),
            "json_ld": listing_json_ld(listing),
        },
        status=status,
    )


@require_GET
def listing_contact_token(request, pk):
    """This visitor's CSRF token (and the cookie it pairs with) and a fresh
    timed contact token, for the contact form of a listing page that came
    from the page cache. Never stored anywhere but in this answer."""
    listing = _published(pk)
    response = JsonResponse(
        {"csrf": get_token(request), "token": contact_token(listing.pk)}
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


_csrf_check = CsrfViewMiddleware(lambda request: None)


@csrf_exempt  # checked below, where a failure can keep what the visitor wrote
@require_POST
def listing_contact(request, pk):
    """Relay a visitor's message; spam is turned away by a honeypot, a timed
    token and rate limits per sender and per practitioner. Nothing is sent
    without a valid CSRF token: a post without one (a cached page and no
    scripts) gets the form back, filled in, with this visitor's own token."""
    listing = _published(pk)
    form = ContactForm(request.POST, listing_pk=listing.pk)
    if _csrf_check.process_view(request, None, (), {}) is not None:
        form.is_valid()  # show any other problem at the same time
        form.add_error(
            None,
            _(
                "Your message has not been sent yet. To protect you from "
                "other sites sending messages in your name, please check it "
                "and press Send message again."
            ),
        )
        return listing_detail(request, pk, contact_form=form, status=403)
    if not form.is_valid():
        return listing_detail(request, pk, contact_form=form, status=400)
    ip_limited = is_ratelimited(
        request,
        group="directory:contact-ip",
        key="ip",
        rate=f"{CONTACT_LIMIT_PER_IP_HOUR}/h",
        increment=True,
    )
    listing_limited = is_ratelimited(
        request,
        group="directory:contact-listing",
        key=lambda _group, _request: str(listing.pk),
        rate=f"{CONTACT_LIMIT_PER_LISTING_DAY}/d",
        increment=True,
    )
    if ip_limited or listing_limited:
        return render(
            request, "directory/rate_limited.html", {"listing": listing}, status=429
        )
    contact_relay(
        listing=listing,
        sender_name=form.cleaned_data["name"],
        sender_email=form.cleaned_data["email"],
        message=form.cleaned_data["message"],
    )
    messages.success(
        request,
        _("Your message was sent to %(name)s. They will reply to you by e-mail.")
        % {"name": listing.display_name},
    )
    return redirect(listing.get_absolute_url())


@require_GET
def listing_photo(request, pk):
    """Photos live in private storage and are served only for live listings."""
    listing = get_object_or_404(Listing.objects.published(), pk=pk)
    if not listing.photo:
        raise Http404
    content_type = (
        mimetypes.guess_type(listing.photo.name)[0] or "application/octet-stream"
    )
    response = FileResponse(listing.photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
@xframe_options_exempt
@csp_update({"frame-ancestors": EMBED_FRAME_ANCESTORS})
def embed(request):
    """The directory search for other organisations' sites, inside an iframe."""
    context = search_listings(request.GET, page_size=10)
    return render(
        request,
        "directory/embed.html",
        context,
        status=400 if context["bad_request"] else 200,
    )


def _api_limited(request) -> bool:
    """Per client address (kaptraining.core.clientip, behind our proxies)."""
    return is_ratelimited(
        request,
        group="directory:api",
        key="ip",
        rate=f"{API_LIMIT_PER_MINUTE}/m",
        increment=True,
    )


def _api_error(errors: dict, status: int) -> JsonResponse:
    response = JsonResponse({"errors": errors}, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def api_listings(request):
    """Public, read-only JSON: the same filters as the directory page."""
    if _api_limited(request):
        return _api_error(
            {"__all__": [_("Too many requests. Please wait a minute.")]}, 429
        )
    page_size = parse_whole_number(
        request.GET.get("page_size") or API_PAGE_SIZE,
        minimum=1,
        maximum=API_MAX_PAGE_SIZE,
    )
    if page_size is None:
        return _api_error(
            {
                "page_size": [
                    _("page_size must be a whole number from 1 to %(max)s.")
                    % {"max": API_MAX_PAGE_SIZE}
                ]
            },
            400,
        )
    result = build_search(request.GET)
    if result.form.errors:
        errors = {
            key: [error["message"] for error in errs]
            for key, errs in result.form.errors.get_json_data().items()
        }
        return _api_error(errors, 400)
    page, page_error = paginate(
        result, request.GET.get("page"), page_size=page_size
    )
    if page_error:
        return _api_error({"page": [str(page_error)]}, 400)
    base = absolute_url(request.path)
    query = request.GET.copy()

    def page_url(number):
        query["page"] = str(number)
        return f"{base}?{query.urlencode()}"

    response = JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number())
            if page.has_previous()
            else None,
            "results": [listing_json(listing, request) for listing in page],
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def api_listing(request, pk):
    if _api_limited(request):
        return _api_error(
            {"__all__": [_("Too many requests. Please wait a minute.")]}, 429
        )
    listing = Listing.objects.published().filter(pk=pk)
    listing = with_related(listing).first()
    if listing is None:
        return _api_error(
            {"__all__": [_("No published listing has that number.")]}, 404
        )
    response = JsonResponse(listing_json(listing, request))
    response["Access-Control-Allow-Origin"] = "*"
    return response
