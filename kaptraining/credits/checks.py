"""Non-hour requirement items: a small registry other apps plug into.

A check receives the program and a list of CheckContext (one per trainee,
with the trainee's enrolments (EnrolmentFact) and latest sign-offs already loaded) and
returns {trainee_id: Outcome}. It runs once per evaluation for all trainees
together, so a check that needs its own data makes one query, not one per
trainee.

Credits registers honest defaults below. Another app replaces one from its
own AppConfig.ready() (credits' ready() has run by then, since credits comes
first in INSTALLED_APPS):

    from kaptraining.credits.checks import register_check

    @register_check("tuition_settled", label=..., replace=True)
    def tuition_settled(program, contexts): ...
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Outcome:
    met: bool
    message: str = ""


MET = Outcome(True)


@dataclass
class CheckContext:
    trainee: object  # accounts.User
    today: datetime.date
    # credits.enrolments.EnrolmentFact: this trainee's enrolments in the program
    enrolments: list = field(default_factory=list)
    signoffs: dict = field(default_factory=dict)  # item -> latest RequirementSignOff


@dataclass(frozen=True)
class ItemStatus:
    key: str
    label: str
    met: bool
    message: str


CheckFunc = Callable[[object, list[CheckContext]], dict[int, Outcome]]


@dataclass(frozen=True)
class RequirementCheck:
    key: str
    label: str
    func: CheckFunc
    default_required: bool
    missing: str


_registry: dict[str, RequirementCheck] = {}


def register_check(
    key: str, *, label, missing, default_required: bool = True, replace: bool = False
):
    """Decorator: register `func(program, contexts) -> {trainee_id: Outcome}`.
    `missing` is the plain sentence shown when the item is not met and the
    check gives no message of its own."""

    def decorator(func: CheckFunc) -> CheckFunc:
        if key in _registry and not replace:
            raise ValueError(
                f"A requirement check named {key!r} is already registered."
            )
        _registry[key] = RequirementCheck(
            key=key,
            label=label,
            func=func,
            default_required=default_required,
            missing=missing,
        )
        return func

    return decorator


def registered_checks() -> list[RequirementCheck]:
    return list(_registry.values())


def get_check(key: str) -> RequirementCheck | None:
    return _registry.get(key)


def _item_choices() -> list[tuple[str, str]]:
    return [(c.key, str(c.label)) for c in _registry.values()]


item_choices = lazy(_item_choices, list)


def default_item_keys() -> list[str]:
    return [c.key for c in _registry.values() if c.default_required]


def run_checks(
    program, keys: list[str], contexts: list[CheckContext]
) -> dict[int, list[ItemStatus]]:
    """Evaluate the required items for every context; unknown keys (a check
    whose app was removed) count as not met rather than silently passing."""
    results: dict[int, list[ItemStatus]] = {ctx.trainee.pk: [] for ctx in contexts}
    for key in keys:
        check = _registry.get(key)
        if check is None:
            for ctx in contexts:
                results[ctx.trainee.pk].append(
                    ItemStatus(
                        key,
                        key,
                        False,
                        _("A required item (%(key)s) cannot be checked.")
                        % {"key": key},
                    )
                )
            continue
        outcomes = check.func(program, contexts)
        for ctx in contexts:
            outcome = outcomes.get(ctx.trainee.pk, Outcome(False))
            results[ctx.trainee.pk].append(
                ItemStatus(
                    key=key,
                    label=str(check.label),
                    met=outcome.met,
                    message=""
                    if outcome.met
                    else (outcome.message or str(check.missing)),
                )
            )
    return results


# --- Defaults shipped by credits ---------------------------------------------


@register_check(
    "licence_current",
    label=gettext_lazy("Licence on file and current"),
    missing=gettext_lazy("Add your licence type and number to your profile."),
)
def licence_current(program, contexts):
    """Licence type and number on file, not pre-licensed, and not past its
    expiry date (when one is recorded)."""
    outcomes = {}
    for ctx in contexts:
        user = ctx.trainee
        if user.is_pre_licensed:
            outcomes[user.pk] = Outcome(
                False,
                _(
                    "Pre-licensed trainees cannot be certified. Update your profile "
                    "when you are licensed "
                    "and your certificate will follow."
                ),
            )
        elif not (user.licence_type and user.licence_number):
            outcomes[user.pk] = Outcome(False)
        elif user.licence_expiry is not None and user.licence_expiry < ctx.today:
            outcomes[user.pk] = Outcome(
                False,
                _(
                    "Your licence on file expired on %(date)s. "
                    "Update it in your profile."
                )
                % {"date": user.licence_expiry.strftime("%b %-d, %Y")},
            )
        else:
            outcomes[user.pk] = MET
    return outcomes


@register_check(
    "tuition_settled",
    label=gettext_lazy("Tuition settled"),
    missing=gettext_lazy("Settle your tuition for this program."),
)
def tuition_settled(program, contexts):
    """Default: no enrolment in this program is still awaiting payment.
    The payments app may replace this with instalment-aware logic."""
    return {
        ctx.trainee.pk: Outcome(
            not any(e.status == "pending_payment" for e in ctx.enrolments)
        )
        for ctx in contexts
    }


def _signoff_check(item):
    def check(program, contexts):
        outcomes = {}
        for ctx in contexts:
            signoff = ctx.signoffs.get(item)
            outcomes[ctx.trainee.pk] = Outcome(bool(signoff and signoff.passed))
        return outcomes

    return check


register_check(
    "consent_assessment",
    label=gettext_lazy("Consent-conversation assessment passed"),
    missing=gettext_lazy("Pass the assessed consent-conversation practice."),
    default_required=False,
)(_signoff_check("consent_assessment"))

register_check(
    "final_evaluation",
    label=gettext_lazy("Final evaluation submitted"),
    missing=gettext_lazy("Submit the program's final evaluation."),
    default_required=False,
)(_signoff_check("final_evaluation"))

SIGNOFF_ITEMS = ("consent_assessment", "final_evaluation")
