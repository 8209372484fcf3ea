from celery import shared_task
from django.contrib.auth import get_user_model


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=5)
def certificate_issue_if_eligible(self, trainee_id: int, program_id: int) -> str | None:
    """Issue the program certificate if the trainee is eligible; idempotent."""
    from kaptraining.curriculum.models import ProgramPage

    from .services import certificate_issue

    trainee = get_user_model().objects.filter(pk=trainee_id).first()
    program = ProgramPage.objects.filter(pk=program_id).first()
    if trainee is None or program is None:
        return None
    certificate, _created = certificate_issue(trainee=trainee, program=program)
    return certificate.number if certificate else None
