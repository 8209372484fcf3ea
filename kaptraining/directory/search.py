"""Directory search: filters from a query string, validated, paginated."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from kaptraining.accounts.states import US_STATES

from .models import Listing, ListingLicensure


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Name or keyword"), max_length=100, required=False)
    state = forms.ChoiceField(
        label=_("Licensed in state"), choices=[("", _("Any state"))] + US_STATES, required=False
    )
    telehealth = forms.BooleanField(label=_("Offers telehealth"), required=False)
    accepting = forms.BooleanField(label=_("Accepting new clients"), required=False)


def search_listings(params, *, page_size: int = 20) -> dict:
    form = DirectorySearchForm(params)
    listings = Listing.objects.published().prefetch_related(
        Prefetch("licensures", queryset=ListingLicensure.objects.order_by("state"))
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            listings = listings.filter(
                Q(display_name__icontains=data["q"]) | Q(bio__icontains=data["q"]) | Q(practice_name__icontains=data["q"])
            )
        if data["state"]:
            listings = listings.filter(Q(licensures__state=data["state"]) | Q(state=data["state"])).distinct()
        if data["telehealth"]:
            listings = listings.filter(telehealth=True)
        if data["accepting"]:
            listings = listings.filter(accepting_clients=True)
    else:
        listings = listings.none()
    paginator = Paginator(listings.order_by("display_name", "pk"), page_size)
    page_error = ""
    try:
        page = paginator.page(params.get("page") or 1)
    except PageNotAnInteger:
        page = paginator.page(1)
        page_error = _("That page number was not valid, so the first page is shown.")
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
        page_error = _("There are fewer pages than that, so the last page is shown.")
    query = params.copy()
    query.pop("page", None)
    return {"form": form, "page_obj": page, "page_error": page_error, "querystring": query.urlencode()}
