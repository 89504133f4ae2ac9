from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("casemgmt.api.urls")),
    path("powers/", include("casemgmt.powers.urls")),
    path("discretion/", include("casemgmt.discretion.urls")),
    path("documents/", include("documents.urls")),
    path("archive/", include("casemgmt.archive.urls")),
    path("supervision/", include("casemgmt.evaluation.urls")),
    path("dashboard/", include("casemgmt.supervision.urls")),
    path("jobs/", include("casemgmt.jobs.urls")),
    path("", include("casemgmt.web.urls")),
]
