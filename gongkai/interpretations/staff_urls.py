"""Staff pages of interpretations, under /staff/interpretations/ (``staff`` namespace)."""

from gongkai.interpretations.staff_views import urlpatterns

__all__ = ["urlpatterns"]
