from django import template
from django.db.models import Count, Q

from cohorts.models import Cohort, Enrolment

from ..outline import program_outline

register = template.Library()


@register.filter
def lookup(mapping, key):
    """mapping[key] in templates, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.inclusion_tag("study/includes/dashboard_next.html", takes_context=True)
def study_next(context):
    """What to do next in each program the trainee studies, and the quiz
    answers waiting in the cohorts a trainer runs (for the dashboard)."""
    user = context["request"].user
    items = []
    if user.is_authenticated:
        # The dashboard passes the enrolments it loaded (Enrolment.is_active is
        # studying() for one row); elsewhere they are read here.
        studying = context.get("studying_enrolments")
        if studying is None:
            studying = (
                Enrolment.objects.studying()
                .select_related("cohort__program")
                .filter(trainee=user)
            )
        for enrolment in studying:
            outline = program_outline(
                program=enrolment.cohort.program, trainee=user, enrolment=enrolment
            )
            items.append({"outline": outline, "resume": outline.resume})
    trained = []
    if user.is_authenticated and (user.is_trainer or user.is_staff):
        trained = list(
            Cohort.objects.filter(trainers=user)
            .annotate(
                to_review=Count(
                    "enrolments__quiz_attempts__responses",
                    filter=Q(
                        enrolments__quiz_attempts__responses__kind="short_answer",
                        enrolments__quiz_attempts__responses__reviewed_at__isnull=True,
                    ),
                )
            )
            .order_by("start_date")
        )
    return {"items": items, "trained": trained}
