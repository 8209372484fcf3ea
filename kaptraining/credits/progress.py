"""Requirement evaluation: the one function that decides progress and eligibility.

`program_progress_many` evaluates one program for any number of trainees
in a fixed number of queries; `program_progress` is the single-trainee form
every caller uses (dashboard, certificate issuance, transcripts, exports).

Rules, in one place:
- Only ledger entries earned inside the trainee's completion window count
  (credits.windows decides the window: start, end, extension, today).
- A reversal carries the date of the entry it cancels, so it cancels it
  inside the same window.
- Minutes above a category's cap do not count, towards the category or the
  total. Categories with no requirement count in full towards the total.
- Pending external hours are reported apart and never count.
- Non-hour items (licence, tuition, assessments...) come from checks.py.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kaptraining.core.categories import Category
from kaptraining.core.hours import format_hours

from . import checks, progress_cache
from .enrolments import enrolment_facts
from .models import (
    ClaimStatus,
    ExternalHoursClaim,
    LedgerEntry,
    ProgramRequirementSettings,
    RequirementSignOff,
)
from .windows import Window, base_window_end, completion_windows

__all__ = [
    "CategoryProgress",
    "Progress",
    "Window",
    "base_window_end",
    "evaluate",
    "program_progress",
    "program_progress_many",
    "required_item_keys",
]


@dataclass(frozen=True)
class CategoryProgress:
    category: str
    label: str
    earned_minutes: int
    counted_minutes: int
    min_minutes: int
    cap_minutes: int | None
    pending_minutes: int = 0

    @property
    def met(self) -> bool:
        return self.counted_minutes >= self.min_minutes

    @property
    def missing_minutes(self) -> int:
        return max(0, self.min_minutes - self.counted_minutes)

    @property
    def optional(self) -> bool:
        """No minimum: the hours only add to the total (within any cap)."""
        return self.min_minutes == 0

    @property
    def over_cap_minutes(self) -> int:
        return max(0, self.earned_minutes - self.counted_minutes)


@dataclass(frozen=True)
class Progress:
    required_minutes: int
    counted_minutes: int
    categories: list[CategoryProgress] = field(default_factory=list)
    pending_minutes: int = 0
    outside_window_minutes: int = 0
    items: list = field(default_factory=list)  # checks.ItemStatus
    window: Window | None = None
    enrolled: bool = True

    @property
    def missing_minutes(self) -> int:
        return max(0, self.required_minutes - self.counted_minutes)

    @property
    def optional_categories(self) -> list[CategoryProgress]:
        return [c for c in self.categories if c.optional]

    @property
    def hours_met(self) -> bool:
        return self.missing_minutes == 0 and all(c.met for c in self.categories)

    @property
    def items_met(self) -> bool:
        return all(i.met for i in self.items)

    @property
    def eligible(self) -> bool:
        return self.enrolled and self.hours_met and self.items_met

    @property
    def missing(self) -> list[str]:
        """What is still needed, in plain words."""
        lines = []
        if not self.enrolled:
            lines.append(_("Enrol in a cohort of this program."))
        for c in self.categories:
            if not c.met:
                lines.append(
                    ngettext(
                        "%(hours)s more hour of %(category)s",
                        "%(hours)s more hours of %(category)s",
                        _plural_count(c.missing_minutes),
                    )
                    % {
                        "hours": format_hours(c.missing_minutes),
                        "category": c.label.lower(),
                    }
                )
        if self.missing_minutes:
            lines.append(
                ngettext(
                    "%(hours)s more hour in total",
                    "%(hours)s more hours in total",
                    _plural_count(self.missing_minutes),
                )
                % {"hours": format_hours(self.missing_minutes)}
            )
        lines.extend(i.message for i in self.items if not i.met)
        return lines


# Lazy labels: translated when shown, not on every evaluation.
_LABELS = dict(Category.choices)


def _plural_count(minutes: int) -> int:
    """Exactly one hour reads "1 more hour"; anything else is plural."""
    return 1 if minutes == 60 else 2


def evaluate(
    *,
    earned_by_category: dict[str, int],
    program,
    requirements,
    pending_by_category: dict[str, int] | None = None,
    outside_window_minutes: int = 0,
    items=(),
    window: Window | None = None,
    enrolled: bool = True,
) -> Progress:
    """Pure: apply a program's minimums and caps to minutes earned per category.
    Minutes above a category's cap do not count towards the total."""
    pending_by_category = pending_by_category or {}
    by_category = {r.category: r for r in requirements}
    categories = []
    total = 0
    extra = sorted(
        (set(earned_by_category) | set(pending_by_category)) - set(by_category)
    )
    for category in list(by_category) + extra:
        earned = max(0, earned_by_category.get(category, 0))
        req = by_category.get(category)
        cap = req.cap_hours * 60 if req and req.cap_hours is not None else None
        counted = min(earned, cap) if cap is not None else earned
        total += counted
        categories.append(
            CategoryProgress(
                category=category,
                label=_LABELS.get(category, category),
                earned_minutes=earned,
                counted_minutes=counted,
                min_minutes=req.min_hours * 60 if req else 0,
                cap_minutes=cap,
                pending_minutes=pending_by_category.get(category, 0),
            )
        )
    return Progress(
        required_minutes=program.required_minutes,
        counted_minutes=total,
        categories=categories,
        pending_minutes=sum(pending_by_category.values()),
        outside_window_minutes=outside_window_minutes,
        items=list(items),
        window=window,
        enrolled=enrolled,
    )


def required_item_keys(program) -> list[str]:
    row = (
        ProgramRequirementSettings.objects.filter(program=program)
        .only("required_items")
        .first()
    )
    return list(row.required_items) if row is not None else checks.default_item_keys()


def program_progress_many(
    *, program, trainees, now=None, cached: bool = False
) -> dict[int, Progress]:
    """Evaluate one program for many trainees (User objects or ids) in a fixed
    number of queries, whatever the number of trainees or ledger entries.

    `cached=True` (pages that show progress, never decisions such as issuing a
    certificate) reads each trainee's current result from the cache and
    evaluates only the others (credits.progress_cache says when it is dropped)."""
    if cached and now is None and progress_cache.enabled():
        by_id = {t if isinstance(t, int) else t.pk: t for t in trainees}
        return progress_cache.cached_many(
            program.pk,
            list(by_id),
            lambda missing: _evaluate_many(
                program=program, trainees=[by_id[t] for t in missing], now=None
            ),
        )
    return _evaluate_many(program=program, trainees=trainees, now=now)


def _evaluate_many(*, program, trainees, now=None) -> dict[int, Progress]:
    now = now or timezone.now()
    users = [t for t in trainees if not isinstance(t, int)]
    ids = [t for t in trainees if isinstance(t, int)]
    if ids:
        users += list(get_user_model().objects.filter(pk__in=ids))
    if not users:
        return {}
    user_ids = [u.pk for u in users]

    enrolments = defaultdict(list)
    facts = enrolment_facts(trainee_ids=user_ids, program_id=program.pk)
    for fact in facts:
        enrolments[fact.trainee_id].append(fact)
    windows = completion_windows(
        program=program, trainee_ids=user_ids, now=now, enrolments=facts
    )

    # Ledger: one aggregate per trainee and category, split inside/outside window.
    inside = Q(pk__in=[])
    for uid, w in windows.items():
        inside |= Q(
            trainee_id=uid, earned_on__gte=w.starts_on, earned_on__lte=w.ends_on
        )
    earned = defaultdict(dict)
    outside = defaultdict(int)
    rows = (
        LedgerEntry.objects.filter(program=program, trainee_id__in=user_ids)
        .values("trainee_id", "category")
        .annotate(total=Sum("minutes"), inside=Sum("minutes", filter=inside))
        .order_by()
    )
    for row in rows:
        counted = row["inside"] or 0
        earned[row["trainee_id"]][row["category"]] = counted
        outside[row["trainee_id"]] += (row["total"] or 0) - counted

    pending = defaultdict(dict)
    for row in (
        ExternalHoursClaim.objects.filter(
            program=program, trainee_id__in=user_ids, status=ClaimStatus.PENDING
        )
        .values("trainee_id", "category")
        .annotate(total=Sum("minutes"))
        .order_by()
    ):
        pending[row["trainee_id"]][row["category"]] = row["total"] or 0

    keys = required_item_keys(program)
    signoffs = defaultdict(dict)
    if keys:
        for s in RequirementSignOff.objects.filter(
            trainee_id__in=user_ids, program=program, item__in=keys
        ).order_by("-recorded_at", "-pk"):
            signoffs[s.trainee_id].setdefault(s.item, s)
    contexts = [
        checks.CheckContext(
            trainee=u,
            today=windows[u.pk].today if u.pk in windows else timezone.localdate(now),
            enrolments=enrolments[u.pk],
            signoffs=signoffs[u.pk],
        )
        for u in users
    ]
    items = checks.run_checks(program, keys, contexts)

    requirements = list(program.category_requirements.all())
    return {
        u.pk: evaluate(
            earned_by_category=earned[u.pk],
            program=program,
            requirements=requirements,
            pending_by_category=pending[u.pk],
            outside_window_minutes=outside[u.pk],
            items=items[u.pk],
            window=windows.get(u.pk),
            enrolled=u.pk in windows,
        )
        for u in users
    }


def program_progress(
    *, trainee_id: int, program, trainee=None, now=None, cached: bool = False
) -> Progress:
    """Progress and eligibility of one trainee in one program, in a fixed
    number of queries whatever the ledger size. Pass `trainee` (the User) to
    save the query that loads it; `cached` as for program_progress_many."""
    return program_progress_many(
        program=program, trainees=[trainee or trainee_id], now=now, cached=cached
    )[trainee_id]
