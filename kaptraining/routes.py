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
    "directory:detail": PUBLIC,
    "directory:contact": PUBLIC,
    "directory:photo": PUBLIC,
    "directory:embed": PUBLIC,
    "directory:api_listings": PUBLIC,
    "directory:api_listing": PUBLIC,
    # certificates
    "certificates:lookup": PUBLIC,
    "certificates:verify": PUBLIC,
    "certificates:verify_api": PUBLIC,
    "certificates:pdf": MEMBER,
    "certificates:credential": MEMBER,
    "certificates:ob_issuer": PUBLIC,
    "certificates:ob_key": PUBLIC,
    "certificates:ob_status_list": PUBLIC,
    # workspace (issue 18): role homes and the work they link to; each view
    # checks the record is the person's (site, cohort) through the services.
    "workspace:bulk_sign_off": SUPERVISOR,
    "workspace:trainer_claims": privileged("trainer"),
    "workspace:trainer_claim_decide": privileged("trainer"),
    "workspace:trainer_logs": privileged("trainer"),
    "workspace:trainer_log_decide": privileged("trainer"),
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
    "^media/": PUBLIC,  # DEBUG only: MEDIA_URL from the development server
}
