"""The job log's staff pages, mounted at /staff/jobs/."""

from django.urls import path

from gongkai.jobs import views

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<int:run_id>/retry/", views.job_retry_view, name="job_retry"),
]
