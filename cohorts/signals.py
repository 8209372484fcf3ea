"""What cohorts tells the apps above it (connected in their receivers.py).
Sent inside the writing transaction."""

from django.dispatch import Signal

# Attendance rows were appended at one session (bulk_create sends no
# post_save). Keyword arguments: session (LiveSession), rows (the new current
# Attendance rows, enrolment loaded), by (the user who marked).
attendance_recorded = Signal()
