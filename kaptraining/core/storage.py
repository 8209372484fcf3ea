"""Storage for private files (certificate PDFs, receipts, licence uploads).

They are served only by views that check permissions, never from MEDIA_URL.
The location is read from settings at each use, so tests and workers that
point PRIVATE_ROOT elsewhere see the same files."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="kaptraining.core.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_storage():
    return PrivateStorage()
