"""What the demo loader has made, so that a second run makes nothing twice."""

from django.db import models


class DemoUnit(models.Model):
    """One part of the demo story (a cohort's year, the curriculum, ...),
    recorded in the same transaction that created it. `load_demo` skips every
    recorded part, whatever users have since changed, renamed or removed in
    it: a re-run creates only what is missing and changes nothing else."""

    key = models.CharField(max_length=100, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["loaded_at", "pk"]

    def __str__(self):
        return self.key
