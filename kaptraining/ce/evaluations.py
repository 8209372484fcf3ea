"""Evaluation forms accreditors accept: the questions of one activity (its
own, or the default form), the form trainees fill in, and the aggregate
report (counts, means, distributions, comments) on screen and as CSV."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaptraining.credits.models import CEParticipation

from .models import EvaluationQuestion, QuestionKind, QuestionTopic


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    kind: str
    topic: str
    required: bool = True


DEFAULT_QUESTIONS = [
    Question(
        "objectives",
        gettext_lazy("The learning objectives were met."),
        QuestionKind.SCALE,
        QuestionTopic.OBJECTIVES,
    ),
    Question(
        "presenter",
        gettext_lazy("The presenters were knowledgeable and effective."),
        QuestionKind.SCALE,
        QuestionTopic.PRESENTER,
    ),
    Question(
        "relevance",
        gettext_lazy("The content is relevant to my practice."),
        QuestionKind.SCALE,
        QuestionTopic.RELEVANCE,
    ),
    Question(
        "bias",
        gettext_lazy("The content was free of commercial bias."),
        QuestionKind.YES_NO,
        QuestionTopic.BIAS,
    ),
    Question(
        "comments",
        gettext_lazy("Comments and suggestions (optional)."),
        QuestionKind.TEXT,
        QuestionTopic.COMMENT,
        required=False,
    ),
]

SCALE = [("5", "5"), ("4", "4"), ("3", "3"), ("2", "2"), ("1", "1")]
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def questions_for(activity) -> list[Question]:
    configured = [
        Question(q.key, q.prompt, q.kind, q.topic, q.required)
        for q in EvaluationQuestion.objects.filter(activity=activity).order_by(
            "sort_order", "pk"
        )
    ]
    return configured or DEFAULT_QUESTIONS


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError(_("Remove the invalid characters."))
    return value


class EvaluationForm(forms.Form):
    """Built from an activity's questions; answers are kept as text."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            if q.kind == QuestionKind.SCALE:
                f: forms.Field = forms.ChoiceField(
                    label=q.prompt,
                    choices=SCALE,
                    widget=forms.RadioSelect,
                    required=q.required,
                    help_text=_("5 is excellent, 1 is poor."),
                )
            elif q.kind == QuestionKind.YES_NO:
                f = forms.ChoiceField(
                    label=q.prompt,
                    choices=YES_NO,
                    widget=forms.RadioSelect,
                    required=q.required,
                )
            else:
                f = forms.CharField(
                    label=q.prompt,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    max_length=2000,
                    required=q.required,
                    validators=[_no_nul],
                )
            self.fields[q.key] = f

    def answers(self) -> dict:
        return {
            k: str(v).strip()
            for k, v in self.cleaned_data.items()
            if v not in (None, "")
        }


@dataclass
class QuestionSummary:
    question: Question
    count: int = 0
    mean: Decimal | None = None
    distribution: list[tuple[str, int, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class EvaluationReport:
    activity: object
    submitted: int
    participants: int
    questions: list[QuestionSummary]


def evaluation_report(activity) -> EvaluationReport:
    """Aggregate every submitted evaluation of the activity in two queries,
    whatever their number."""
    questions = questions_for(activity)
    rows = list(
        CEParticipation.objects.filter(activity=activity).values_list(
            "evaluation", "evaluation_submitted_at"
        )
    )
    answers = [ev or {} for ev, at in rows if at is not None]
    summaries = []
    for q in questions:
        values = [str(a[q.key]) for a in answers if a.get(q.key) not in (None, "")]
        s = QuestionSummary(q, count=len(values))
        if q.kind == QuestionKind.SCALE:
            numbers = [int(v) for v in values if v.isdigit()]
            counts = Counter(numbers)
            if numbers:
                s.mean = (Decimal(sum(numbers)) / len(numbers)).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
            s.distribution = [
                (str(n), counts[n], _percent(counts[n], len(numbers)))
                for n in (5, 4, 3, 2, 1)
            ]
        elif q.kind == QuestionKind.YES_NO:
            counts = Counter(values)
            s.distribution = [
                (str(label), counts[key], _percent(counts[key], len(values)))
                for key, label in YES_NO
            ]
        else:
            s.comments = values
        summaries.append(s)
    return EvaluationReport(activity, len(answers), len(rows), summaries)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def evaluation_report_rows(report: EvaluationReport) -> list[list]:
    """The report as CSV rows (core.csv writes them safely)."""
    rows: list[list] = [
        [_("Activity"), str(report.activity)],
        [_("Evaluations submitted"), report.submitted],
        [_("Participants"), report.participants],
        [],
        [
            _("Question"),
            _("Kind"),
            _("Answers"),
            _("Mean"),
            _("Answer"),
            _("Count"),
            _("Percent"),
        ],
    ]
    for s in report.questions:
        q = s.question
        if s.distribution:
            for label, count, pct in s.distribution:
                rows.append(
                    [
                        str(q.prompt),
                        q.kind,
                        s.count,
                        "" if s.mean is None else str(s.mean),
                        label,
                        count,
                        pct,
                    ]
                )
        else:
            for comment in s.comments:
                rows.append([str(q.prompt), q.kind, s.count, "", comment, "", ""])
            if not s.comments:
                rows.append([str(q.prompt), q.kind, 0, "", "", "", ""])
    return rows
