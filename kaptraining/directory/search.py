"""Directory search: filters from a query string, validated, then one query
for the count and one for the page, whatever the number of listings."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    Window,
)
from django.utils.translation import gettext_lazy as _

from kaptraining.accounts.models import Profession
from kaptraining.accounts.states import US_STATES

from .geo import bounding_box, distance_expression, zip_point
from .models import (
    IDENTITY_KEYS,
    IDENTITY_VOCABULARIES,
    Listing,
    ListingLicensure,
    ListingTerm,
    Role,
    Term,
    Vocabulary,
)

MAX_RADIUS_MILES = 250
DEFAULT_RADIUS_MILES = 25
MAX_PAGE_SIZE = 100

FORMAT_CHOICES = [
    ("", _("Office or telehealth")),
    ("in_person", _("In an office")),
    ("telehealth", _("By telehealth")),
]
ROLE_CHOICES = [
    ("", _("Any")),
    (Role.PRESCRIBER.value, _("Prescriber")),
    (Role.THERAPIST.value, _("Therapist")),
    ("partner", _("Therapist working with a partner prescriber")),
]
SORT_CHOICES = [
    ("", _("Best match")),
    ("distance", _("Distance")),
    ("relevance", _("Relevance to your keywords")),
    ("name", _("Name")),
]

MORE_FILTER_KEYS = [
    "state",
    "role",
    "profession",
    "fee_max",
    "sliding_scale",
    "accepting",
    *[v.value for v in Vocabulary],
]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, speciality or keyword"), max_length=100, required=False
    )
    zip = forms.CharField(label=_("ZIP code"), max_length=10, required=False)
    radius = forms.IntegerField(
        label=_("Within (miles)"),
        required=False,
        min_value=1,
        max_value=MAX_RADIUS_MILES,
        error_messages={
            "min_value": _("Choose a distance of at least 1 mile."),
            "max_value": _("Choose a distance of at most %(limit_value)s miles."),
            "invalid": _(
                "Enter the distance as a whole number of miles, for example 25."
            ),
        },
    )
    state = forms.ChoiceField(
        label=_("Licensed in state"),
        choices=[("", _("Any state"))] + US_STATES,
        required=False,
    )
    format = forms.ChoiceField(
        label=_("Sessions"), choices=FORMAT_CHOICES, required=False
    )
    role = forms.ChoiceField(
        label=_("Prescriber or therapist"), choices=ROLE_CHOICES, required=False
    )
    profession = forms.ChoiceField(
        label=_("Profession"),
        choices=[("", _("Any profession"))] + Profession.choices,
        required=False,
    )
    fee_max = forms.IntegerField(
        label=_("Fee per session up to (US dollars)"),
        required=False,
        min_value=0,
        max_value=10000,
        error_messages={
            "invalid": _("Enter the fee as a whole number of dollars, for example 150.")
        },
    )
    sliding_scale = forms.BooleanField(
        label=_("Offers a sliding scale"), required=False
    )
    accepting = forms.BooleanField(label=_("Accepting new clients"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, data, *, terms: list[Term], **kwargs):
        super().__init__(data, **kwargs)
        by_vocabulary: dict[str, list[tuple[str, str]]] = {
            v.value: [] for v in Vocabulary
        }
        for term in terms:
            by_vocabulary[term.vocabulary].append((term.slug, term.label))
        for vocabulary in Vocabulary:
            self.fields[vocabulary.value] = forms.MultipleChoiceField(
                label=vocabulary.label,
                choices=by_vocabulary[vocabulary.value],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "invalid_choice": _(
                        "“%(value)s” is not one of the choices for this filter. "
                        "Untick it or choose another."
                    ),
                },
            )

    def clean_zip(self):
        value = self.cleaned_data["zip"].strip()
        if value and zip_point(value) is None:
            raise forms.ValidationError(
                _(
                    "We do not recognise the ZIP code “%(zip)s”. "
                    "Enter a five-digit US ZIP code, "
                    "for example 94110."
                ),
                params={"zip": value},
            )
        return value

    def clean(self):
        data = super().clean()
        if data.get("sort") == "distance" and not data.get("zip"):
            self.add_error("sort", _("Enter a ZIP code to sort by distance."))
        if data.get("sort") == "relevance" and not data.get("q"):
            self.add_error("sort", _("Enter a keyword to sort by relevance."))
        if data.get("radius") and not data.get("zip") and "zip" not in self.errors:
            self.add_error("zip", _("Enter a ZIP code to search within a distance."))
        return data


@dataclass
class SearchResult:
    form: DirectorySearchForm
    listings: object  # a queryset; empty when the form is invalid
    point: object = None
    sort: str = "name"
    # Published listings with what a result shows (distance), unfiltered:
    # rows of a page found by key are read from here.
    display: object = None

    @property
    def count_with_page(self) -> bool:
        """Distance and relevance must be computed for every match before any
        page can be cut, so counting in the same (keys-only) query is free; a
        name-sorted page is read in index order, and counting in it would
        forfeit that."""
        return self.sort in ("distance", "relevance")


def _has_term(slugs_ids: list[int]):
    return Exists(
        ListingTerm.objects.filter(listing_id=OuterRef("pk"), term_id__in=slugs_ids)
    )


def _licensed_in(state: str):
    return Exists(
        ListingLicensure.objects.filter(listing_id=OuterRef("pk"), state=state)
    )


def _text_filter(qs, q: str):
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        # The stored, GIN-indexed tsvector (migration 0005): ranking reads it
        # instead of re-parsing each candidate's text.
        query = SearchQuery(q, search_type="websearch", config="english")
        return qs.filter(search_vector=query).annotate(
            relevance=SearchRank(F("search_vector"), query)
            + Case(
                When(display_name__icontains=q, then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
    # SQLite (development): substring match, names first.
    return qs.filter(search_text__icontains=q).annotate(
        relevance=Case(
            When(display_name__icontains=q, then=Value(3)),
            When(specialities__icontains=q, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


def _shown_distance(point):
    """Miles to an office; telehealth-only practitioners have none and sort last."""
    return Case(
        When(in_person=True, then=distance_expression(point)),
        default=Value(None),
        output_field=FloatField(),
    )


def _location_filter(qs, point, radius: int, session_format: str):
    """In-office practitioners within the radius (bounding box on the indexed
    coordinates first, then the exact distance) and/or telehealth
    practitioners licensed in the ZIP code's state."""
    min_lat, max_lat, min_lng, max_lng = bounding_box(point, radius)
    in_office = (
        Listing.objects.order_by()
        .filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lng, max_lng))
        .filter(in_person=True)
        .annotate(distance=distance_expression(point))
        .filter(distance__lte=radius)
        .values("pk")
    )
    # Listings licensed in the ZIP code's state, straight from the
    # (state, listing) index; whether they offer telehealth is checked on
    # the few rows that come out, not on every listing.
    licensed_here = (
        ListingLicensure.objects.order_by()
        .filter(state=point.state)
        .values("listing_id")
    )
    distance = _shown_distance(point)
    if session_format == "in_person":
        return qs.filter(pk__in=in_office).annotate(distance=distance)
    if session_format == "telehealth":
        return qs.filter(pk__in=licensed_here, telehealth=True).annotate(
            distance=distance
        )
    # A union of two indexed lookups; an OR over the table would compute the
    # distance of every row. The OR below runs only on the union's rows.
    return (
        qs.filter(pk__in=in_office.union(licensed_here))
        .annotate(distance=distance)
        .filter(Q(telehealth=True) | Q(in_person=True, distance__lte=radius))
    )


def load_terms() -> list[Term]:
    return list(Term.objects.order_by("vocabulary", "sort_order", "name"))


def build_search(params, *, terms: list[Term] | None = None) -> SearchResult:
    """Validate params and build the (lazy) queryset of matching published listings."""
    terms = load_terms() if terms is None else terms
    form = DirectorySearchForm(params, terms=terms)
    # Results never show the search columns: leave them out of every row read.
    base = Listing.objects.published().defer("search_text", "search_vector")
    if not form.is_valid():
        return SearchResult(form=form, listings=base.none())
    data = form.cleaned_data
    qs = base
    point = zip_point(data["zip"]) if data["zip"] else None
    if point is not None:
        radius = data["radius"] or DEFAULT_RADIUS_MILES
        qs = _location_filter(qs, point, radius, data["format"])
    elif data["format"]:
        qs = qs.filter(**{data["format"]: True})
    if data["state"]:
        qs = qs.filter(_licensed_in(data["state"]))
    if data["role"] == "partner":
        qs = qs.filter(role=Role.THERAPIST, works_with_partner_prescriber=True)
    elif data["role"]:
        qs = qs.filter(role=data["role"])
    if data["profession"]:
        qs = qs.filter(profession=data["profession"])
    ids_by_key = {(t.vocabulary, t.slug): t.pk for t in terms}
    for vocabulary in Vocabulary:
        slugs = data.get(vocabulary.value) or []
        if slugs:
            # Any of the ticked options within a list; every list must match.
            qs = qs.filter(
                _has_term([ids_by_key[(vocabulary.value, s)] for s in slugs])
            )
            if vocabulary.value in IDENTITY_KEYS:
                # Identity is findable only while its holder shares it.
                qs = qs.filter(show_identity=True)
    if data["fee_max"] is not None:
        qs = qs.filter(
            Q(fee_min_cents__lte=data["fee_max"] * 100) | Q(fee_min_cents__isnull=True)
        )
    if data["sliding_scale"]:
        qs = qs.filter(sliding_scale=True)
    if data["accepting"]:
        qs = qs.filter(accepting_clients=True)
    if data["q"]:
        qs = _text_filter(qs, data["q"])
    sort = data["sort"] or (
        "distance" if point else "relevance" if data["q"] else "name"
    )
    if sort == "distance":
        qs = qs.order_by(F("distance").asc(nulls_last=True), "display_name", "pk")
    elif sort == "relevance":
        qs = qs.order_by("-relevance", "display_name", "pk")
    else:
        qs = qs.order_by("display_name", "pk")
    display = base.annotate(distance=_shown_distance(point)) if point else base
    return SearchResult(
        form=form, listings=qs, point=point, sort=sort, display=display
    )


def with_related(qs):
    """What a results page shows, fetched in a fixed number of queries."""
    return qs.prefetch_related(
        Prefetch("licensures", queryset=ListingLicensure.objects.order_by("state")),
        Prefetch(
            "terms", queryset=Term.objects.order_by("vocabulary", "sort_order", "name")
        ),
    )


class KeyedPagePaginator(Paginator):
    """Finds a page and the number of matches in one narrow query (keys only,
    with COUNT(*) OVER ()), so the filters, distances, ranks and certificate
    checks run once, not twice, and the sort holds keys rather than whole
    rows; `load` then reads the page's rows by key. Only a page past the end
    falls back to a separate count."""

    def __init__(self, object_list, per_page, *, load):
        super().__init__(object_list, per_page)
        self.load = load

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        keys = list(
            self.object_list.annotate(match_count=Window(Count("pk"))).values_list(
                "pk", "match_count"
            )[bottom : bottom + self.per_page]
        )
        if not keys:
            return super().page(number)
        self.__dict__["count"] = keys[0][1]  # Paginator.count is cached
        pks = [pk for pk, _count in keys]
        by_pk = {row.pk: row for row in self.load(pks)}
        return self._get_page([by_pk[pk] for pk in pks], number, self)


def paginate(result: SearchResult, page_param, *, page_size: int):
    """Return (page, message) for a search. A malformed or out-of-range page
    number shows the first or last page with a message, not an error page."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    if result.count_with_page:
        paginator = KeyedPagePaginator(
            result.listings,
            page_size,
            load=lambda pks: with_related(result.display).filter(pk__in=pks),
        )
    else:
        paginator = Paginator(with_related(result.listings), page_size)
    raw = (page_param or "1").strip()
    try:
        if len(raw) > 6:
            raise PageNotAnInteger
        return paginator.page(raw), ""
    except PageNotAnInteger:
        return paginator.page(1), _(
            "That page number was not valid, so the first page is shown."
        )
    except EmptyPage:
        return paginator.page(paginator.num_pages), _(
            "There are fewer pages than that, so the last page is shown."
        )


def search_listings(
    params, *, page_size: int = 20, shown: set[str] | None = None
) -> dict:
    """Context for the directory page and the embeddable view."""
    terms = load_terms()
    result = build_search(params, terms=terms)
    page, page_error = paginate(result, params.get("page"), page_size=page_size)
    query = params.copy()
    query.pop("page", None)
    if shown is None:
        from .models import FILTER_CHOICES

        shown = {key for key, _label in FILTER_CHOICES}
    return {
        "form": result.form,
        "vocabulary_fields": [
            result.form[v.value]
            for v in Vocabulary
            if v.value in shown or (v == Vocabulary.ACCESS and "fees" in shown)
        ],
        "identity_fields": [result.form[v.value] for v in IDENTITY_VOCABULARIES]
        if "identity" in shown
        else [],
        "shown": shown,
        "point": result.point,
        "page_obj": page,
        "page_error": page_error,
        "querystring": query.urlencode(),
        "more_filters_active": any(params.get(key) for key in MORE_FILTER_KEYS),
        "bad_request": bool(result.form.errors or page_error),
    }
