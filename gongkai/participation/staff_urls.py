from gongkai.participation.staff_views import urlpatterns

__all__ = ["urlpatterns"]
