"""Staff page listing background jobs, failed ones first, with a retry button."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, IntegerField, When
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.core.access import staff_view
from gongkai.core.policies import JobPolicy
from gongkai.jobs.models import JobRun, JobStatus
from gongkai.jobs.registry import job_retry


@staff_view(JobPolicy.can_view)
def job_list(request):
    runs = JobRun.objects.annotate(
        failed_first=Case(When(status=JobStatus.FAILED, then=0), default=1,
                          output_field=IntegerField())
    ).order_by("failed_first", "-enqueued_at")[:200]
    return render(request, "staff/jobs.html", {"runs": runs})


@staff_view(JobPolicy.can_view)
@require_POST
def job_retry_view(request, run_id: int):
    run = get_object_or_404(JobRun, pk=run_id)
    if job_retry(run, force=True):
        messages.success(request, f"已重新排队:{run.name} [{run.key}]")
    else:
        messages.error(request, "只有失败的任务可以重试。")
    return redirect("staff:job_list")
