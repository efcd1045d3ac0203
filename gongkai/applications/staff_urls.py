"""Staff pages of applications, mounted under /staff/applications/ in the ``staff`` namespace."""

from gongkai.applications.staff_views import urlpatterns

__all__ = ["urlpatterns"]
