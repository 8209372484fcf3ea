"""Profession decides the body: the one function that says which accrediting
body's CE credit a practitioner can receive, and what that body's certificate
must say.

An activity offers credit from some bodies (CEActivityCredit rows). A
practitioner receives credit only from the body their profession reports to;
credit from another body is refused with a message, and they get a
certificate of attendance instead (hours attended, no CE credit).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaptraining.accounts.models import Profession
from kaptraining.credits.models import AccreditingBody

# Which body each profession's board accepts. Psychiatrists are physicians.
# Marriage and family therapists report to CAMFT (California) or to their own
# state board; see _state_board_matches.
PROFESSION_BODY: dict[str, str] = {
    Profession.PSYCHOLOGIST: AccreditingBody.APA,
    Profession.SOCIAL_WORKER: AccreditingBody.ASWB_ACE,
    Profession.COUNSELLOR: AccreditingBody.NBCC,
    Profession.NURSE: AccreditingBody.ANCC,
    Profession.NURSE_PRACTITIONER: AccreditingBody.ANCC,
    Profession.PHYSICIAN: AccreditingBody.AMA,
    Profession.PSYCHIATRIST: AccreditingBody.AMA,
    Profession.MFT: AccreditingBody.STATE_BOARD,
}

ATTENDANCE = "attendance"


@dataclass(frozen=True)
class BodyWording:
    """What a body requires printed on its certificate, beyond the common
    fields (name, title, dates, format, provider, hours)."""

    credit_label: str
    statement_suffix: str
    needs_licence: bool


# Wording each body requires (statements abridged to the required phrases;
# the provider's own approval statement is printed verbatim above them).
WORDING: dict[str, BodyWording] = {
    AccreditingBody.APA: BodyWording(
        gettext_lazy("CE credits (APA)"),
        gettext_lazy(
            "The sponsor maintains responsibility for this program and its content."
        ),
        False,
    ),
    AccreditingBody.ASWB_ACE: BodyWording(
        gettext_lazy("Clinical CE credits (ASWB ACE)"),
        gettext_lazy(
            "Regulatory boards are the final authority on courses accepted for "
            "continuing education credit."
        ),
        True,
    ),
    AccreditingBody.NBCC: BodyWording(
        gettext_lazy("NBCC clock hours"),
        gettext_lazy(
            "Programs that do not qualify for NBCC credit are clearly identified."
        ),
        False,
    ),
    AccreditingBody.ANCC: BodyWording(
        gettext_lazy("ANCC contact hours"),
        gettext_lazy("Nursing contact hours awarded under Joint Accreditation."),
        True,
    ),
    AccreditingBody.AMA: BodyWording(
        gettext_lazy("AMA PRA Category 1 Credits™"),
        gettext_lazy(
            "Physicians should claim only the credit commensurate with the "
            "extent of their participation in the activity."
        ),
        False,
    ),
    AccreditingBody.STATE_BOARD: BodyWording(
        gettext_lazy("CE hours (state board)"),
        gettext_lazy("Approved by the board named above."),
        True,
    ),
}


@dataclass(frozen=True)
class CreditDecision:
    """Which of an activity's credits a practitioner receives (None: a
    certificate of attendance), and why, in a sentence for them."""

    body: str  # an AccreditingBody value, or ATTENDANCE
    credit: object | None  # the CEActivityCredit awarded, if any
    message: str

    @property
    def eligible(self) -> bool:
        return self.credit is not None


def _state_board_matches(approval, licence_state: str) -> bool:
    """A state-board approval serves MFTs licensed in its state: CAMFT for
    California, otherwise a board whose name carries the state code in
    parentheses, e.g. "Texas BHEC (TX)"."""
    name = approval.board_name.upper()
    if licence_state == "CA" and "CAMFT" in name:
        return True
    return bool(licence_state) and f"({licence_state.upper()})" in name


def body_for_profession(profession: str) -> str:
    """The accrediting body whose credit a profession can receive, or
    ATTENDANCE (a certificate of attendance) for any other profession."""
    return PROFESSION_BODY.get(profession, ATTENDANCE)


def credit_decision(*, profession: str, licence_state: str, credits) -> CreditDecision:
    """The one rule: profession decides the body. `credits` are the activity's
    CEActivityCredit rows (approval loaded). Credit from any other body is
    refused with a message saying why."""
    body = body_for_profession(profession)
    if body == ATTENDANCE:
        return CreditDecision(
            ATTENDANCE,
            None,
            _(
                "Continuing-education credit is offered to psychologists, social "
                "workers, counsellors, marriage and family therapists, nurses and "
                "physicians; you receive a certificate of attendance. Add your "
                "profession to your profile if it is one of these."
            ),
        )
    for credit in credits:
        approval = credit.approval
        if approval.body != body or not approval.active:
            continue
        if body == AccreditingBody.STATE_BOARD and not _state_board_matches(
            approval, licence_state
        ):
            continue
        return CreditDecision(body, credit, "")
    offered = ", ".join(sorted({c.approval.body_name for c in credits})) or _("none")
    wanted = (
        _("CAMFT or your state board")
        if body == AccreditingBody.STATE_BOARD
        else AccreditingBody(body).label
    )
    return CreditDecision(
        body,
        None,
        _(
            "Your profession receives CE credit from %(wanted)s, which has not "
            "approved this activity (it carries credit from: %(offered)s). "
            "Credit from another body is not valid for your licence, so you "
            "receive a certificate of attendance."
        )
        % {"wanted": wanted, "offered": offered},
    )
