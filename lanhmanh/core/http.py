"""What every page view shares: the typed request and fragment-or-page rendering."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from lanhmanh.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request that a log-in (and role) decorator has let through, with django-htmx's details."""

    user: User
    htmx: HtmxDetails


def wants_fragment(request: AuthedRequest) -> bool:
    # A history restore (back button after hx-push-url) asks for the whole page: htmx puts the
    # answer in place of <body>.
    return bool(request.htmx) and not request.htmx.boosted and not request.htmx.history_restore_request


def render_page_or_fragment(
    request: AuthedRequest, page: str, fragment: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The full page for a normal request, only the part that changes for an htmx request."""
    response = render(request, fragment if wants_fragment(request) else page, context, status=status)
    # The same URL answers two shapes; caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response
