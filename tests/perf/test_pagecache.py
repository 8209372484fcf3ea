"""The anonymous page cache (kaptraining.core.pagecache): public pages come
from the cache for visitors not signed in, and change the moment their
content does; nobody signed in is ever served or stored."""

import pytest
from django.urls import reverse

from kaptraining.certificates.services import certificate_issue, certificate_revoke
from kaptraining.core import pagecache
from kaptraining.credits.models import LedgerEntry
from kaptraining.directory.models import Listing, ListingStatus
from tests.factories import UserFactory
from tests.factories.certificates import make_eligible
from tests.factories.directory import published_listing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def _cache_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def test_home_page_anonymous_second_visit_is_served_from_cache(client, home_page):
    first = client.get(home_page.url)
    second = client.get(home_page.url)

    assert (_cache_state(first), _cache_state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second.status_code == 200


def test_footer_newsletter_form_keeps_public_pages_cacheable(client, home_page):
    """The sign-up form in every page's footer carries no CSRF token (the
    subscribe view is exempt), so it does not keep pages out of the cache."""
    first = client.get(home_page.url)

    assert reverse("newsletter:subscribe") in first.content.decode()
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert _cache_state(client.get(home_page.url)) == "hit"


def test_page_publish_changes_anonymous_page_at_once(client, home_page, committed):
    client.get(home_page.url)
    with committed():
        home_page.title = "Welcome to the new season"
        home_page.save_revision().publish()

    response = client.get(home_page.url)

    assert _cache_state(response) == "miss"
    assert "Welcome to the new season" in response.content.decode()


def test_program_unpublish_removes_anonymous_page_at_once(client, program, committed):
    assert client.get(program.url).status_code == 200
    assert _cache_state(client.get(program.url)) == "hit"
    url = program.url
    with committed():
        program.unpublish()

    assert client.get(url).status_code == 404


def test_revoked_certificate_verification_says_revoked_at_once(
    client, program, committed
):
    trainee = UserFactory(first_name="Maria", last_name="Delgado")
    make_eligible(trainee, program)
    with committed():
        certificate, _ = certificate_issue(trainee=trainee, program=program)
    url = reverse("certificates:verify", args=[certificate.number])
    assert "This certificate is valid." in client.get(url).content.decode()
    assert _cache_state(client.get(url)) == "hit"

    with committed():
        certificate_revoke(certificate=certificate, reason="Licence surrendered")
    html = client.get(url).content.decode()

    assert "This certificate has been revoked." in html
    assert "This certificate is valid." not in html


def test_directory_search_normalised_query_shares_one_entry(client, program, home_page):
    from kaptraining.directory.models import DirectoryPage

    directory = home_page.add_child(
        instance=DirectoryPage(title="Find a practitioner", slug="directory")
    )
    published_listing(program, display_name="Ana Ruiz")
    first = client.get(directory.url, {"q": " ketamine ", "state": "", "zip": ""})
    second = client.get(f"{directory.url}?zip=&q=ketamine&utm_source=press")

    assert _cache_state(first) == "miss"
    assert _cache_state(second) == "hit"
    assert second.content == first.content


def test_listing_approval_shows_in_cached_search_at_once(
    client, program, home_page, committed
):
    from kaptraining.directory.models import DirectoryPage

    directory = home_page.add_child(
        instance=DirectoryPage(title="Find a practitioner", slug="directory")
    )
    pending = published_listing(
        program, display_name="Bea Waiting", status=ListingStatus.PENDING
    )
    url = f"{directory.url}?q=ketamine"
    assert "Bea Waiting" not in client.get(url).content.decode()
    assert _cache_state(client.get(url)) == "hit"

    with committed():
        listing = Listing.objects.get(pk=pending.pk)
        listing.status = ListingStatus.APPROVED
        listing.save()

    response = client.get(url)
    assert _cache_state(response) == "miss"
    assert "Bea Waiting" in response.content.decode()


def test_signed_in_visitor_never_served_nor_stored(client, home_page):
    trainee = UserFactory()
    anonymous = client.get(home_page.url)  # stored for visitors not signed in
    assert "Sign in" in anonymous.content.decode()

    client.force_login(trainee)
    signed_in = client.get(home_page.url)
    signed_in_again = client.get(home_page.url)

    for response in (signed_in, signed_in_again):
        assert _cache_state(response) is None
        assert "Sign out" in response.content.decode()
        assert "private" in response["Cache-Control"]


def test_signed_in_page_not_stored_for_anonymous_visitors(client, home_page):
    client.force_login(UserFactory())
    client.get(home_page.url)
    client.logout()
    client.cookies.clear()

    response = client.get(home_page.url)

    assert _cache_state(response) == "miss"
    assert "Sign out" not in response.content.decode()


def test_two_trainees_each_see_their_own_hours(client, program):
    """Hours and progress belong to their reader: no cached page, fragment or
    memoised progress of one trainee reaches another."""
    ahead = UserFactory()
    behind = UserFactory()
    make_eligible(ahead, program)
    make_eligible(behind, program)
    LedgerEntry.objects.create(
        trainee=ahead,
        program=program,
        category="didactic",
        minutes=7 * 60 + 15,
        source="adjustment",
        source_id="extra",
        description="Extra reading",
    )
    url = reverse("credits:my_hours", args=[program.pk])

    client.force_login(ahead)
    ahead_html = client.get(url).content.decode()
    client.force_login(behind)
    behind_html = client.get(url).content.decode()
    client.force_login(ahead)
    ahead_again = client.get(url).content.decode()

    assert "Extra reading" in ahead_html and "Extra reading" in ahead_again
    assert "Extra reading" not in behind_html


def test_language_is_part_of_the_key(client, home_page):
    client.get(home_page.url)

    english = client.get(home_page.url)
    spanish = client.get("/es" + home_page.url)

    assert _cache_state(english) == "hit"
    assert _cache_state(spanish) == "miss"
    assert spanish["Content-Language"] == "es"


def test_page_that_used_the_csrf_token_is_never_stored(client, home_page, rf):
    """A page rendered with a CSRF token (a form for this visitor) is never
    stored, even on a cached route: the token pairs with one visitor's cookie."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.urls import resolve

    request = rf.get(home_page.url)
    request.resolver_match = resolve(home_page.url)
    request.user = AnonymousUser()
    assert pagecache._storable(request, HttpResponse("page"))

    request.META["CSRF_COOKIE_USED"] = True
    assert not pagecache._storable(request, HttpResponse("page"))


def test_visitor_with_a_session_bypasses_the_cache(client, home_page):
    client.get(home_page.url)
    client.cookies["sessionid"] = "someone-elses-or-stale"

    assert _cache_state(client.get(home_page.url)) is None


def test_cache_off_stores_nothing(client, home_page, settings):
    settings.KAP_ANON_CACHE = False
    client.get(home_page.url)

    assert _cache_state(client.get(home_page.url)) is None


def test_invalidate_moves_generation(client, home_page):
    client.get(home_page.url)
    pagecache.invalidate()

    assert _cache_state(client.get(home_page.url)) == "miss"


def test_hello_answers_only_when_enabled(client, settings):
    settings.KAP_BENCH_HELLO = False
    assert client.get("/__hello/").status_code == 404

    settings.KAP_BENCH_HELLO = True
    assert client.get("/__hello/").content == b"hello\n"
