"""Practice's plug-ins: a passed assessment meets the program's
consent-assessment requirement (credits.checks), alongside the staff sign-off
that met it before assessments existed."""

from django.utils.translation import gettext_lazy

from kaptraining.credits.checks import Outcome, register_check

from .models import Submission


@register_check(
    "consent_assessment",
    label=gettext_lazy("Consent-conversation assessment passed"),
    missing=gettext_lazy("Pass the assessed consent-conversation practice."),
    default_required=False,
    replace=True,
)
def consent_assessment(program, contexts):
    """Met by a passed rubric assessment of this program (one query for all
    trainees), or by a staff sign-off recorded as passed."""
    passed = set(
        Submission.objects.filter(
            assessment__program=program,
            status=Submission.Status.PASSED,
            trainee_id__in=[ctx.trainee.pk for ctx in contexts],
        ).values_list("trainee_id", flat=True)
    )
    outcomes = {}
    for ctx in contexts:
        signoff = ctx.signoffs.get("consent_assessment")
        outcomes[ctx.trainee.pk] = Outcome(
            ctx.trainee.pk in passed or bool(signoff and signoff.passed)
        )
    return outcomes
