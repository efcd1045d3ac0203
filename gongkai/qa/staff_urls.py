"""Staff pages of Q&A, mounted under /staff/qa/ in the ``staff`` namespace."""

from gongkai.qa.staff_views import urlpatterns

__all__ = ["urlpatterns"]
