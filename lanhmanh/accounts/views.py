"""Log-in and log-out. Django's own views fit exactly; only the templates are ours.

Failed log-ins are counted by django-axes (settings.AXES_*), which answers with
accounts/locked_out.html once a username and address pair is locked.
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views

# A signed-in user who opens /login/ again goes straight to the dashboard.
login = auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True)
# Django's LogoutView accepts POST only: a link or an <img> on another page cannot sign anybody out.
logout = auth_views.LogoutView.as_view()
