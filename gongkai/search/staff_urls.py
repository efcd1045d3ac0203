"""Staff pages of search, mounted under /staff/search/ in the ``staff`` namespace."""

from django.urls import path

from gongkai.search import views

urlpatterns: list = [
    path("", views.staff_search, name="search"),
    path("index/", views.staff_index, name="search_index"),
    path("index/rebuild/", views.staff_rebuild, name="search_rebuild"),
    path("vocabulary/add/", views.staff_word_add, name="search_word_add"),
    path("vocabulary/<int:pk>/remove/", views.staff_word_remove, name="search_word_remove"),
    path("synonyms/add/", views.staff_synonym_add, name="search_synonym_add"),
    path("synonyms/<int:pk>/remove/", views.staff_synonym_remove, name="search_synonym_remove"),
]
