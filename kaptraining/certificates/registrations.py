"""What certificates hands to the registries of the apps below it: credits
shows certificates on transcripts (credits.awards). Imported once from
CertificatesConfig.ready()."""

from kaptraining.credits.awards import AwardKey, register_award_source

from .models import Certificate, CertificateStatus


def awards_of(trainee) -> list[Certificate]:
    return list(Certificate.objects.filter(trainee=trainee).select_related("program"))


def verifiable(keys: set[AwardKey]) -> dict[AwardKey, Certificate]:
    """The valid certificate of each (trainee, award key) if there is one, else
    the newest, in one query."""
    found: dict[AwardKey, Certificate] = {}
    for cert in Certificate.objects.filter(
        trainee_id__in={trainee_id for trainee_id, _key in keys},
        award_key__in={key for _trainee_id, key in keys},
    ).order_by("-issued_at", "-pk"):
        key = (cert.trainee_id, cert.award_key)
        best = found.get(key)
        if best is None or (
            best.status != CertificateStatus.VALID
            and cert.status == CertificateStatus.VALID
        ):
            found[key] = cert
    return found


register_award_source(awards_of=awards_of, verifiable=verifiable)
