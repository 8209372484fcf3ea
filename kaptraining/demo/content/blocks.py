"""Builders for StreamField values, so the curriculum reads as prose."""

from wagtail.rich_text import RichText


def p(html):
    return ("paragraph", RichText(html))


def callout(kind, title, html):
    return ("callout", {"kind": kind, "title": title, "body": RichText(html)})


def reflect(text):
    return ("reflection", {"prompt": text})


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def reading(citation, note=""):
    return ("reading", {"citation": citation, "note": note, "url": ""})


def quiz(title, *, pass_mark=75, attempts=3, count=0, intro=""):
    return (
        "quiz",
        {
            "title": title,
            "intro": intro,
            "pass_mark": pass_mark,
            "attempt_limit": attempts,
            "question_count": count,
            "shuffle": True,
        },
    )


def single(prompt, right, wrong, explanation=""):
    """right: (text, feedback); wrong: [(text, feedback), ...]."""
    options = [{"text": right[0], "correct": True, "feedback": right[1]}]
    options += [{"text": t, "correct": False, "feedback": f} for t, f in wrong]
    return (
        "single_choice",
        {"prompt": prompt, "options": options, "explanation": explanation},
    )


def several(prompt, options, explanation=""):
    """options: [(text, correct, feedback), ...]."""
    return (
        "multiple_choice",
        {
            "prompt": prompt,
            "options": [
                {"text": t, "correct": c, "feedback": f} for t, c, f in options
            ],
            "explanation": explanation,
        },
    )


def true_false(prompt, answer, if_right, if_wrong):
    return (
        "true_false",
        {
            "prompt": prompt,
            "answer": answer,
            "feedback_correct": if_right,
            "feedback_incorrect": if_wrong,
        },
    )


def short(prompt, guidance):
    return ("short_answer", {"prompt": prompt, "guidance": guidance})
