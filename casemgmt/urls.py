from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from casemgmt.env import envbool

urlpatterns = [
    path("health/", include("casemgmt.ops.urls")),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("casemgmt.accounts.urls")),
    path("api/", include("casemgmt.api.urls")),
    path("powers/", include("casemgmt.powers.urls")),
    path("discretion/", include("casemgmt.discretion.urls")),
    path("documents/", include("documents.urls")),
    path("archive/", include("casemgmt.archive.urls")),
    path("supervision/", include("casemgmt.evaluation.urls")),
    path("dashboard/", include("casemgmt.supervision.urls")),
    path("jobs/", include("casemgmt.jobs.urls")),
    path("intake/", include("casemgmt.intake.urls")),
    path("disclosure/", include("casemgmt.disclosure.urls")),
    path("org/", include("casemgmt.org.urls")),
    path("", include("casemgmt.web.urls")),
]

if envbool("BENCH_ENDPOINTS", "false"):
    # The load benchmark's ceiling: a view with no database and no template (bench/load/run.py sets the flag).
    from casemgmt.web.bench import ping

    urlpatterns.insert(0, path("bench/ping/", ping, name="bench-ping"))

# Chinese error pages (JSON under /api/); a database connection failure outside a view (a middleware reading the
# session) is a 503 too.
handler400 = "casemgmt.ops.errorpages.bad_request"
handler403 = "casemgmt.ops.errorpages.permission_denied"
handler404 = "casemgmt.ops.errorpages.page_not_found"
handler500 = "casemgmt.ops.errorpages.server_error"
