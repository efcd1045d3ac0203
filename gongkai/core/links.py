"""Absolute addresses of the site's own pages, for what leaves the browser: letters (a PDF
has no "current page"), e-mails and feeds. They come from ``GONGKAI_SITE_URL``, the
address the public uses, never from the request's Host header (behind a proxy that is an
internal name, and a background job has no request at all)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_SITE_URL = "http://localhost:8000"


def site_url() -> str:
    """The configured public address without a trailing slash."""
    return (getattr(settings, "GONGKAI_SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """``/sfj/disclosure/records/261/`` → ``https://gk.example.gov.cn/sfj/disclosure/records/261/``.
    An address that is already absolute is returned unchanged."""
    if urlsplit(path).scheme:
        return path
    return f"{site_url()}/{path.lstrip('/')}"
