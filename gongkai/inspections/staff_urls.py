"""Staff pages of random inspections, mounted under /staff/inspections/."""

from gongkai.inspections.staff_views import urlpatterns

__all__ = ["urlpatterns"]
