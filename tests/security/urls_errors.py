"""The site's URLs plus views that fail on purpose, for the error page tests (ROOT_URLCONF override)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from casemgmt.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("boom")


def forbidden(request):
    raise PermissionDenied


def refused(request):
    raise PermissionDenied("只有司法局监督评查人员可以组织案卷评查")


urlpatterns = [
    path("api/boom/", boom),
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("refused/", refused),
    *urlpatterns,
]
