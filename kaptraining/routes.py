"""Every URL's access, in one table (see kaptraining.core.access).

PUBLIC    anyone (a view may still check a signed token)
ACCOUNT   allauth's own pages: sign-in, sign-up, e-mail, MFA set-up
MEMBER    signed in, e-mail verified, and MFA passed when the person's role
          needs it (staff, trainers); the view checks whose record it is
privileged(roles)  MEMBER, and holding one of the roles (404 otherwise)

`.uploads(n)` lets a route take a request body of up to n bytes (the default
cap is KAP_MAX_REQUEST_BYTES). A route missing here fails a system check and
tests/test_route_access.py, and answers 404 until it is declared.
"""

from kaptraining.core.access import ACCOUNT, MB, MEMBER, PUBLIC, privileged

STAFF = privileged("staff")
TRAINER = privileged("trainer", "staff")  # a cohort's trainers, and staff
SUPERVISOR = privileged("supervisor")
MENTOR = privileged("mentor")

ROUTES = {
    # URL wiring (kaptraining/urls.py): every other way in goes to allauth.
    "healthz": PUBLIC,
    "wagtailadmin_login_redirect": ACCOUNT,
    "wagtailadmin_password_reset_redirect": ACCOUNT,
    "django_admin_login_redirect": ACCOUNT,
    "wagtail_frontend_login_redirect": ACCOUNT,
    "wagtailcore_login": ACCOUNT,  # shadowed by the redirect above
    "profile": MEMBER,
    # The language switcher while signed in (issue 21): remembers the choice.
    "language_set": PUBLIC,
    "dashboard": MEMBER,
    # Wagtail pages: lesson pages check enrolment when served.
    "wagtail_serve": PUBLIC,
    "wagtailcore_authenticate_with_password": PUBLIC,
    # cohorts
    "cohorts:list": PUBLIC,
    "cohorts:detail": PUBLIC,
    "cohorts:cohort_calendar": PUBLIC,
    "cohorts:trainee_calendar": PUBLIC,  # the secret token is the key
    "cohorts:enrol": MEMBER,
    "cohorts:enrolment": MEMBER,
    "cohorts:complete_lesson": MEMBER,
    "cohorts:apply": MEMBER.uploads(6 * MB),
    "cohorts:application": MEMBER,
    "cohorts:licence_document": MEMBER,
    "cohorts:offer_answer": MEMBER,
    "cohorts:invitation": MEMBER,
    "cohorts:home": MEMBER,
    "cohorts:discussion": MEMBER,
    "cohorts:thread": MEMBER,
    "cohorts:thread_moderate": TRAINER,
    "cohorts:post_hide": TRAINER,
    "cohorts:calendar_token_reset": MEMBER,
    "cohorts:manage": TRAINER,
    "cohorts:roster_csv": TRAINER,
    "cohorts:roster_import": TRAINER.uploads(3 * MB),
    "cohorts:announce": TRAINER,
    "cohorts:session_new": TRAINER,
    "cohorts:session_edit": TRAINER,
    "cohorts:session_cancel": TRAINER,
    "cohorts:attendance": TRAINER,
    "cohorts:attendance_upload": TRAINER.uploads(3 * MB),
    "cohorts:attendance_marking": TRAINER,
    "cohorts:attendance_review": TRAINER,
    # curriculum
    "curriculum:search": MEMBER,
    "curriculum:journal": MEMBER,
    "curriculum:quiz_submit": MEMBER,
    "curriculum:note_save": MEMBER,
    "curriculum:journal_save": MEMBER,
    "curriculum:attempt": MEMBER,
    "curriculum:evaluation": MEMBER,
    "curriculum:elective_choose": MEMBER,
    "curriculum:cohort_quizzes": TRAINER,
    "curriculum:item_analysis": TRAINER,
    "curriculum:review_response": TRAINER,
    # credits
    "credits:my_hours": MEMBER,
    "credits:external_submit": MEMBER.uploads(11 * MB),
    "credits:claim_evidence": MEMBER,
    "credits:entry_reverse": STAFF,
    "credits:review_list": STAFF,
    "credits:review_detail": STAFF,
    "credits:transcript": MEMBER,
    "credits:transcript_pdf": MEMBER,
    "credits:transcript_export": MEMBER,
    "credits:transcript_export_download": MEMBER,
    "credits:trainee_transcript": MEMBER,
    "credits:trainee_transcript_pdf": MEMBER,
    "credits:cohort_transcript": TRAINER,
    "credits:my_ce": MEMBER,
    "credits:ce_evaluation": MEMBER,
    "credits:ce_certificate": MEMBER,
    "credits:ce_certificate_pdf": MEMBER,
    "credits:ce_activities": STAFF,
    "credits:ce_roster": STAFF,
    "credits:ce_broker_export": STAFF,
    # practicums
    "practicums:home": MEMBER,
    "practicums:placement_request": MEMBER,
    "practicums:log_create": MEMBER,
    "practicums:log_detail": MEMBER,
    "practicums:log_revise": MEMBER,
    "practicums:review_list": SUPERVISOR,
    "practicums:review_detail": SUPERVISOR,
    "practicums:external_review": PUBLIC,  # the signed one-time link is the key
    # mentorship
    "mentorship:home": MEMBER,
    "mentorship:profile": MENTOR,
    "mentorship:preferences": MEMBER,
    "mentorship:pair": MEMBER,
    "mentorship:log_meeting": MEMBER,
    "mentorship:rematch": MEMBER,
    "mentorship:recommend": MENTOR,
    "mentorship:confirm_meeting": MEMBER,
    "mentorship:dispute_meeting": MEMBER,
    # payments
    "payments:account": MEMBER,
    "payments:apply_code": MEMBER,
    "payments:apply_tier": MEMBER,
    "payments:choose": MEMBER,
    "payments:checkout": MEMBER,
    "payments:done": MEMBER,
    "payments:card": MEMBER,
    "payments:receipt": MEMBER,
    "payments:demo_checkout": MEMBER,
    "payments:demo_card": MEMBER,
    "payments:stripe_webhook": PUBLIC,  # signed by Stripe
    # directory
    "directory:mine": MEMBER.uploads(3 * MB),
    # directory: availability confirmation (issue 21)
    "directory:confirm": MEMBER,
    "directory:detail": PUBLIC,
    "directory:contact": PUBLIC,
    "directory:contact_token": PUBLIC,
    "directory:photo": PUBLIC,
    "directory:embed": PUBLIC,
    "directory:api_listings": PUBLIC,
    "directory:api_listing": PUBLIC,
    # retreats (kaptraining/retreats): registrants, then staff tools; the
    # venue reports also need the permission retreats.view_sensitive
    "retreats:register": MEMBER,
    "retreats:registration": MEMBER,
    "retreats:cancel": MEMBER,
    "retreats:manage": STAFF,
    "retreats:run": STAFF,
    "retreats:venue": STAFF,
    "retreats:venue_csv": STAFF,
    "retreats:venue_pdf": STAFF,
    "retreats:arrivals": STAFF,
    "retreats:check_in": STAFF,
    "retreats:badges": STAFF,
    "retreats:days": STAFF,
    "retreats:attendance": STAFF,
    "retreats:message": STAFF,
    "retreats:certificates": STAFF,
    "retreats:staff_cancel": STAFF,
    "retreats:transfer": STAFF,
    # certificates
    "certificates:lookup": PUBLIC,
    "certificates:verify": PUBLIC,
    "certificates:verify_api": PUBLIC,
    "certificates:pdf": MEMBER,
    "certificates:credential": MEMBER,
    "certificates:ob_issuer": PUBLIC,
    "certificates:ob_key": PUBLIC,
    "certificates:ob_status_list": PUBLIC,
    # --- credential (issue 15): evidence of study ---------------------------------
    # Playback ranges posted by static/js/media-progress.js (the view checks the
    # trainee studies the lesson).
    "curriculum:media_progress": MEMBER,
    # --- continuing education (kaptraining/ce, issue 16) ---
    "ce:home_study": PUBLIC,
    "ce:evaluation": MEMBER,  # the view checks it is the trainee's own
    "ce:transcript": MEMBER,
    "ce:transcript_file": MEMBER,
    "ce:trainee_transcript": MEMBER,  # may_view_trainee decides
    "ce:trainee_transcript_file": MEMBER,
    "ce:evaluation_report": STAFF,
    "ce:evaluation_report_csv": STAFF,
    "ce:ce_broker_xlsx": STAFF,
    # newsletter (mailing list): no account needed; signed tokens are the key
    "newsletter:subscribe": PUBLIC,  # rate-limited per address and per e-mail
    "newsletter:confirm": PUBLIC,
    "newsletter:unsubscribe": PUBLIC,  # RFC 8058 one-click POST, no CSRF
    # --- lesson media (issue 20): the view asks the lesson's own gate ---
    "lesson_media": MEMBER,
    # --- consent practice (issue 20): each view checks trainee/assessor/staff ---
    "practice:home": MEMBER,
    "practice:submit": MEMBER.uploads(50 * MB),
    "practice:submission": MEMBER,
    "practice:recording": MEMBER,
    "practice:review": MEMBER,
    "practice:queue": MEMBER,
    # The signed credential offered on the public verification page, and the
    # Achievement a credential's achievement.id names.
    "certificates:public_credential": PUBLIC,
    "certificates:ob_achievement": PUBLIC,
    # workspace (issue 18): role homes and the work they link to; each view
    # checks the record is the person's (site, cohort) through the services.
    "workspace:bulk_sign_off": SUPERVISOR,
    "workspace:trainer_claims": privileged("trainer"),
    "workspace:trainer_claim_decide": privileged("trainer"),
    "workspace:trainer_logs": privileged("trainer"),
    "workspace:trainer_log_decide": privileged("trainer"),
    "workspace:trainer_pairing": TRAINER,  # staff too: the same rule (may_pair)
    "mentorship:plan_meeting": MEMBER,
    "mentorship:cancel_planned": MEMBER,
    # notifications (issue 18): a person's own notifications and preferences
    "notifications:index": MEMBER,
    "notifications:read": MEMBER,
    "notifications:read_all": MEMBER,
    "notifications:preferences": MEMBER,
    "cohorts:thread_follow": MEMBER,
}

# Third-party includes, by the start of their route.
PREFIXES = {
    # The Wagtail admin and every staff screen registered in it (payments,
    # certificates, mentorship, listings...). Images and documents upload here.
    "admin/": STAFF.sends_away().uploads(50 * MB),
    "django-admin/": STAFF.sends_away().uploads(5 * MB),
    "accounts/": ACCOUNT,
    "documents/": PUBLIC,  # Wagtail checks each collection's privacy
    "anymail/": PUBLIC,  # e-mail provider webhooks, HTTP basic auth (ANYMAIL)
    "^media/": PUBLIC,  # DEBUG only: MEDIA_URL from the development server
}

# --- Performance (issue 19) --------------------------------------------------
# The benchmark's baseline: a page that does nothing through every middleware
# (kaptraining.core.views.hello; 404 unless KAP_BENCH_HELLO is on).
ROUTES["hello"] = PUBLIC

# Public pages served from the anonymous page cache (kaptraining.core.pagecache)
# to visitors who are not signed in: Wagtail pages (home, programs, courses,
# the directory and its searches), the cohort list and pages, certificate
# verification, the practitioner pages. Pages with a CSRF token in them are
# never stored (lesson pages are never public: only enrolled trainees see them).
ANONYMOUS_CACHE = {
    "wagtail_serve",
    "cohorts:list",
    "cohorts:detail",
    "certificates:verify",
    "certificates:lookup",
    # The practitioner page: its contact form fetches each visitor's own CSRF
    # token (directory:contact_token); see directory.views.listing_detail.
    "directory:detail",
}
# Models whose changes may show on those pages (an app label, or "app.Model"):
# any save or delete of one empties the cache at once.
ANONYMOUS_CACHE_SOURCES = {
    "wagtailcore",  # pages, revisions, sites, locales
    "wagtailimages",
    "wagtailredirects",
    "pages",
    "curriculum",
    "cohorts",  # dates, seats, status
    "payments",  # prices shown on cohort and program pages
    "directory",  # listings, approval, certification
    "certificates",  # issue, revocation, reissue
    # Organisation settings in headers and footers; not all of core: queued
    # e-mail (OutboundEmail) shows on no public page.
    "core.OrganisationSettings",
    "accounts.User",  # names on certificates and listings (not sign-in times)
}
