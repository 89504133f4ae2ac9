"""Downloads of stored files, verified against their recorded SHA-256 and streamed from a private copy."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.shortcuts import render

from .verified import FileMissing, StoredFileError, open_verified


def verified_file_response(
    name: str,
    sha256: str,
    *,
    label: str,
    filename: str,
    content_type: str = "application/pdf",
    as_attachment: bool = False,
) -> FileResponse:
    """A streamed download of the stored file once its SHA-256 is checked; raises ``StoredFileError`` (the API maps
    it to its error shape)."""
    fh = open_verified(name, sha256, label=label)
    return FileResponse(fh, as_attachment=as_attachment, filename=filename, content_type=content_type)


def serve_verified(request, name: str, sha256: str, **kwargs) -> HttpResponse:
    """``verified_file_response`` for web pages: a missing or altered file gives a Chinese page (404 / 409)."""
    try:
        return verified_file_response(name, sha256, **kwargs)
    except StoredFileError as exc:
        return refused(request, exc)


def refused(request, exc: StoredFileError) -> HttpResponse:
    status = 404 if isinstance(exc, FileMissing) else 409
    return render(request, "files/refused.html", {"message": str(exc)}, status=status)
