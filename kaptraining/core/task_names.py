"""Renaming a Celery task without losing the messages queued under its old name.

Tasks carry explicit, stable names (`name="certificates.issue_if_eligible"`),
so moving a task's module no longer renames it. Messages sent before a task
got its explicit name carry the auto-generated one (the module path); each old
name stays registered as a forwarder that sends the message on, with its
arguments, under the new name. Remove an alias once no worker can still hold a
message sent before the rename (the longest countdown or retry is well under a
release cycle).
"""

from collections.abc import Mapping

from celery import shared_task
from celery.app.task import Task

# old name -> the task it forwards to (read by tests and the beat migration's test)
OLD_NAMES: dict[str, Task] = {}


def keep_old_names(aliases: Mapping[str, Task]) -> None:
    """Register each old name as a forwarder to its task's new name."""
    for old_name, task in aliases.items():
        OLD_NAMES[old_name] = task
        _forwarder(old_name, task)


def _forwarder(old_name: str, task: Task) -> None:
    def forward(*args, **kwargs) -> str:
        # Sent, not called: the task keeps its own retries, limits and queue.
        return task.apply_async(args=args, kwargs=kwargs).id

    forward.__name__ = forward.__qualname__ = old_name.rsplit(".", 1)[-1]
    # The task is a lazy proxy until the app is finalised: read nothing from it here.
    forward.__doc__ = f"Forwards messages sent as {old_name!r} to the renamed task."
    shared_task(name=old_name, acks_late=True, ignore_result=True)(forward)
