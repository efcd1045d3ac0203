from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


def _licence_tallies(user):
    """Deadlines within the largest reminder threshold; lapsed licences and missed
    assessments first, as urgent."""
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.core.workspace import Tally
    from gongkai.directory import limits, selectors
    from gongkai.directory.policies import DirectoryPolicy

    rows = selectors.licence_deadlines(agency_ids=DirectoryPolicy.agencies_editable(user),
                                       today=timezone.localdate(),
                                       due_within=max(limits.reminder_thresholds()))
    url = reverse("staff:directory_licences")
    late = sum(1 for r in rows if r.state != "due")
    return [Tally("证照已过期或考核逾期", late, url + "?state=late", urgent=True),
            Tally("证照即将到期或待年度考核", len(rows) - late, url)]


class DirectoryConfig(GongkaiAppConfig):
    name = "gongkai.directory"
    label = "directory"
    verbose_name = _("法律服务名录")

    agency_urls = ("directory/", "gongkai.directory.urls")
    staff_urls = ("directory/", "gongkai.directory.staff_urls")
    api_router = ("/", "gongkai.directory.api:router")
    section = Section("directory", "法律服务名录", "directory:index")
    sitemaps = {"directory": "gongkai.directory.sitemaps:DirectorySitemap"}
    demo_loader = "gongkai.directory.demo:load_directory_demo"
    jobs = "gongkai.directory.jobs"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.directory.policies import DirectoryPolicy

        return [Tool("staff:directory_list", "法律服务名录", DirectoryPolicy.may_edit_any),
                Tool("staff:directory_licences", "证照到期提醒", DirectoryPolicy.may_edit_any,
                     tallies=_licence_tallies),
                Tool("staff:directory_connectors", "外部系统接口",
                     DirectoryPolicy.may_administer_any)]

    def ready(self) -> None:
        from gongkai.core import intake

        # Public status look-ups through the connectors (智慧公证, 智慧司鉴) have a rate of
        # their own beside the kit's; an operator's GONGKAI_RATELIMIT_RATES still wins.
        intake.DEFAULT_RATES.setdefault("directory.lookup", "30/h")
