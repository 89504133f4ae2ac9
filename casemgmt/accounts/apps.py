from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casemgmt.accounts"
    verbose_name = "账号安全"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import session_start

        # Stamps the session at login (the login form, the admin login and tests' force_login alike), so the first
        # request of a session does not have to write it.
        user_logged_in.connect(session_start, dispatch_uid="accounts-session-start")
