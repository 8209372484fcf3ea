"""Requirement evaluation: the one function that decides progress and eligibility."""

from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext as _

from kaptraining.core.categories import Category

from .models import LedgerEntry


@dataclass(frozen=True)
class CategoryProgress:
    category: str
    label: str
    earned_minutes: int
    counted_minutes: int
    min_minutes: int
    cap_minutes: int | None

    @property
    def met(self) -> bool:
        return self.counted_minutes >= self.min_minutes

    @property
    def missing_minutes(self) -> int:
        return max(0, self.min_minutes - self.counted_minutes)


@dataclass(frozen=True)
class Progress:
    required_minutes: int
    counted_minutes: int
    categories: list[CategoryProgress] = field(default_factory=list)

    @property
    def missing_minutes(self) -> int:
        return max(0, self.required_minutes - self.counted_minutes)

    @property
    def eligible(self) -> bool:
        return self.missing_minutes == 0 and all(c.met for c in self.categories)

    @property
    def missing(self) -> list[str]:
        """What is still needed, in plain words."""
        lines = []
        for c in self.categories:
            if not c.met:
                lines.append(
                    _("%(hours)s more hours of %(category)s")
                    % {"hours": _fmt_hours(c.missing_minutes), "category": c.label.lower()}
                )
        if self.missing_minutes:
            lines.append(_("%(hours)s more hours in total") % {"hours": _fmt_hours(self.missing_minutes)})
        return lines


def _fmt_hours(minutes: int) -> str:
    return f"{round(minutes / 60, 2):g}"


def evaluate(*, earned_by_category: dict[str, int], program, requirements) -> Progress:
    """Pure: apply a program's minimums and caps to minutes earned per category.
    Minutes above a category's cap do not count towards the total."""
    labels = dict(Category.choices)
    by_category = {r.category: r for r in requirements}
    categories = []
    total = 0
    for category in list(by_category) + sorted(set(earned_by_category) - set(by_category)):
        earned = max(0, earned_by_category.get(category, 0))
        req = by_category.get(category)
        cap = req.cap_hours * 60 if req and req.cap_hours is not None else None
        counted = min(earned, cap) if cap is not None else earned
        total += counted
        categories.append(
            CategoryProgress(
                category=category,
                label=str(labels.get(category, category)),
                earned_minutes=earned,
                counted_minutes=counted,
                min_minutes=req.min_hours * 60 if req else 0,
                cap_minutes=cap,
            )
        )
    return Progress(required_minutes=program.required_minutes, counted_minutes=total, categories=categories)


def earned_by_category(trainee_id: int, program_id: int) -> dict[str, int]:
    rows = (
        LedgerEntry.objects.for_program(trainee_id, program_id)
        .values("category")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    return {row["category"]: row["total"] or 0 for row in rows}


def program_progress(*, trainee_id: int, program) -> Progress:
    """Progress of one trainee in one program (two queries, whatever the ledger size)."""
    return evaluate(
        earned_by_category=earned_by_category(trainee_id, program.pk),
        program=program,
        requirements=list(program.category_requirements.all()),
    )
