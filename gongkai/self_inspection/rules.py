"""The national website inspection indicators as data (国办秘函〔2019〕19号, 《政府网站与政务新媒体
检查指标》, summarised in ../shared/reference/participation-and-enforcement-rules.md, "Website
inspection"). Every threshold and point value the inspection uses is here, with where it
comes from; the engine (``checks.py``) only compares.

Where the national text gives no figure (annual report, interpretations, broken links,
content and technical checks), the value is a local choice, said so next to it, and kept
small: the national deductions are a few points each (stale policy column −5, replies not
updated −3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# -- Single-veto items (单项否决) ------------------------------------------------------------

#: 国办秘函〔2019〕19号 单项否决 "站点无法访问": over one week, the share of tries that do not
#: load the page within 15 seconds reaches 5 %.
AVAILABILITY_WINDOW = dt.timedelta(days=7)
AVAILABILITY_TIMEOUT_SECONDS = 15.0
AVAILABILITY_FAIL_SHARE = 0.05
#: Fewer tries than this in the window say nothing either way (local choice: one day of
#: hourly probes), so a fresh install is not vetoed on two tries.
AVAILABILITY_MIN_TRIES = 24

#: 国办秘函〔2019〕19号 单项否决 "首页栏目信息更新": the home page not updated for 2 weeks.
HOME_STALE = dt.timedelta(weeks=2)

#: 国办秘函〔2019〕19号 单项否决 "栏目不更新": news columns (动态、要闻类) within 2 weeks;
#: first-level notices (通知公告) and policy (政策文件) columns within 6 months. Other kinds
#: (interaction, services, reports) have no national frequency.
COLUMN_LIMITS: dict[str, dt.timedelta] = {
    "news": dt.timedelta(weeks=2),
    "notice": dt.timedelta(days=183),
    "policy": dt.timedelta(days=183),
}
#: …5 or more such columns stale is a veto.
STALE_COLUMNS_VETO = 5
#: …or 10 or more columns "长期未更新" (the indicator names no period: local choice, one year,
#: any kind of column).
LONG_STALE = dt.timedelta(days=365)
LONG_STALE_COLUMNS_VETO = 10
#: …or 5 or more empty columns (空白栏目).
EMPTY_COLUMNS_VETO = 5

#: 国办秘函〔2019〕19号 单项否决 "互动回应差": no working interaction channel, or a valid message
#: left unanswered for more than 3 months (also rules file, "Participation channels").
UNANSWERED_MONTHS = 3

#: 单项否决 "严重错误/泄露/虚假日期": serious wording errors (the administrator's list, marked
#: serious), personal data leaked on public pages, and publication dates that are faked
#: (in the future, or before the information existed). The scan kinds taken as leaks: the
#: catalogue scan (gongkai/catalogue/scan.py) reports more (内部, e-mail) for a reviewer to
#: judge; identity, bank card and mobile numbers on a public page are leaks outright.
LEAK_KINDS = frozenset({"id_card", "bank_card", "mobile"})

# -- Deductions (扣分项) ----------------------------------------------------------------------

#: 国办秘函〔2019〕19号 scoring: 100 points with deductions, up to 30 bonus points, below 60 fails.
FULL_SCORE = 100
BONUS_MAX = 30
PASS_SCORE = 60


@dataclass(frozen=True)
class Deduction:
    key: str
    name: str
    points: int  # per item (or once when ``once``)
    cap: int  # the most this indicator can take
    source: str
    once: bool = False


DEDUCTIONS: dict[str, Deduction] = {d.key: d for d in (
    # Rules file: "policy column stale 6 months −5".
    Deduction("policy_stale", "政策文件栏目超过6个月未更新", 5, 5,
              "国办秘函〔2019〕19号 信息发布·政策文件", once=True),
    # Local choice: other columns past their frequency (news 2 weeks, notices 6 months),
    # a point each below the veto's 5 columns.
    Deduction("columns_stale", "栏目未按要求更新（动态类2周、通知公告类6个月）", 1, 4,
              "国办秘函〔2019〕19号 信息发布·栏目更新（分值为本地设定）"),
    # Rules file: "message replies not updated in 2 months −3".
    Deduction("replies_stale", "留言答复超过2个月未更新", 3, 3,
              "国办秘函〔2019〕19号 互动交流·留言办理", once=True),
    # Local choice: the annual report due by 31 January (条例 第五十条) and not out.
    Deduction("annual_report_late", "政府信息公开工作年度报告未按时发布", 5, 5,
              "《政府信息公开条例》第五十条（分值为本地设定）", once=True),
    # Local choice: policies without their interpretation past the 三同步 limit.
    Deduction("interpretations_missing", "政策文件未同步解读", 1, 5,
              "国办秘函〔2019〕19号 解读回应（分值为本地设定）"),
    # Local choice: a broken link is a point, at most 5.
    Deduction("broken_links", "链接不可用（错链、断链）", 1, 5,
              "国办秘函〔2019〕19号 网站可用性（分值为本地设定）"),
    Deduction("broken_attachments", "附件无法打开", 1, 5,
              "国办秘函〔2019〕19号 网站可用性（分值为本地设定）"),
    Deduction("wording", "一般表述错误", 1, 5,
              "国办秘函〔2019〕19号 严重表述错误以外的错别字（分值为本地设定）"),
    Deduction("footer_identity", "网站标识不全（网站标识码、ICP备案号、公安机关备案号）", 1, 3,
              "国办发〔2017〕47号 《政府网站发展指引》（分值为本地设定）"),
    Deduction("page_weight", "页面体积超过预算", 1, 3,
              "《政府网站发展指引》 页面加载（分值为本地设定）"),
    # Local choices: the national indicators name no points for these technical checks.
    Deduction("ipv6", "公开地址不支持IPv6访问", 1, 1,
              "《关于加快推进互联网协议第六版（IPv6）规模部署和应用工作的通知》"
              "政府网站IPv6改造（分值为本地设定）", once=True),
    Deduction("https", "公开地址未启用HTTPS或证书无效", 1, 1,
              "《政府网站发展指引》（国办发〔2017〕47号）安全防护（分值为本地设定）", once=True),
    Deduction("accessibility", "页面存在严重无障碍问题（axe-core 严重、关键级别）", 1, 3,
              "GB/T 37668-2019《信息技术 互联网内容无障碍可访问性技术要求与测试方法》"
              "（分值为本地设定）"),
)}

# -- Bonus items the platform can see (加分项, at most BONUS_MAX) --------------------------

#: Local choices among the national bonus items (创新发展): non-text interpretations at or
#: above the work plan's 50 % (rules file, "Policy interpretation"), and every message of
#: the last 12 months answered within its limit.
BONUSES: dict[str, tuple[str, int]] = {
    "bonus_interpretation_forms": ("多元化政策解读（图解、音视频等占比达标）", 5),
    "bonus_replies_on_time": ("留言按期答复率100%", 5),
}

# -- Polite limits of the link checker (local choices, said in docs/self_inspection.md) ----

#: Each request to an outside host: connect/read timeout, total time, most bytes read,
#: most redirects followed, least seconds between two requests to one host.
LINK_TIMEOUT_SECONDS = 10.0
LINK_TOTAL_SECONDS = 20.0
LINK_MAX_BYTES = 2_000_000
LINK_MAX_REDIRECTS = 5
LINK_HOST_INTERVAL_SECONDS = 1.0
#: A public page heavier than this (HTML only) is over the page-weight budget.
PAGE_WEIGHT_BUDGET_BYTES = 500_000

#: The IPv6/HTTPS check of the public address (local choices): each connection's timeout,
#: and how many days before its expiry a certificate is a finding (renewal takes time).
REACH_TIMEOUT_SECONDS = 10.0
CERT_WARN_DAYS = 30


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the last day of a shorter month)."""
    import calendar

    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def signal_context(today: dt.date) -> dict[str, dt.date]:
    """What the apps' ``inspection_signals`` receive: the days the limits fall on."""
    return {
        "today": today,
        "unanswered_before": months_before(today, UNANSWERED_MONTHS),
        "replies_since": months_before(today, 2),
        "year_ago": months_before(today, 12),
    }


#: The single-veto items, by key: (name, source).
VETOES: dict[str, tuple[str, str]] = {
    "availability": ("站点无法访问（一周内超过5%的访问15秒内无法打开）", "国办秘函〔2019〕19号 单项否决"),
    "home_stale": ("首页栏目超过2周未更新", "国办秘函〔2019〕19号 单项否决"),
    "stale_columns": ("累计5个以上栏目未按要求更新（动态类2周、通知公告和政策文件类6个月）",
                      "国办秘函〔2019〕19号 单项否决"),
    "long_stale_columns": ("累计10个以上栏目长期未更新（一年，本地设定）", "国办秘函〔2019〕19号 单项否决"),
    "empty_columns": ("累计5个以上空白栏目", "国办秘函〔2019〕19号 单项否决"),
    "no_interaction": ("无可用的互动交流渠道", "国办秘函〔2019〕19号 单项否决"),
    "unanswered_messages": ("有效留言超过3个月未答复", "国办秘函〔2019〕19号 单项否决"),
    "serious_wording": ("严重表述错误", "国办秘函〔2019〕19号 单项否决"),
    "personal_data": ("泄露个人信息", "国办秘函〔2019〕19号 单项否决"),
    "publication_dates": ("发布日期虚假（未来日期或早于信息形成日期）", "国办秘函〔2019〕19号 单项否决"),
}
