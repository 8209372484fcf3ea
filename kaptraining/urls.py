from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cohorts import urls as cohort_urls
from kaptraining.accounts import views as account_views
from kaptraining.core import views as core_views
from kaptraining.credits import urls as credit_urls
from kaptraining.study import urls as study_urls
from kaptraining.workspace import views as workspace_views

urlpatterns = [
    # Wagtail's own login is bypassed so that allauth (with MFA) is the only way in.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path(
        "django-admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz/", core_views.healthz, name="healthz"),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", workspace_views.dashboard, name="dashboard"),
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
    path("learn/", include((study_urls.urlpatterns, "curriculum"))),
    path(
        "hours/",
        include((credit_urls.urlpatterns + cohort_urls.credits_urlpatterns, "credits")),
    ),
    path("practicum/", include("kaptraining.practicums.urls")),
    path("mentorship/", include("kaptraining.mentorship.urls")),
    path("pay/", include("kaptraining.payments.urls")),
    path("directory/", include("kaptraining.directory.urls")),
    path("", include("kaptraining.certificates.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
