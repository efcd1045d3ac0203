"""Public pages of signing, mounted at /verify/ (namespace ``signing``)."""

from django.urls import path

from gongkai.signing import views

app_name = "signing"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("records/<int:pk>.pdf", views.record_pdf, name="record_pdf"),
    path("records/<int:pk>/versions/<int:number>.pdf", views.record_pdf,
         name="record_version_pdf"),
]
