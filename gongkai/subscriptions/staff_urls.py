"""Staff pages under /staff/subscriptions/ (``staff`` namespace)."""

from django.urls import path

from gongkai.subscriptions import staff_views as v

urlpatterns = [
    path("", v.index, name="subscriptions_index"),
    path("push/", v.push_new, name="subscriptions_push_new"),
    path("audiences/", v.audience_new, name="subscriptions_audience_new"),
    path("push/<int:pk>/", v.push_detail, name="subscriptions_push"),
]
