"""Staff pages of annual reports, mounted under /staff/reports/ in the ``staff`` namespace."""

from gongkai.reports.staff_views import urlpatterns

__all__ = ["urlpatterns"]
