"""Serve a private file (lesson media, practice recordings) to a viewer the
calling view has already allowed, with HTTP range requests.

Browsers fetch audio and video in ranges (seeking, and `preload="metadata"`
asks for the first bytes only). In production the compose stack's nginx does
the byte work: with `KAP_PRIVATE_ACCEL_PREFIX` set (e.g. `/_private/`), the
view answers with an `X-Accel-Redirect` to nginx's `internal` location over
the private volume (docker/nginx.conf), so gunicorn never streams a video and
nginx answers 206 itself. Without it (dev, tests), Django reads the requested
range and answers 206 with `Content-Range`.
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) of a single byte range; None when there is no usable
    range header (serve it all); False when the range cannot be satisfied."""
    match = _RANGE.match(header.strip())
    if not match or size == 0:
        return None
    start, end = match.groups()
    if not start and not end:
        return None
    if not start:  # the last n bytes
        length = int(end)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    first = int(start)
    last = min(int(end), size - 1) if end else size - 1
    if first >= size or last < first:
        return False
    return first, last


def _chunks(handle, first: int, last: int):
    try:
        handle.seek(first)
        remaining = last - first + 1
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def private_file_response(request, field_file, *, content_type: str):
    """The file (or the byte range asked for) with `Accept-Ranges: bytes`."""
    prefix = getattr(settings, "KAP_PRIVATE_ACCEL_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
        return response
    size = field_file.size
    wanted = _range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle = field_file.storage.open(field_file.name, "rb")
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        first, last = wanted
        response = StreamingHttpResponse(
            _chunks(handle, first, last), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    return response
