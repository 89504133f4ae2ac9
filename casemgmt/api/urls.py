from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from casemgmt.cases.actions import ACTIONS

from . import views
from .inbox import TaskInboxView

app_name = "api"

# The interactive documentation (drf-spectacular's Swagger UI and Redoc pages) starts with an inline script and
# style, and Redoc adds styles and a blob: worker at run time: only these two pages relax the site's CSP.
docs_csp = csp_update(
    {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_csp(SpectacularSwaggerView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", docs_csp(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    path("me/", views.MeView.as_view(), name="me"),
    path("powers/", include("casemgmt.powers.api_urls")),
    path("discretion/", include("casemgmt.discretion.api_urls")),
    path("documents/", include("documents.api_urls")),
    path("archive/", include("casemgmt.archive.api_urls")),
    path("supervision/", include("casemgmt.evaluation.api_urls")),
    path("dashboard/", include("casemgmt.supervision.api_urls")),
    path("disclosure/", include("casemgmt.disclosure.api_urls")),
    path("officers/", views.OfficerListView.as_view(), name="officer-list"),
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<int:pk>/evidence/<int:item_pk>/file/", views.EvidenceFileView.as_view(), name="evidence-file"),
    path("clues/", views.ClueRegisterView.as_view(), name="clue-register"),
    path("tasks/", TaskInboxView.as_view(), name="task-inbox"),
    path("intake/", include("casemgmt.intake.api_urls")),
    *(
        path(
            f"cases/<int:pk>/actions/{action.code}/",
            views.CaseActionView.as_view(action=action),
            name=f"case-action-{action.code}",
        )
        for action in ACTIONS
    ),
    # Any other address under /api/ (an id that is not a number, a mistyped path): the API's JSON 404, not the
    # web UI's HTML page.
    re_path(r"", views.not_found),
]
