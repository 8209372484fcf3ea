"""What credits tells the apps above it. The signals are declared here and
connected by those apps (certificates/receivers.py), so credits never
imports them. Both are sent inside the writing transaction: a receiver that
acts on one defers its work until commit (delay_on_commit)."""

from django.dispatch import Signal

# A trainee's progress in a program may have changed: hours credited or
# reversed, a window extended, a requirement signed off.
# Keyword arguments: trainee_id, program_id.
progress_changed = Signal()

# A CE certificate was awarded; the activity also earns a verifiable
# certificate. Keyword arguments: certificate (CECertificate), award_key
# ("ce:<activity id>"), award_title, hours_minutes, details (dict).
ce_certificate_awarded = Signal()
