from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cohorts import urls as cohort_urls
from kaptraining.accounts import views as account_views
from kaptraining.core import views as core_views
from kaptraining.credits import urls as credit_urls
from kaptraining.curriculum import views as curriculum_views
from kaptraining.study import urls as study_urls
from kaptraining.workspace import views as workspace_views


def _to_allauth(pattern_name):
    return RedirectView.as_view(pattern_name=pattern_name, query_string=True)


# Who may reach each of these is declared in kaptraining/routes.py.
urlpatterns = [
    # allauth (throttled, with e-mail verification and MFA) is the only way to
    # sign in or reset a password: Wagtail's and Django's own doors redirect.
    path(
        "admin/login/",
        _to_allauth("account_login"),
        name="wagtailadmin_login_redirect",
    ),
    re_path(
        r"^admin/password_reset/",
        _to_allauth("account_reset_password"),
        name="wagtailadmin_password_reset_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path(
        "django-admin/login/",
        _to_allauth("account_login"),
        name="django_admin_login_redirect",
    ),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz/", core_views.healthz, name="healthz"),
    path("__hello/", core_views.hello, name="hello"),  # benchmark baseline
    path("anymail/", include("anymail.urls")),  # ESP webhooks (basic auth)
]

# The site itself, in English at the paths it always had and in Spanish under
# /es/ (issue 21). The admin areas, documents and the health check above stay
# unprefixed: they are not translated by URL.
site_patterns = [
    path("accounts/profile/", account_views.profile, name="profile"),
    path("language/", account_views.language_set, name="language_set"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", workspace_views.dashboard, name="dashboard"),
    path("workspace/", include("kaptraining.workspace.urls")),
    path("notifications/", include("kaptraining.notifications.urls")),
    # Pages that moved between apps kept their names and paths (study's
    # "cohorts:complete_lesson" and "curriculum:...", cohorts'
    # "credits:cohort_transcript"): one namespace can be fed by two apps' URL
    # lists only here, where both are visible.
    path(
        "cohorts/",
        include(
            (cohort_urls.urlpatterns + study_urls.cohort_urlpatterns, "cohorts")
        ),
    ),
    # Lesson audio and video (issue 20): permission-checked, range requests.
    path(
        "learn/media/<int:page_id>/<int:media_id>/<str:kind>/",
        curriculum_views.lesson_media,
        name="lesson_media",
    ),
    path("learn/", include((study_urls.urlpatterns, "curriculum"))),
    path(
        "hours/",
        include((credit_urls.urlpatterns + cohort_urls.credits_urlpatterns, "credits")),
    ),
    path("practicum/", include("kaptraining.practicums.urls")),
    path("mentorship/", include("kaptraining.mentorship.urls")),
    path("consent-practice/", include("kaptraining.practice.urls")),
    path("pay/", include("kaptraining.payments.urls")),
    path("directory/", include("kaptraining.directory.urls")),
    path("retreats/", include("kaptraining.retreats.urls")),
    path("ce/", include("kaptraining.ce.urls")),  # continuing education (issue 16)
    path("newsletter/", include("kaptraining.newsletter.urls")),
    path("", include("kaptraining.certificates.urls")),
    # Wagtail's front-end login (for private pages) signs in with a password
    # alone; wagtail_urls below would add it, so it is caught here first.
    path(
        "_util/login/",
        _to_allauth("account_login"),
        name="wagtail_frontend_login_redirect",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

site_patterns += [path("", include(wagtail_urls))]
urlpatterns += i18n_patterns(*site_patterns, prefix_default_language=False)
