"""Identifier detection in free text (pure, no database)."""

import datetime

import pytest

from kaptraining.core.identifiers import find_identifiers, identifier_message

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Call her back at (415) 555-0134 tomorrow.", "phone", "(415) 555-0134"),
        ("Her cell is 415.555.0134.", "phone", "415.555.0134"),
        ("number +1 415 555 0134", "phone", "+1 415 555 0134"),
        (
            "She wrote from jane.doe+kap@example.com",
            "email",
            "jane.doe+kap@example.com",
        ),
        ("DOB 03/14/1985, presenting with TRD", "dob", "DOB 03/14/1985"),
        ("born on March 4, 1975 in Ohio", "dob", "born on March 4, 1975"),
        ("date of birth: 1962-07-30", "dob", "date of birth: 1962-07-30"),
        ("Client seen first on 4/12/1979 by her GP", "dob", "4/12/1979"),
        ("MRN 00482913 was on the sheet", "record", "MRN 00482913"),
        ("chart no. 4482-B", "record", "chart no. 4482-B"),
        ("patient ID: KX-99812", "record", "patient ID: KX-99812"),
        ("the number 7734021 was on the wristband", "record", "7734021"),
        ("SSN 123-45-6789", "ssn", "123-45-6789"),
        ("She lives at 1420 Oak Street near the park", "address", "1420 Oak Street"),
        (
            "moved to 12 W 5th Ave., Apt 3B last spring",
            "address",
            "12 W 5th Ave., Apt 3B",
        ),
        ("drove in from 88 Saint Francis Blvd", "address", "88 Saint Francis Blvd"),
        ("mail goes to PO Box 4411 now", "address", "PO Box 4411"),
    ],
)
def test_find_identifiers_identifier_present_is_found(text, kind, found):
    findings = find_identifiers(text, today=TODAY)

    assert [(f.kind, f.text) for f in findings] == [(kind, found)]


@pytest.mark.parametrize(
    "text",
    [
        "Session on 2026-11-02 went well; 90 minutes; a client in her forties.",
        "We discussed the 2024-2025 protocol: 3 sessions of 40-90 minutes each.",
        "Dose 0.5 mg/kg IM; BP 130/85 before and 142/90 at peak.",
        "Integration on 11/20/2026, three days after dosing.",
        "The case was complex; client number seven in the group said little.",
        "She was born in Ohio and moved west in her twenties.",
        "Since 1998 she has tried six antidepressants.",
        "Score on the PHQ-9 fell from 21 to 9.",
        "It is a 20 minute drive from the clinic; she took 2 Main roads.",
        "We met in Room 4 on the east side; 3 sessions this way.",
        "Dosing on Court Street went well; 2 Drives were mentioned.",
    ],
)
def test_find_identifiers_ordinary_clinical_text_finds_nothing(text):
    assert find_identifiers(text, today=TODAY) == []


def test_find_identifiers_several_kinds_are_all_named_in_order():
    text = "Reach jd@example.org or 415-555-0134; DOB 3/4/75."

    findings = find_identifiers(text, today=TODAY)
    message = identifier_message(findings)

    assert [f.kind for f in findings] == ["email", "phone", "dob"]
    assert "an e-mail address (“jd@example.org”)" in message
    assert "a phone number (“415-555-0134”)" in message
    assert "a date of birth (“DOB 3/4/75”)" in message
    assert message.startswith(
        "This text seems to contain client-identifying information"
    )
