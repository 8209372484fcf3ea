"""A fix to Wagtail applied at start-up (CoreConfig.ready).

Wagtail's chooser widgets (pages, snippets, images, documents, users...)
look the chosen object up by the submitted id when a form is shown again
after an error. With a value that is not an id ("abc", "٣٤x") the lookup
raises ValueError and the admin answers 500 instead of showing the form's
own "Select a valid choice" error. Every chooser inherits BaseChooser's
get_instance, so wrapping it once fixes them all: an id that cannot be one
finds nothing, as a missing id does.
"""

from django.core.exceptions import ValidationError
from wagtail.admin.widgets.chooser import BaseChooser

_original_get_instance = BaseChooser.get_instance


def _get_instance(self, value):
    try:
        return _original_get_instance(self, value)
    except (ValueError, TypeError, ValidationError, OverflowError):
        return None


def apply() -> None:
    if BaseChooser.get_instance is not _get_instance:
        BaseChooser.get_instance = _get_instance
