"""All staff pages under /staff/, gathered from the apps that own them."""

from django.urls import include, path

from gongkai.audit import views as audit_views
from gongkai.core import views as core_views
from gongkai.jobs import views as job_views
from gongkai.workdays import views as calendar_views

app_name = "staff"

urlpatterns = [
    path("", core_views.workspace, name="workspace"),
    path("login/", core_views.login, name="login"),
    path("logout/", core_views.logout, name="logout"),
    path("tokens/", core_views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", core_views.token_revoke, name="token_revoke"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("calendar/", calendar_views.calendar_index, name="calendar"),
    path("calendar/<int:year>/", calendar_views.calendar_year, name="calendar_year"),
    path("calendar/<int:year>/day/", calendar_views.calendar_day_edit, name="calendar_day"),
    path("calendar/<int:year>/import/", calendar_views.calendar_import_view,
         name="calendar_import"),
    path("calendar/<int:year>/declare/", calendar_views.calendar_declare,
         name="calendar_declare"),
    path("jobs/", job_views.job_list, name="job_list"),
    path("jobs/<int:run_id>/retry/", job_views.job_retry_view, name="job_retry"),
    path("catalogue/", include("gongkai.catalogue.staff_urls")),
    path("search/", include("gongkai.search.staff_urls")),
    path("qa/", include("gongkai.qa.staff_urls")),
    path("laws/", include("gongkai.laws.staff_urls")),
    path("signing/", include("gongkai.signing.staff_urls")),
    path("transparency/", include("gongkai.transparency.staff_urls")),
    path("applications/", include("gongkai.applications.staff_urls")),
    path("reports/", include("gongkai.reports.staff_urls")),
]
