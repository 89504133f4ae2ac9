from django.contrib.auth.decorators import login_required

from casemgmt.files.http import serve_verified

from .selectors import attachment_get_for_user


@login_required
def attachment_file(request, pk):
    """A delivered photo or PDF, for whoever may open the clue's case; always a download (never rendered inline),
    refused when it no longer matches its SHA-256."""
    item = attachment_get_for_user(user=request.user, pk=pk)
    return serve_verified(
        request,
        item.file.name,
        item.sha256,
        label=f"附件“{item.original_name}”",
        filename=item.original_name,
        content_type=item.content_type or "application/octet-stream",
        as_attachment=True,
    )
