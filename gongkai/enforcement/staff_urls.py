"""Staff pages of enforcement publicity, mounted under /staff/enforcement/."""

from gongkai.enforcement.staff_views import urlpatterns

__all__ = ["urlpatterns"]
