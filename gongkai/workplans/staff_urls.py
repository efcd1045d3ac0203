"""Staff pages under /staff/workplans/ (``staff`` namespace)."""

from django.urls import path

from gongkai.workplans import staff_views as v

urlpatterns = [
    path("", v.plan_list, name="workplans_list"),
    path("<int:pk>/", v.plan_detail, name="workplans_detail"),
    path("<int:pk>/<slug:action>/", v.plan_action, name="workplans_action"),
    path("departments/<int:department_id>/", v.department, name="workplans_department"),
    path("tasks/<int:pk>/report/", v.task_report, name="workplans_task_report"),
]
