"""Staff pages of consultations, mounted under /staff/consultations/ in the ``staff`` namespace."""

from gongkai.consultations.staff_views import urlpatterns

__all__ = ["urlpatterns"]
