from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("logins/", views.login_history, name="login_history"),
    path("logins/unlock/<int:pk>/", views.login_unlock, name="login_unlock"),
]
