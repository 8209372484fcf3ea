"""Builders for curriculum content: question banks, quiz lessons, modules and
courses (the pages study records point at are built in tests/factories)."""


from kaptraining.curriculum.models import CoursePage, LessonPage, ModulePage

from . import add_lesson


def single(prompt, options, *, explanation=""):
    """A single-choice question: options are (text, correct[, feedback])."""
    return {
        "type": "single_choice",
        "value": {
            "prompt": prompt,
            "options": [
                {"text": o[0], "correct": o[1], "feedback": o[2] if len(o) > 2 else ""}
                for o in options
            ],
            "explanation": explanation,
        },
    }


def multiple(prompt, options):
    data = single(prompt, options)
    data["type"] = "multiple_choice"
    return data


def true_false(prompt, answer, *, feedback_correct="", feedback_incorrect=""):
    return {
        "type": "true_false",
        "value": {
            "prompt": prompt,
            "answer": answer,
            "feedback_correct": feedback_correct,
            "feedback_incorrect": feedback_incorrect,
        },
    }


def short(prompt, guidance=""):
    return {"type": "short_answer", "value": {"prompt": prompt, "guidance": guidance}}


def set_bank(module: ModulePage, questions, **fields) -> ModulePage:
    """Give a module a question bank (and other fields) and publish it."""
    module.question_bank = questions
    # As the admin does: native values, so every question and option gets an id.
    module.question_bank = [(b.block_type, b.value) for b in module.question_bank]
    for name, value in fields.items():
        setattr(module, name, value)
    module.save_revision().publish()
    module.refresh_from_db()
    return module


def add_quiz_lesson(
    module,
    *,
    title="Post-test",
    minutes=30,
    pass_mark=75,
    attempt_limit=3,
    shuffle=False,
    question_count=0,
    reveal_answers="pass_or_last",
    cooldown_minutes=0,
) -> LessonPage:
    lesson = LessonPage(
        title=title,
        credited_minutes=minutes,
        objectives="Show what you learnt.",
        body=[
            (
                "quiz",
                {
                    "title": title,
                    "intro": "",
                    "pass_mark": pass_mark,
                    "attempt_limit": attempt_limit,
                    "question_count": question_count,
                    "shuffle": shuffle,
                    "reveal_answers": reveal_answers,
                    "cooldown_minutes": cooldown_minutes,
                },
            ),
        ],
    )
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def add_module(
    course: CoursePage, *, title, lessons=1, minutes=60, **fields
) -> ModulePage:
    module = course.add_child(instance=ModulePage(title=title, **fields))
    for i in range(lessons):
        add_lesson(module, title=f"{title} lesson {i + 1}", minutes=minutes)
    return module


def add_course(program, *, title, elective=False, **fields) -> CoursePage:
    return program.add_child(
        instance=CoursePage(title=title, is_elective=elective, **fields)
    )


def answer_key(module: ModulePage, *, correct=True) -> dict[str, list[str]]:
    """POST data answering every bank question right (or wrong)."""
    data = {}
    module.refresh_from_db()
    for block in module.question_bank:
        kind = block.block_type
        if kind == "short_answer":
            data[f"q-{block.id}"] = ["A considered answer."]
        elif kind == "true_false":
            truth = bool(block.value["answer"])
            data[f"q-{block.id}"] = ["true" if truth == correct else "false"]
        else:
            ids = [
                c.id
                for c in block.value["options"].bound_blocks
                if bool(c.value["correct"]) == correct
            ]
            data[f"q-{block.id}"] = ids if kind == "multiple_choice" else ids[:1]
    return data


