"""The staff site's own pages (workspace, sign-in, tokens), mounted at /staff/."""

from django.urls import path

from gongkai.core import views

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("tokens/", views.tokens, name="tokens"),
    path("patterns/", views.patterns, name="patterns"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
