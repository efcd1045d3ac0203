"""Staff pages of public opinion, under /staff/opinion/ (``staff`` namespace)."""

from gongkai.opinion.staff_views import urlpatterns

__all__ = ["urlpatterns"]
