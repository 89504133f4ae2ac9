"""Accounts: login lockout and history (django-axes), password rules, forced password change, session lifetime."""
