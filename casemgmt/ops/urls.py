from django.urls import path

from . import health

app_name = "health"
urlpatterns = [
    path("", health.HealthView.as_view(), name="ready"),
    path("live/", health.live, name="live"),
]
