"""What ce plugs into credits from CEConfig.ready(): the credit rule
(profession decides the body, late-arrival allowance) and the attendance
check (a home-study course has no attendance to verify)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaptraining.credits import ce as credits_ce
from kaptraining.credits.checks import MET, Outcome
from kaptraining.credits.models import DeliveryFormat

from .models import ActivityProfile
from .rules import ce_credit_lines

credits_ce.register_credit_rule(ce_credit_lines)


@credits_ce.register_award_check(
    "attendance_verified",
    label=gettext_lazy("Attendance verified"),
    missing=gettext_lazy("Attendance has not been verified yet."),
    replace=True,
)
def attendance_verified(participation):
    if participation.activity.delivery_format == DeliveryFormat.HOME_STUDY:
        return MET
    return credits_ce.attendance_verified(participation)


@credits_ce.register_award_check(
    "post_test_passed",
    label=gettext_lazy("Post-test passed"),
    missing=gettext_lazy("Pass the post-test."),
    replace=True,
)
def post_test_passed(participation):
    """A home-study course always has a post-test; a live activity has one
    when its set-up names a post-test lesson."""
    activity = participation.activity
    profile = ActivityProfile.objects.filter(activity=activity).first()
    needed = activity.delivery_format == DeliveryFormat.HOME_STUDY or (
        profile is not None and profile.post_test_id is not None
    )
    if not needed or participation.post_test_passed_at is not None:
        return MET
    mark = (
        profile.pass_mark if profile is not None else credits_ce.POST_TEST_PASS_PERCENT
    )
    return Outcome(
        False, _("Pass the post-test (%(mark)s%% or more).") % {"mark": mark}
    )
