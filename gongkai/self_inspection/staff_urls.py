"""Staff pages under /staff/inspection/ (``staff`` namespace)."""

from django.urls import path

from gongkai.self_inspection import staff_views as v

urlpatterns = [
    path("", v.index, name="self_inspection_index"),
    path("words/", v.words, name="self_inspection_words"),
    path("agencies/<slug:agency>/", v.agency_dashboard, name="self_inspection_agency"),
    path("agencies/<slug:agency>/report.<str:ext>", v.report, name="self_inspection_report"),
]
