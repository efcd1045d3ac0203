"""Catalogue staff pages, mounted under /staff/catalogue/ in the ``staff`` namespace."""

from gongkai.catalogue.import_views import urlpatterns as import_patterns
from gongkai.catalogue.staff_views import urlpatterns as staff_patterns

urlpatterns = staff_patterns + import_patterns
