"""Catalogue demo content for the two demo bureaus, and a synthetic generator for benchmarks.

``load_catalogue_demo`` (registered in ``CatalogueConfig.ready``, run by ``gongkai demo``)
writes a catalogue a visitor can believe: some 430 records of 上海市司法局 formed 2010–2026
over every topic and genre, about 50 of 徐汇区司法局, normative documents with their
validity and successors, policies with their interpretations, records withheld or disclosed
on request with reasons, historical documents never assessed and a conversion campaign half
done, drafts and one record of each waiting state. All of it is invented for the demo except
the seed notice (沪司办〔2020〕6号), whose text is copied below so that the repository does
not depend on ``../shared`` at run time. No real person is named; the one record in review
carries a made-up mobile number and e-mail address so that the confidentiality scan has
something to show.

Everything goes through the catalogue's services (create → submit → approve, with
``actor=None``, the system), so index numbers come from the real allocator and every step
is audited. Records are published in the order they were formed, so serials follow the
dates, and the seed notice gets 002420455M/2020-00035 as on the bureau's site.

Idempotent: a record is looked up by agency and title before anything is written, and so
are links, supersessions and the campaign; a second run writes nothing and audits nothing.
Specs formed after today are left for a later run.

``generate_records`` (``gongkai demo --records N``) is the opposite: it adds N synthetic
public records each time it is called, in bulk, for benchmarks. See its docstring.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalogue import document_numbers, publication, services
from gongkai.catalogue.models import (
    Campaign,
    DisclosureAttribute,
    Genre,
    IndexCounter,
    LinkKind,
    Record,
    RecordLink,
    RecordStatus,
    RecordVersion,
    ReviewDecision,
    Topic,
    Validity,
)
from gongkai.core.demo_registry import register_demo_loader
from gongkai.core.models import Agency, Department
from gongkai.workdays.calendar import WorkingCalendar

PROACTIVE = DisclosureAttribute.PROACTIVE
ON_REQUEST = DisclosureAttribute.ON_REQUEST
WITHHELD = DisclosureAttribute.WITHHELD
UNDECIDED = DisclosureAttribute.UNDECIDED

FIRST_YEAR = 2010
LAST_YEAR = 2026

# The seed notice as the bureau published it (../shared/seed/, punctuation made full-width
# and the typo 格落实 → 严格落实 corrected).
SEED_TITLE = "关于印发《上海市司法局2020年政务公开工作要点》的通知"
SEED_DATE = dt.date(2020, 4, 23)
SEED_DOCUMENT_NUMBER = "沪司办〔2020〕6号"
SEED_INDEX_NUMBER = "002420455M/2020-00035"
SEED_SERIAL = 35
SEED_BODY = """\
局机关各处室：

经局领导同意，现将《上海市司法局2020年政务公开工作要点》印发给你们，请结合工作实际，认真抓好贯彻落实。

特此通知。

上海市司法局2020年政务公开工作要点

2020年，上海市司法局政务公开工作的总体要求是：坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大及十九届二中、三中、四中全会精神和习近平总书记考察上海重要讲话精神，认真落实市委市政府和司法部关于政务公开的决策部署，聚焦社会公众关切需求，紧紧围绕司法行政中心工作，全面推进行政决策、执行、管理、服务、结果公开，优化理念、创新方式，进一步提升政务公开的标准化规范化水平和工作能级，以公开促规范，为推动司法行政治理体系和治理能力现代化发挥积极作用。

一、全面推进落实“五公开”

1.健全重大决策公开制度措施。严格落实《上海市重大行政决策程序暂行规定》，建立健全重大行政决策目录清单、重大决策预公开和利益相关方等列席有关会议的制度措施。

2.进一步推进重大决策预公开。对涉及公共利益和公众权益的重大事项，除依法应当保密的外，主动向社会公布决策草案、决策依据等，通过座谈会、网络征集、媒体沟通等多种形式广泛听取公众意见。

3.优化权责清单和行政审批服务事项清单。继续推行行政权力清单、责任清单主动公开和动态调整机制。完整准确地通过“一网通办”平台发布服务指南，指南应载明全部办事条件和规范格式文本，做到通俗易懂、场景化编制和公开。及时公开各类行政审批事项的办理流程，进一步完善并动态调整行政审批服务事项清单。

4.全面改版升级“上海法网”。将服务内容拓展至全部法律服务事项，推动实现“上海法网”平台与“智慧公证”“智慧司鉴”等系统的联通，优化和提升服务质量和公开效果。

5.及时推进执行和结果公开。围绕年度工作要点等工作部署，将年度工作进度、存在问题、后续举措等信息向社会公开。严格落实行政执法公示制度。

6.做好“双随机、一公开”工作。主动发布“双随机、一公开”抽查事项清单，及时公开检查处置结果。

7.加大建议提案办理结果公开力度。依法、及时、全面、准确、具体地向社会公开建议提案办理结果。

二、进一步规范和加强信息公开

8.认真贯彻落实新修订的《上海市政府信息公开规定》。通过线上线下多种渠道组织开展专题宣传，落实有关工作人员的学习培训工作。及时修订、完善《上海市司法局政府信息公开实施办法》。

9.完善依申请办理工作全链条管理。630前，建立健全政府信息公开申请登记、审核、办理、答复、归档的工作制度。规范办理工作全过程记录，各环节信息全面及时录入工作平台。严格落实依申请公开规范办理机制，完善依申请公开受理和答复程序，进一步完善依申请公开转主动公开机制。

10.积极拓展主动公开范围。进一步梳理确定主动公开的具体内容，630前通过门户网站的政府信息公开专栏向社会集中发布政府信息公开目录。推动建立政府信息公开属性的定期审查和动态调整机制。加快推进历史政府信息的转化公开，对2010年以来未进行公开属性认定和公开属性定为依申请公开、不予公开的行政公文，开展公开属性重新审查工作，对已具备主动公开条件的公文类信息，予以转化公开。

三、不断增强解读回应和参与实效

11.提高政策解读的精准性和针对性。推进落实政策文件、实施细则和政策解读“三同步”制度。切实提高解读质量，充分利用传统媒体、政务新媒体、门户网站、新闻发布会、媒体通气会等，多渠道开展权威解读，重点解读执行标准和范围、惠企利民举措、新旧政策差异等关键内容。进一步丰富解读形式，积极开展图表图解、视频动漫、流程演示等多元化解读，多元化解读形式占全部解读数量的比例不得低于50%。

12.进一步完善舆情回应机制。健全政务舆情监测机制，提高对社会需求、热点的搜集能力，有效回应、妥善处置社会舆论。发生重大突发事件时，要及时发出权威声音，在5个小时内作出首次回应，正确引导舆论，维护司法行政形象和公信力。

13.广泛开展多种形式的公众参与。通过门户网站、微信、微博等载体，搭建政民互动平台，畅通互动渠道，通过民意调查、网络征集、座谈会等多种方式广泛了解公众切实需求、吸收各方意见建议，提升政策制订的科学性。有关重大行政决策事项，可适时邀请利益相关方、企业代表、市民代表等列席局长办公会议、专题会议等。

14.拓展社会意见建议收集与回应渠道。充分利用“12345”市民服务热线、“12348”法律服务热线、“上海法网”、网站信箱等公众参与平台，充分收集、及时回应公众诉求。

15.组织开展公众开放活动。开展公众开放日活动（年内不少于3次）或开放周以及网络问政等主题活动，扩大公众参与范围，增进公众对司法行政工作的认同和支持。

四、推进政务公开标准化规范化建设

16.开展政务公开事项梳理和公开标准目录编制。探索分步开展司法行政领域政务公开事项梳理和公开标准目录编制，做到分类科学、内容完整，体现司法行政工作内涵，并通过门户网站向社会发布，便于公众检索、查阅。

17.规范政务公开专栏设置。将门户网站向政府网站集约化平台迁移。完成IPv6（互联网协议第六版）升级改造。加快推进门户网站政务公开专栏改版升级，优化内容展示形式和方式，提高公开专项工作内容的可见性、易查性。提供文本下载功能并做好防篡改防伪造工作，优化门户网站智能检索、智能问答功能。

18.做好公共法律服务领域基层政务公开标准指引工作。实施《关于印发公共法律服务领域基层政务公开标准指引的通知》，在门户网站开设标准化工作专栏，在公共法律服务试点领域政务公开事项标准目录的基础上，以超链接方式归集展示试点领域的各项具体信息。

19.推进公共法律服务全过程精准公开。强化公共法律服务信息精准推送，依托“一网通办”，推行惠企利民政策、办事指南分类主动推送和证照到期、办件进度及时主动提醒，确保服务对象事前准备清晰明了、事中进展实时掌握、事后结果及时获知。

五、切实强化工作保障

20.加强组织保障。调整充实市局政务公开和“互联网+政务服务”领导小组成员，研究政务公开重大事项，部署推进工作。组织政务公开工作培训，不断提高工作人员业务水平。

21.完善考核评价机制。将政务公开工作纳入机关处室年度考核。探索政务公开社会评议机制，邀请人大代表、政协委员、社会公众、新闻媒体、第三方机构等对政务公开工作开展专项评议。
"""

# Legal bases cited by the records that are not proactive (Regulations as revised in 2019,
# in force 2019-05-15: the demo dates every such record after that day).
BASIS_PROCESS = "《中华人民共和国政府信息公开条例》第十六条第二款"
BASIS_INTERNAL = "《中华人民共和国政府信息公开条例》第十六条第一款"
BASIS_THIRD_PARTY = "《中华人民共和国政府信息公开条例》第十五条、第三十二条"
REASON_MINUTES = "会议纪要系研究讨论过程中形成的过程性信息，公开可能影响决策的正常进行。"
REASON_PERSONNEL = "属于人事管理方面的内部事务信息，对外部不产生直接约束力。"

DISTRICTS = ("黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
             "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区")

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (enough for session and batch numbers)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[units] if units else "")


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# Topic texts ------------------------------------------------------------------------------
# Sentences the body builders draw on. ``{area}`` becomes 本市 or 本区, ``{a}``…``{w}`` are
# figures drawn per record.


@dataclass(frozen=True)
class TopicText:
    department: str
    to: str
    aim: str
    basis: str
    tasks: tuple[str, ...]
    facts: tuple[str, ...]
    problems: tuple[str, ...]
    keywords: str


TO_BUREAUS = "各区司法局，局机关各处室、直属各单位："
TO_OFFICES = "局机关各处室、直属各单位："

TOPICS: dict[str, TopicText] = {
    "general": TopicText(
        "办公室", TO_OFFICES,
        "深入推进政务公开，提升机关运行规范化水平",
        "《中华人民共和国政府信息公开条例》和《上海市政府信息公开规定》",
        (
            "各处室应当明确一名政务公开联络员，负责本处室政府信息的梳理、审核和报送。",
            "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则。",
            "对照政府信息公开目录，及时更新主动公开内容，确保信息准确、完整、及时。",
            "加强门户网站政务公开专栏日常维护，定期巡查栏目内容，杜绝空白栏目和过期信息。",
            "做好政府信息公开申请的登记、办理和答复工作，严格在法定期限内答复申请人。",
            "将政务公开工作纳入处室年度考核，考核结果作为评先评优的重要依据。",
        ),
        (
            "全年通过门户网站主动公开政府信息{a}条，其中政策文件{b}件，政策解读{c}篇。",
            "门户网站政务公开专栏完成改版，新增政策文件库和解读专栏，方便公众查阅。",
            "全年受理政府信息公开申请{m}件，均在法定期限内办结。",
            "组织开展政务公开业务培训{k}场次，参训人员{q}人次。",
        ),
        (
            "部分处室对政务公开工作重视不够，信息报送不够及时。",
            "政策解读形式较为单一，图表图解、视频等多元化解读比例有待提高。",
        ),
        "政务公开;政府信息公开",
    ),
    "organisation": TopicText(
        "办公室", TO_OFFICES,
        "规范机构设置和职能配置，提高机关运行效能",
        "本市机构编制管理有关规定",
        (
            "各处室应当按照调整后的职责分工，抓紧做好工作交接，确保各项工作不断不乱。",
            "各直属单位应当对照职能配置，梳理完善本单位权责清单，报局办公室备案。",
            "涉及对外公布的机构职能信息，由局办公室统一在门户网站更新。",
            "此前规定与本文件不一致的，以本文件为准。",
        ),
        (
            "局机关设办公室、法治调研处、行政执法监督处、律师工作管理处、公证工作管理处、公共法律服务管理处等内设机构。",
            "本局负责全市司法行政工作，统筹推进法治政府建设，管理律师、公证、司法鉴定、仲裁和人民调解等工作。",
            "直属单位包括上海市法律援助中心、上海市公共法律服务中心等{k}家单位。",
        ),
        ("部分直属单位职能交叉，权责边界有待进一步厘清。",),
        "机构职能;内设机构",
    ),
    "rule-of-law": TopicText(
        "法治调研处", TO_BUREAUS,
        "深入推进依法行政，加快建设法治政府",
        "《法治政府建设实施纲要》和《上海市重大行政决策程序暂行规定》",
        (
            "各区应当将重大行政决策事项纳入目录管理，目录经同级政府审定后向社会公布。",
            "行政规范性文件应当经过合法性审核，未经审核的不得提交集体审议。",
            "严格落实公众参与、专家论证、风险评估、合法性审查和集体讨论决定等法定程序。",
            "每年第一季度向社会公开上一年度法治政府建设情况报告。",
            "加强法治督察，对发现的问题督促整改并跟踪问效。",
        ),
        (
            "全年审核市政府规章草案{r}件、行政规范性文件{b}件，提出审核意见{c}条。",
            "组织开展法治政府建设示范创建，{k}个区通过市级评估。",
            "各区政府和市政府各部门均按时公开年度法治政府建设情况报告。",
        ),
        (
            "部分区和部门对重大行政决策程序执行还不够严格。",
            "基层行政执法人员法治能力与新形势要求仍有差距。",
        ),
        "法治政府;依法行政",
    ),
    "reconsideration": TopicText(
        "法治调研处", TO_BUREAUS,
        "发挥行政复议化解行政争议的主渠道作用，规范行政复议案件办理",
        "《中华人民共和国行政复议法》及其实施条例",
        (
            "行政复议机构应当畅通申请渠道，提供现场、邮寄和网上等多种申请方式。",
            "对事实清楚、争议不大的案件，可以适用简易程序，提高办案效率。",
            "案情重大、疑难、复杂的案件，应当组织听证，听取当事人意见。",
            "加强行政复议决定书的说理性，依法公开行政复议决定书。",
            "按月报送案件统计数据，数据应当真实、准确、完整。",
        ),
        (
            "全年收到行政复议申请{s}件，受理{w}件，审结案件纠错率为{pct}%以内的合理区间。",
            "行政复议调解和解结案占审结案件的{c}%。",
            "办理行政应诉案件{m}件，行政机关负责人出庭应诉率保持在较高水平。",
        ),
        ("部分案件审理期限较长，案件办理信息化水平有待提高。",),
        "行政复议;行政应诉",
    ),
    "enforcement": TopicText(
        "行政执法监督处", TO_BUREAUS,
        "规范行政执法行为，全面落实行政执法公示、执法全过程记录和重大执法决定法制审核制度",
        "《中华人民共和国行政处罚法》和本市行政执法监督有关规定",
        (
            "行政执法主体、人员、职责、依据、程序和监督方式等信息应当在门户网站集中公示。",
            "行政执法决定应当自作出之日起七个工作日内向社会公开，法律另有规定的除外。",
            "随机抽查事项清单应当向社会公布，抽查结果及时公开。",
            "行政执法人员应当持证上岗，每年参加不少于规定学时的公共法律知识培训。",
            "开展行政执法案卷评查，对评查中发现的问题限期整改。",
        ),
        (
            "全年实施行政许可{s}件、行政检查{w}次、行政处罚{r}件，相关数据均已向社会公开。",
            "完成“双随机、一公开”抽查{c}次，检查结果全部按时公示。",
            "组织行政执法人员培训{k}期，培训考试合格率达{pct}%。",
        ),
        ("个别领域行政执法数据公开不够及时。",),
        "行政执法;双随机一公开",
    ),
    "lawyers": TopicText(
        "律师工作管理处", "各区司法局，各律师事务所：",
        "规范律师事务所执业活动，促进律师行业健康发展",
        "《中华人民共和国律师法》和司法部《律师事务所管理办法》",
        (
            "律师事务所应当于规定时间内通过“上海法网”提交执业情况报告和年度检查考核材料。",
            "年度检查考核的内容包括律师事务所遵守法律法规、执业活动、管理制度建设和履行社会责任等情况。",
            "区司法局应当对材料进行审查，并提出初审意见报市局。",
            "考核结果分为“合格”“基本合格”和“不合格”三个等次，并向社会公告。",
            "对考核中发现的违法违规线索，应当依法调查处理。",
        ),
        (
            "全市共有律师事务所{w}家，执业律师{s}名，全年办理各类法律事务逾{a}万件。",
            "参加年度检查考核的律师事务所中，考核结果为“合格”的占{pct}%。",
            "律师担任党政机关和企事业单位法律顾问{m}家。",
        ),
        ("少数律师事务所管理制度不健全，执业风险防范意识不强。",),
        "律师;律师事务所;年度检查考核",
    ),
    "notaries": TopicText(
        "公证工作管理处", "各区司法局，各公证机构：",
        "规范公证执业行为，提升公证服务质量和公信力",
        "《中华人民共和国公证法》和司法部《公证机构执业管理办法》",
        (
            "公证机构应当在执业区域内受理公证事项，不得违规跨区域执业。",
            "推行“最多跑一次”公证事项清单，清单应当在办证场所和门户网站公布。",
            "公证机构应当对当事人提交材料的真实性、合法性进行审查，严防虚假公证。",
            "年度考核结果作为公证机构评先评优和公证员晋级的重要依据。",
            "加强公证执业投诉处理，投诉处理结果应当及时告知投诉人。",
        ),
        (
            "全市公证机构全年办理公证事项{s}件，其中涉外公证{w}件。",
            "“最多跑一次”公证事项扩展至{b}项，网上办证比例逐年提高。",
            "全年办理公证执业投诉{r}件，均已按期办结。",
        ),
        ("部分公证机构信息化建设相对滞后。",),
        "公证;公证机构",
    ),
    "forensics": TopicText(
        "公证工作管理处", "各司法鉴定机构：",
        "加强司法鉴定行业管理，提高司法鉴定质量",
        "《全国人民代表大会常务委员会关于司法鉴定管理问题的决定》和司法部《司法鉴定机构登记管理办法》",
        (
            "司法鉴定机构应当在登记的业务范围内开展鉴定活动，严格执行技术标准和规范。",
            "司法鉴定人应当依法独立、客观、公正地进行鉴定，并对鉴定意见负责。",
            "对执业检查中发现的问题，鉴定机构应当在规定期限内完成整改。",
            "司法鉴定机构名册每年向社会公告，并在门户网站提供查询。",
        ),
        (
            "全市经登记的司法鉴定机构{c}家，司法鉴定人{w}名。",
            "全年完成各类司法鉴定{s}件，鉴定意见采信率保持在{pct}%以上。",
            "办理司法鉴定执业投诉{r}件，均依法作出处理。",
        ),
        ("部分鉴定机构质量控制体系有待完善。",),
        "司法鉴定;鉴定机构",
    ),
    "arbitration": TopicText(
        "法治调研处", "本市各仲裁委员会：",
        "规范仲裁机构登记管理，提升仲裁公信力",
        "《中华人民共和国仲裁法》和《仲裁委员会登记暂行办法》",
        (
            "仲裁委员会应当于每年第一季度报送上一年度工作报告和财务情况。",
            "仲裁委员会变更名称、住所、组成人员的，应当依法办理变更登记。",
            "加强仲裁员队伍建设，完善仲裁员聘任和考核制度。",
            "推进仲裁与调解、诉讼的有机衔接，拓展多元化纠纷解决渠道。",
        ),
        (
            "本市仲裁机构全年受理仲裁案件{s}件，案件标的总额较上年有所增长。",
            "涉外仲裁案件{r}件，当事人涉及{c}个国家和地区。",
        ),
        ("仲裁机构国际化程度仍有提升空间。",),
        "仲裁;仲裁委员会",
    ),
    "legal-aid": TopicText(
        "公共法律服务管理处", TO_BUREAUS,
        "扩大法律援助覆盖面，提高法律援助服务质量",
        "《中华人民共和国法律援助法》和《上海市法律援助若干规定》",
        (
            "法律援助机构应当在受理场所公示法律援助的条件、程序和申请材料目录。",
            "对农民工、残疾人、老年人、未成年人等群体申请法律援助的，优先受理、优先审查、优先指派。",
            "法律援助人员应当按照规定提交办案质量材料，接受案件质量评估。",
            "畅通“12348”热线和网上申请渠道，推行法律援助申请“一次办结”。",
            "加强法律援助经费管理，确保专款专用。",
        ),
        (
            "全年组织办理法律援助案件{s}件，受援人{w}人次，提供法律咨询{a}万人次。",
            "为农民工讨要欠薪{r}千万元，案件满意度达{pct}%。",
            "法律援助工作站覆盖全部街道（乡镇）。",
        ),
        ("法律援助案件质量评估标准有待进一步细化。",),
        "法律援助",
    ),
    "mediation": TopicText(
        "公共法律服务管理处", TO_BUREAUS,
        "坚持和发展新时代“枫桥经验”，把矛盾纠纷化解在基层",
        "《中华人民共和国人民调解法》和《上海市促进多元化解矛盾纠纷条例》",
        (
            "各区应当组织人民调解组织开展矛盾纠纷排查，做到早发现、早报告、早化解。",
            "重点做好婚姻家庭、邻里关系、物业管理、劳动争议等常见多发纠纷的调解工作。",
            "加强人民调解员队伍建设，开展分级分类培训，推行人民调解员等级评定。",
            "人民调解协议书应当规范制作，调解卷宗按规定归档。",
            "推进人民调解与行政调解、司法调解衔接联动。",
        ),
        (
            "全市人民调解组织全年调解矛盾纠纷{s}件，调解成功率达{pct}%。",
            "命名金牌人民调解工作室{c}个，培训人民调解员{w}人次。",
            "全市共有人民调解委员会{a}百余个。",
        ),
        ("部分基层调解组织专职调解员力量不足。",),
        "人民调解;矛盾纠纷",
    ),
    "correction": TopicText(
        "行政执法监督处", TO_BUREAUS,
        "依法规范实施社区矫正，提高教育矫正质量",
        "《中华人民共和国社区矫正法》及其实施办法",
        (
            "社区矫正机构应当根据社区矫正对象的情况制定有针对性的矫正方案。",
            "落实分类管理、个别化矫正，对不同类别的对象采取不同的监督管理措施。",
            "组织社区矫正对象参加公益活动和教育学习，帮助其融入社会。",
            "加强与公安、检察院、法院的信息共享和工作衔接。",
            "保护社区矫正对象的个人信息，不得泄露其身份信息。",
        ),
        (
            "全年接收社区矫正对象{w}人，解除矫正{m}人，重新犯罪率控制在较低水平。",
            "组织集中教育{k}百余场次，开展就业指导和技能培训。",
        ),
        ("社区矫正社会工作者队伍专业化水平有待提高。",),
        "社区矫正",
    ),
    "publicity": TopicText(
        "法治调研处", TO_BUREAUS,
        "深入开展法治宣传教育，增强全民法治观念",
        "全国人大常委会关于开展法治宣传教育的决议和{area}法治宣传教育规划",
        (
            "以宪法、民法典和与群众生产生活密切相关的法律法规为重点，开展形式多样的宣传活动。",
            "落实“谁执法谁普法”普法责任制，各部门每年公布普法责任清单。",
            "充分利用法治宣传教育基地、新媒体平台，开展以案释法和公益普法。",
            "加强青少年法治教育，推动法治教育进学校、进课堂。",
            "活动结束后及时报送工作总结和典型经验。",
        ),
        (
            "全年开展各类法治宣传活动{s}场次，覆盖群众{a}万人次。",
            "命名市级法治宣传教育基地{c}个，建成法治文化阵地{r}处。",
        ),
        ("普法针对性和实效性还有待提升。",),
        "法治宣传;普法",
    ),
    "legal-services": TopicText(
        "公共法律服务管理处", TO_BUREAUS,
        "加快建设覆盖城乡、便捷高效、均等普惠的现代公共法律服务体系",
        "关于加快推进公共法律服务体系建设的意见",
        (
            "区、街道（乡镇）、居村三级公共法律服务实体平台应当统一标识、统一服务标准。",
            "“12348”公共法律服务热线应当提供全天候法律咨询服务，接通率保持在较高水平。",
            "公共法律服务事项清单应当向社会公布，并根据实际动态调整。",
            "推动公共法律服务事项接入“一网通办”，实现线上线下一体化服务。",
            "建立服务评价机制，群众评价结果作为服务机构考核的重要依据。",
        ),
        (
            "全市建成公共法律服务中心（站、点）{a}百余个，实现实体平台全覆盖。",
            "“12348”热线全年接听来电{s}通，群众满意率达{pct}%。",
            "居村法律顾问覆盖率保持100%。",
        ),
        ("公共法律服务资源在城乡之间分布仍不均衡。",),
        "公共法律服务;12348",
    ),
    "personnel": TopicText(
        "办公室", TO_OFFICES,
        "加强干部队伍建设，规范人事管理",
        "《中华人民共和国公务员法》和《事业单位人事管理条例》",
        (
            "招聘工作坚持公开、平等、竞争、择优原则，招聘信息在门户网站统一发布。",
            "报考人员应当如实提交报名材料，凡弄虚作假的取消考试或聘用资格。",
            "考试成绩和拟聘用人员信息按规定进行公示，公示期不少于七个工作日。",
            "年度考核应当坚持客观公正，考核结果按规定告知本人。",
        ),
        (
            "本年度计划招聘工作人员{r}名，涉及{c}个岗位。",
            "全年组织干部教育培训{k}期，培训{q}人次。",
        ),
        ("专业化人才储备仍有不足。",),
        "人事;招聘",
    ),
    "finance": TopicText(
        "办公室", TO_OFFICES,
        "加强预算管理，提高财政资金使用效益",
        "《中华人民共和国预算法》和本市预决算公开有关规定",
        (
            "预算执行应当严格按照批复的预算进行，不得擅自调整预算用途。",
            "政府采购项目应当公开采购意向，依法组织采购。",
            "加强预算绩效管理，对重点项目开展绩效评价，评价结果向社会公开。",
            "严格控制“三公”经费支出。",
        ),
        (
            "本年度收入预算{w}万元，其中财政拨款收入{s}万元。",
            "“三公”经费支出{r}十万元，较上年有所下降。",
            "政府采购预算{m}十万元。",
        ),
        ("部分项目预算编制的精细化程度有待提高。",),
        "部门预算;部门决算;预决算公开",
    ),
    "plans": TopicText(
        "法治调研处", TO_BUREAUS,
        "统筹推进司法行政各项工作，服务保障经济社会发展",
        "市委、市政府年度工作部署和司法部工作要求",
        (
            "坚持以法治政府建设为统领，推进严格规范公正文明执法。",
            "深化公共法律服务体系建设，不断提升服务能级。",
            "深入推进普法依法治理，营造良好法治环境。",
            "全面加强司法行政队伍建设，锻造忠诚干净担当的司法行政铁军。",
            "加强信息化建设，推进“智慧司法”建设。",
        ),
        (
            "各项年度重点任务总体完成，{c}项重点改革任务按期推进。",
            "规划确定的主要指标进展顺利。",
        ),
        ("规划实施中部分指标推进不平衡。",),
        "工作要点;规划",
    ),
    "proposals": TopicText(
        "办公室", "尊敬的代表：",
        "认真办理人大代表建议和政协委员提案，回应社会关切",
        "本市人大代表建议、政协提案办理工作有关规定",
        (
            "我局将会同有关部门进一步完善相关工作机制，推动建议落地见效。",
            "下一步将把建议内容纳入年度工作计划，加强督促检查。",
            "我局将加强与相关部门的沟通协作，形成工作合力。",
        ),
        (
            "您的建议对我们改进工作很有帮助，我局已组织相关处室认真研究。",
            "近年来，我局在该领域已开展了多项工作，取得了一定成效。",
            "全年承办人大代表建议{c}件、政协提案{r}件，均按期办结，答复满意率达{pct}%。",
        ),
        ("部分建议涉及多个部门职责，需进一步加强协同。",),
        "建议提案;人大代表建议;政协提案",
    ),
}

SFJ_DEPARTMENTS = {
    "general": "办公室", "organisation": "办公室", "personnel": "办公室", "finance": "办公室",
    "proposals": "办公室", "rule-of-law": "法治调研处", "reconsideration": "法治调研处",
    "arbitration": "法治调研处", "publicity": "法治调研处", "plans": "法治调研处",
    "enforcement": "行政执法监督处", "correction": "行政执法监督处", "lawyers": "律师工作管理处",
    "notaries": "公证工作管理处", "forensics": "公证工作管理处", "legal-aid": "公共法律服务管理处",
    "mediation": "公共法律服务管理处", "legal-services": "公共法律服务管理处",
}

PROPOSAL_ISSUES = (
    "加强社区法律顾问队伍建设",
    "推进公共法律服务实体平台标准化建设",
    "加大对老年人法律援助的力度",
    "提升涉外法律服务能力",
    "推动律师参与化解信访矛盾",
    "加强青少年法治宣传教育",
    "完善物业纠纷人民调解机制",
    "优化公证服务“一网通办”",
    "加强司法鉴定行业监管",
    "推进行政复议规范化建设",
)

CIRCULAR_NOTES = (
    "期间可通过“一网通办”平台和“上海法网”在线办理相关业务。",
    "如遇特殊情况需要调整，本局将通过门户网站另行公布。",
    "请有关单位和人员合理安排时间，避免集中前往窗口办理。",
    "本通告自发布之日起施行。",
)

# Templates: one per kind of recurring record ------------------------------------------------


@dataclass(frozen=True)
class Tpl:
    """A recurring record: ``title`` takes {y} (year formed), {p} (the year before), {d}
    (a district), {k} (an ordinal batch) and the session fields of proposal replies."""

    topic: str
    genre: str
    title: str
    summary: str
    months: tuple[int, ...]
    first: int = FIRST_YEAR
    last: int = LAST_YEAR
    every: int = 1
    offset: int = 0
    to: str = ""

    def years(self) -> list[int]:
        return [y for y in range(self.first, self.last + 1)
                if (y - self.first - self.offset) % self.every == 0 and y - self.first >= self.offset]


SFJ_TEMPLATES: tuple[Tpl, ...] = (
    # 综合政务
    Tpl("general", "notice", "关于印发《上海市司法局{y}年政务公开工作要点》的通知",
        "印发本局{y}年政务公开工作要点，部署年度政务公开重点任务。", (3, 4)),
    Tpl("general", "annual-report", "上海市司法局{p}年政府信息公开工作年度报告",
        "公布本局{p}年政府信息公开工作情况，包括主动公开、依申请公开和复议诉讼等数据。", (1, 2, 3)),
    Tpl("general", "circular", "关于{y}年春节期间政务服务窗口办公安排的通告",
        "公布{y}年春节假期本局政务服务窗口的办公时间和咨询渠道。", (1,), 2012, every=3),
    Tpl("general", "other", "上海市司法局政府信息公开指南（{y}年修订）",
        "说明本局政府信息公开的范围、方式、申请程序和监督方式。", (5, 6), every=4),
    Tpl("general", "notice", "关于做好{p}年度政府信息公开工作年度报告编制发布工作的通知",
        "部署{p}年度政府信息公开工作年度报告的编制、审核和发布。", (1,), every=4, offset=1),
    # 机构职能
    Tpl("organisation", "other", "上海市司法局机构职能概况（{y}年）",
        "介绍本局主要职责、内设机构和直属单位设置情况。", (1, 2), every=4),
    # 法治政府建设
    Tpl("rule-of-law", "report", "上海市司法局关于{p}年度法治政府建设情况的报告",
        "报告本局{p}年度推进法治政府建设的主要举措、成效和存在的问题。", (2, 3), 2016),
    Tpl("rule-of-law", "notice", "关于做好{y}年度重大行政决策事项目录编制和公布工作的通知",
        "部署{y}年度重大行政决策事项目录的编制、审定和公布。", (2, 3), 2019, every=2),
    Tpl("rule-of-law", "notice", "关于开展{y}年度本市法治政府建设示范创建活动的通知",
        "部署{y}年度法治政府建设示范创建的申报、评估和命名工作。", (5, 6), 2019, every=3, offset=1),
    # 行政复议
    Tpl("reconsideration", "report", "上海市司法局{p}年度行政复议和行政应诉工作情况报告",
        "报告{p}年度本市行政复议案件办理和行政应诉工作情况。", (3, 4), every=3),
    Tpl("reconsideration", "other", "本市行政复议典型案例（{y}年）",
        "选编本市{y}年办结的行政复议典型案例，以案释法。", (11, 12), 2014, 2025, every=2, offset=1),
    Tpl("reconsideration", "notice", "关于做好{y}年度行政复议案件统计和分析工作的通知",
        "明确{y}年度行政复议案件统计口径、报送时间和分析要求。", (1,), every=3, offset=2),
    # 行政执法监督
    Tpl("enforcement", "announcement", "关于公布上海市司法局{y}年度“双随机、一公开”抽查事项清单的公告",
        "公布本局{y}年度随机抽查事项、抽查对象和检查方式。", (2, 3), 2018, every=2),
    Tpl("enforcement", "other", "上海市司法局{p}年度行政执法数据",
        "公开本局{p}年度行政许可、行政处罚、行政检查等执法数据。", (1,), 2019, every=2),
    Tpl("enforcement", "notice", "关于开展{y}年度行政执法案卷评查工作的通知",
        "部署{y}年度行政执法案卷评查的范围、标准和时间安排。", (5, 6), every=3),
    Tpl("enforcement", "circular", "关于组织{y}年度行政执法人员公共法律知识培训考试的通告",
        "公布{y}年度行政执法人员公共法律知识培训考试的时间和要求。", (8, 9), every=4, offset=1),
    # 律师管理
    Tpl("lawyers", "notice", "关于开展{y}年度律师事务所年度检查考核工作的通知",
        "部署{y}年度本市律师事务所年度检查考核工作，明确考核内容、程序和时间安排。", (3,), every=2),
    Tpl("lawyers", "announcement", "关于公布{p}年度上海市律师事务所年度检查考核结果的公告",
        "公布{p}年度本市律师事务所年度检查考核结果。", (6, 7), 2011, every=3),
    Tpl("lawyers", "reply", "上海市司法局关于同意{d}司法局开展律师调解工作试点的批复",
        "同意区司法局开展律师调解工作试点并提出工作要求。", (4, 5, 6), 2017, 2020, every=3,
        to="{d}司法局："),
    Tpl("lawyers", "decision", "上海市司法局关于授予{y}年度上海市优秀公共法律服务律师事务所称号的决定",
        "表彰{y}年度在公共法律服务中表现突出的律师事务所。", (12,), 2016, 2025, every=3),
    Tpl("lawyers", "circular", "关于{y}年度申请律师执业人员集中培训的通告",
        "公布{y}年度申请律师执业人员集中培训的报名条件和时间安排。", (4,), every=4, offset=2),
    # 公证管理
    Tpl("notaries", "notice", "关于开展{y}年度公证机构和公证员执业年度考核工作的通知",
        "部署{y}年度公证机构和公证员执业年度考核工作。", (1, 2), every=3, offset=1),
    Tpl("notaries", "announcement", "关于公布{p}年度上海市公证员执业年度考核结果的公告",
        "公布{p}年度本市公证员执业年度考核结果。", (5,), 2012, every=3),
    Tpl("notaries", "reply", "上海市司法局关于同意{d}公证处增设便民办证点的批复",
        "同意公证处增设便民办证点并提出规范执业要求。", (9, 10), 2014, 2024, every=5,
        to="{d}司法局："),
    Tpl("notaries", "circular", "关于{y}年国庆节期间公证机构办证安排的通告",
        "公布{y}年国庆节假期本市公证机构的办证安排。", (9,), every=4, offset=3),
    # 司法鉴定管理
    Tpl("forensics", "announcement", "关于公布上海市{y}年度司法鉴定机构名册的公告",
        "公布{y}年度本市经登记的司法鉴定机构名称、业务范围和住所。", (3, 4), every=5, offset=1),
    Tpl("forensics", "notice", "关于开展{y}年度司法鉴定机构和司法鉴定人执业情况检查的通知",
        "部署{y}年度司法鉴定执业情况检查。", (5, 6), every=3, offset=1),
    Tpl("forensics", "report", "关于{p}年度本市司法鉴定工作情况的报告",
        "报告{p}年度本市司法鉴定行业管理和执业情况。", (2, 3), every=4),
    Tpl("forensics", "circular", "关于{y}年度申请从事司法鉴定业务人员考核登记的通告",
        "公布{y}年度申请从事司法鉴定业务人员考核登记的条件和程序。", (8,), 2012, every=5),
    # 仲裁
    Tpl("arbitration", "notice", "关于做好{y}年度本市仲裁委员会年度报告工作的通知",
        "部署本市各仲裁委员会{y}年度工作报告的报送。", (2, 3), every=3, offset=2),
    Tpl("arbitration", "announcement", "关于公布本市仲裁机构{y}年度登记情况的公告",
        "公布本市仲裁机构{y}年度登记和变更登记情况。", (6,), 2013, every=3),
    # 法律援助
    Tpl("legal-aid", "report", "上海市司法局关于{p}年度法律援助工作情况的报告",
        "报告{p}年度本市法律援助案件办理、经费保障和质量管理情况。", (1, 2, 3), every=2),
    Tpl("legal-aid", "notice", "关于开展{y}年农民工欠薪求助法律援助专项行动的通知",
        "部署{y}年冬春农民工欠薪求助法律援助专项行动。", (11, 12), 2010, 2025, every=3),
    Tpl("legal-aid", "circular", "关于春节前开通农民工法律援助绿色通道的通告（{y}年）",
        "公布{y}年春节前农民工法律援助绿色通道的受理方式。", (1,), every=4, offset=3),
    # 人民调解
    Tpl("mediation", "notice", "关于开展{y}年度矛盾纠纷排查化解专项活动的通知",
        "部署{y}年度矛盾纠纷排查化解专项活动。", (1, 2, 9), every=3, offset=1),
    Tpl("mediation", "decision", "上海市司法局关于命名{y}年度上海市金牌人民调解工作室的决定",
        "命名{y}年度上海市金牌人民调解工作室。", (12,), 2014, 2025, every=3),
    Tpl("mediation", "report", "关于{p}年度全市人民调解工作情况的报告",
        "报告{p}年度全市人民调解组织化解矛盾纠纷情况。", (2,), every=3),
    Tpl("mediation", "minutes", "{y}年全市人民调解工作推进会会议纪要",
        "记录{y}年全市人民调解工作推进会议定事项。", (5, 6), 2012, every=4),
    # 社区矫正
    Tpl("correction", "notice", "关于做好{y}年度社区矫正对象教育帮扶工作的通知",
        "部署{y}年度社区矫正对象教育学习、公益活动和帮扶工作。", (3, 4), 2012, every=3),
    Tpl("correction", "report", "关于{p}年度全市社区矫正工作情况的报告",
        "报告{p}年度全市社区矫正对象接收、监管和教育帮扶情况。", (1, 2), 2011, every=3),
    # 法治宣传
    Tpl("publicity", "notice", "关于开展{y}年“12·4”国家宪法日集中宣传活动的通知",
        "部署{y}年“12·4”国家宪法日集中宣传活动。", (11,), 2014, 2017, every=2),
    Tpl("publicity", "notice", "关于开展{y}年“12·4”国家宪法日暨“宪法宣传周”活动的通知",
        "部署{y}年国家宪法日暨“宪法宣传周”系列宣传活动。", (11,), 2018, 2025, every=2),
    Tpl("publicity", "work-points", "上海市{y}年普法依法治理工作要点",
        "明确{y}年本市普法依法治理工作的总体要求和重点任务。", (2, 3), every=2, offset=1),
    Tpl("publicity", "decision", "关于命名第{k}批上海市法治宣传教育基地的决定",
        "命名新一批上海市法治宣传教育基地。", (10,), 2012, 2024, every=3),
    Tpl("publicity", "notice", "关于开展{y}年“美好生活·民法典相伴”主题宣传月活动的通知",
        "部署{y}年民法典主题宣传月活动。", (5,), 2021),
    # 公共法律服务
    Tpl("legal-services", "notice", "关于做好{y}年“12348”公共法律服务热线运行保障工作的通知",
        "部署{y}年“12348”热线运行保障、值守和质量管理工作。", (1, 2), 2016, every=2),
    Tpl("legal-services", "announcement", "关于公布{y}年度上海市公共法律服务中心（站、点）名录的公告",
        "公布{y}年度本市公共法律服务实体平台名录。", (6, 7), 2018, 2024, every=2),
    Tpl("legal-services", "other", "上海市公共法律服务事项清单（{y}年版）",
        "公布本市公共法律服务事项名称、服务内容、服务方式和依据。", (3, 4), 2019, every=2),
    # 人事信息
    Tpl("personnel", "announcement", "上海市司法局{y}年度公开招聘事业单位工作人员公告",
        "公布{y}年度局属事业单位公开招聘的岗位、条件和程序。", (3, 4), every=3),
    Tpl("personnel", "other", "上海市司法局{y}年度考试录用公务员职位表",
        "公布{y}年度本局考试录用公务员的职位和资格条件。", (11,), 2011, every=3),
    # 财政预决算
    Tpl("finance", "other", "上海市司法局{y}年度部门预算",
        "公开本局{y}年度部门收支预算、“三公”经费预算和项目预算。", (1, 2), 2011, every=2),
    Tpl("finance", "other", "上海市司法局{p}年度部门决算",
        "公开本局{p}年度部门收支决算和“三公”经费决算。", (7, 8), 2012, every=2),
    Tpl("finance", "announcement", "上海市司法局{y}年度政府采购意向公告",
        "公开本局{y}年度政府采购项目的采购意向。", (3, 4), 2020, every=2),
    # 规划计划
    Tpl("plans", "work-points", "{y}年上海市司法行政工作要点",
        "明确{y}年本市司法行政工作的总体要求和重点任务。", (2, 3), every=2),
    # 建议提案办理
    Tpl("proposals", "letter", "对市{ren}届人大{ses}次会议第{num}号代表建议的答复",
        "答复市人大代表关于司法行政工作的建议。", (5, 6), 2013, every=2),
    Tpl("proposals", "letter", "对市政协{zx}届{ses}次会议第{num}号提案的答复",
        "答复市政协委员关于司法行政工作的提案。", (5, 6), 2014, every=2),
    Tpl("proposals", "other", "上海市司法局{p}年度人大代表建议和政协提案办理情况",
        "公开本局{p}年度承办人大代表建议和政协提案的办理结果。", (2, 3), 2017, every=2),
)

XHSFJ_TEMPLATES: tuple[Tpl, ...] = (
    Tpl("general", "annual-report", "上海市徐汇区司法局{p}年政府信息公开工作年度报告",
        "公布本局{p}年政府信息公开工作情况。", (1, 2), 2017),
    Tpl("plans", "work-points", "徐汇区司法局{y}年工作要点",
        "明确本局{y}年工作的总体要求和重点任务。", (2, 3), 2017, every=2),
    Tpl("publicity", "notice", "关于开展{y}年徐汇区“宪法宣传周”系列活动的通知",
        "部署本区{y}年“宪法宣传周”系列宣传活动。", (11,), 2018, 2025, every=2),
    Tpl("correction", "notice", "关于做好{y}年度社区矫正对象集中教育工作的通知",
        "部署本区{y}年度社区矫正对象集中教育工作。", (3, 4), 2017, every=3),
    Tpl("mediation", "report", "关于{p}年度徐汇区人民调解工作情况的报告",
        "报告本区{p}年度人民调解工作情况。", (1, 2), 2018, every=2),
    Tpl("finance", "other", "上海市徐汇区司法局{y}年度部门预算",
        "公开本局{y}年度部门收支预算。", (2,), 2018, every=2),
    Tpl("mediation", "announcement", "关于公布徐汇区{y}年度人民调解委员会名录的公告",
        "公布本区{y}年度人民调解委员会名录。", (6,), 2019, every=3),
    Tpl("legal-aid", "notice", "关于开展{y}年徐汇区农民工欠薪法律援助专项行动的通知",
        "部署本区{y}年农民工欠薪法律援助专项行动。", (11, 12), 2017, 2025, every=3),
    Tpl("legal-services", "notice", "关于做好{y}年徐汇区居村法律顾问工作的通知",
        "部署本区{y}年居村法律顾问配备和服务工作。", (3,), 2018, every=4),
)

NORMATIVE_KINDS = {"measures": "办法", "provisions": "规定", "rules": "细则", "opinion": "意见"}
OFFICIAL_GENRES = {"notice", "decision", "opinion", "measures", "provisions", "rules",
                   "announcement", "circular", "report", "reply", "letter", "minutes",
                   "work-points"}


# Specs ------------------------------------------------------------------------------------


@dataclass
class Spec:
    """One demo record as it should end up. ``state`` is the workflow state to leave it in."""

    title: str
    topic: str
    genre: str
    formed_on: dt.date
    summary: str = ""
    body: str = ""
    department: str = ""
    keywords: str = ""
    document_number: str = ""
    issuer: str = ""  # numbered when the agency's specs are complete, in date order
    official: bool | None = None
    attribute: str = PROACTIVE
    withholding_reason: str = ""
    withholding_basis: str = ""
    validity: str = ""
    state: str = RecordStatus.PUBLISHED
    published_on: dt.date | None = None
    fixed_published_on: bool = False
    attachments: tuple[tuple[str, Callable[[], bytes]], ...] = ()
    comment: str = ""  # the reviewer's comment for a returned record
    to: str = ""


@dataclass
class Supersession:
    old: str
    new: str
    validity: str
    changed_on: dt.date
    note: str


@dataclass
class AgencyContent:
    slug: str
    specs: list[Spec] = field(default_factory=list)
    supersessions: list[Supersession] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)


class _Text:
    """Body builders, one per genre, over a topic's sentences."""

    def __init__(self, rng: random.Random, text: TopicText, *, agency: str, area: str):
        self.rng = rng
        self.text = text
        self.agency = agency
        self.area = area
        self.figures = {
            "a": rng.randint(3, 9), "b": rng.randint(20, 80), "c": rng.randint(8, 40),
            "k": rng.randint(2, 9), "m": rng.randint(60, 300), "q": rng.randint(100, 600),
            "r": rng.randint(3, 30), "s": rng.randint(1200, 9800), "w": rng.randint(300, 2900),
            "pct": rng.randint(90, 99),
        }

    def fill(self, sentence: str) -> str:
        return sentence.format(area=self.area, **self.figures)

    def pick(self, pool: tuple[str, ...], n: int) -> list[str]:
        return [self.fill(s) for s in self.rng.sample(pool, min(n, len(pool)))]

    def numbered(self, sentences: list[str]) -> str:
        heads = "一二三四五六七八九十"
        return "\n\n".join(f"{heads[i]}、{s}" for i, s in enumerate(sentences))


def _core(title: str, agency: str) -> str:
    """The subject of a title: 上海市司法局关于X的通知 → X."""
    core = title
    for prefix in (agency + "关于", "关于", agency):
        if core.startswith(prefix):
            core = core[len(prefix):]
            break
    return re.sub(r"的?(通知|公告|通告|通报|决定|批复|函|报告|意见|答复)$", "", core)


ISSUED = re.compile(r"^关于印发(修订后的)?《(?P<name>.+)》的通知$")


def _articles(t: _Text, name: str, kind: str, effective: dt.date) -> str:
    subject = re.sub(rf"^(上海市司法局|上海市|徐汇区)?(.+?)(实施|管理)?{kind}$", r"\2", name)
    rules = t.pick(t.text.tasks, 4)
    lines = [
        f"第一条 为了{t.text.aim}，根据{t.fill(t.text.basis)}，结合{t.area}实际，制定本{kind}。",
        f"第二条 本{kind}适用于{t.area}{subject}有关工作。",
    ]
    numbers = "三四五六"
    lines += [f"第{numbers[i]}条 {rule}" for i, rule in enumerate(rules)]
    lines += [f"第七条 本{kind}由{t.agency}负责解释。",
              f"第八条 本{kind}自{cn_date(effective)}起施行。"]
    return f"{name}\n\n" + "\n\n".join(lines)


def _body(spec: Spec, t: _Text, year: int) -> str:
    """A few short paragraphs in the register of the genre."""
    text, genre = t.text, spec.genre
    core = _core(spec.title, t.agency)
    to = spec.to or text.to
    issued = ISSUED.match(spec.title)
    if issued:
        name = issued["name"]
        revised = issued.group(1) or ""
        preface = f"{to}\n\n现将{revised}《{name}》印发给你们，请结合实际认真贯彻执行。\n\n特此通知。"
        kind = NORMATIVE_KINDS.get(genre)
        if kind and name.endswith(kind):
            effective = spec.formed_on + dt.timedelta(days=t.rng.randint(10, 40))
            return preface + "\n\n" + _articles(t, name, kind, effective)
        points = t.numbered(t.pick(text.tasks, 4))
        return (preface + f"\n\n{name}\n\n{year}年，{t.agency}工作的总体要求是：{text.aim}。"
                f"\n\n{points}")
    if genre == "notice":
        tasks = t.numbered(t.pick(text.tasks, 3))
        return (f"{to}\n\n为{text.aim}，根据{t.fill(text.basis)}，现就{core}有关事项通知如下："
                f"\n\n{tasks}\n\n请各单位结合实际抓好落实，工作中遇到的问题请及时与市局"
                f"{spec.department or text.department}联系。\n\n特此通知。")
    if genre == "decision":
        fact = t.pick(text.facts, 1)[0]
        return (f"{to}\n\n为{text.aim}，经局长办公会议研究，决定{core}。\n\n{fact}\n\n"
                "希望受到表彰和命名的单位珍惜荣誉、再接再厉，进一步发挥示范引领作用。")
    if genre in NORMATIVE_KINDS:  # an opinion or rules not issued by a notice
        kind = NORMATIVE_KINDS[genre]
        if kind == "意见":
            items = t.pick(text.tasks, 3)
            return (f"{to}\n\n为{text.aim}，根据{t.fill(text.basis)}，结合{t.area}实际，现就{core}"
                    f"提出如下意见：\n\n一、总体要求\n\n坚持问题导向和目标导向，{text.aim}。\n\n"
                    f"二、主要任务\n\n{items[0]}{items[1]}\n\n三、保障措施\n\n{items[2]}\n\n"
                    f"本意见自印发之日起施行，有效期五年。")
        return _articles(t, spec.title, kind, spec.formed_on + dt.timedelta(days=30))
    if genre == "announcement":
        facts = "\n\n".join(t.pick(text.facts, 2))
        if core.startswith("公布"):
            return (f"根据{t.fill(text.basis)}，现将{core[2:]}予以公布。\n\n{facts}\n\n"
                    "特此公告。")
        return f"根据{t.fill(text.basis)}，现就{core}有关事项公告如下：\n\n{facts}\n\n特此公告。"
    if genre == "circular":
        tasks = t.numbered(t.pick(text.tasks, 1) + t.pick(CIRCULAR_NOTES, 2))
        return (f"为{text.aim}，现将{core}有关事项通告如下：\n\n{tasks}\n\n"
                "如有疑问，可拨打“12348”公共法律服务热线咨询。\n\n特此通告。")
    if genre == "report":
        facts = "".join(t.pick(text.facts, 2))
        problems = t.pick(text.problems, 1)[0]
        tasks = "".join(t.pick(text.tasks, 2))
        return (f"市人民政府：\n\n现将{core}报告如下：\n\n一、基本情况\n\n{facts}\n\n"
                f"二、存在的问题\n\n{problems}\n\n三、下一步工作打算\n\n{tasks}\n\n特此报告。")
    if genre == "reply":
        task = t.pick(text.tasks, 1)[0]
        agreed = core.removeprefix("同意")
        return (f"{to}\n\n你局报来的请示收悉。经研究，现批复如下：\n\n一、同意{agreed}。\n\n"
                f"二、{task}\n\n三、请加强指导监督，有关情况及时报告市局{text.department}。"
                "\n\n此复。")
    if genre == "letter":
        if spec.topic == "proposals":
            issue = t.rng.choice(PROPOSAL_ISSUES)
            member = "委员" if "政协" in spec.title else "代表"
            kind = "提案" if member == "委员" else "建议"
            facts = "".join(t.pick(text.facts, 2))
            return (f"尊敬的{member}：\n\n您提出的关于{issue}的{kind}收悉。经认真研究，现答复如下："
                    f"\n\n{facts}\n\n{t.pick(text.tasks, 1)[0]}\n\n感谢您对司法行政工作的关心和支持。")
        tasks = t.numbered(t.pick(text.tasks, 2))
        return f"{to}\n\n为{text.aim}，现就{core}有关事项函商如下：\n\n{tasks}\n\n请予支持为盼。"
    if genre == "minutes":
        tasks = t.numbered(t.pick(text.tasks, 3))
        return (f"{cn_date(spec.formed_on)}，{core.removesuffix('会议纪要')}召开。会议听取了有关"
                f"工作情况汇报，研究部署了下一阶段工作。会议议定事项如下：\n\n{tasks}")
    if genre == "work-points":
        tasks = t.numbered(t.pick(text.tasks, 4))
        return f"{year}年，{core}的总体要求是：{text.aim}。\n\n{tasks}"
    if genre == "annual-report":
        return _annual_report(t, spec, year - 1)
    if spec.topic == "finance":
        facts = "\n\n".join(t.pick(text.facts, 2))
        return (f"一、部门主要职能\n\n{t.agency}负责{t.area}司法行政工作。\n\n二、收支情况说明\n\n"
                f"{facts}\n\n三、其他重要事项说明\n\n{t.pick(text.tasks, 1)[0]}")
    facts = t.numbered(t.pick(text.facts, 2) + t.pick(text.tasks, 1))
    return f"根据{t.fill(text.basis)}，现将{core}公布如下：\n\n{facts}"


def _annual_report(t: _Text, spec: Spec, year: int) -> str:
    rng = t.rng
    proactive, applications = rng.randint(280, 960), rng.randint(40, 320)
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》和《上海市政府信息公开规定》要求，由"
        f"{t.agency}编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请"
        f"情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告"
        f"的事项。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n\n"
        f"一、总体情况\n\n{year}年，本局主动公开政府信息{proactive}条，收到政府信息公开申请"
        f"{applications}件，全部在法定期限内答复。\n\n二、主动公开政府信息情况\n\n"
        f"本年度制发行政规范性文件{rng.randint(2, 9)}件，全部按规定主动公开，同步发布政策解读。"
        f"\n\n三、收到和处理政府信息公开申请情况\n\n本年度新收申请{applications}件，其中予以公开"
        f"{applications // 2}件，部分公开{applications // 8}件，其余依法作出答复。\n\n"
        f"四、政府信息公开行政复议、行政诉讼情况\n\n因政府信息公开被申请行政复议"
        f"{rng.randint(0, 9)}件，被提起行政诉讼{rng.randint(0, 5)}件。\n\n"
        f"五、存在的主要问题及改进情况\n\n{t.pick(t.text.problems, 1)[0]}下一步，本局将"
        f"{t.text.aim}。\n\n六、其他需要报告的事项\n\n本年度未收取信息处理费。"
    )


def _interpretation(policy: Spec, t: _Text, *, formats: str = "") -> Spec:
    name = ISSUED.match(policy.title)
    doc = name["name"] if name else policy.title
    tasks = "".join(t.pick(t.text.tasks, 2))
    body = (f"一、制定背景\n\n为{t.text.aim}，根据{t.fill(t.text.basis)}，结合{t.area}实际，"
            f"{t.agency}制定了《{doc}》。\n\n二、主要内容\n\n《{doc}》主要包括以下内容：{tasks}\n\n"
            f"三、施行时间\n\n《{doc}》自印发之日起三十日后施行。{formats}")
    return Spec(
        title=f"《{doc}》政策解读", topic=policy.topic, genre="interpretation",
        formed_on=policy.formed_on, summary=f"解读《{doc}》的制定背景、主要内容和施行时间。"[:100],
        body=body, department=policy.department, keywords=policy.keywords, official=False,
    )


# Attachments, built in memory ------------------------------------------------------------


def _docx(title: str, paragraphs: list[str], table: Sequence[tuple[str, ...]] = ()) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.author = "上海市司法局（演示数据）"
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=0, cols=len(table[0]))
        for row in table:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _forensics_roster(year: int) -> Callable[[], bytes]:
    institutions = [
        ("上海申江司法鉴定所", "法医临床、法医病理", "徐汇区"),
        ("上海浦滨司法鉴定中心", "文书、痕迹", "浦东新区"),
        ("上海衡正司法鉴定所", "声像资料、电子数据", "静安区"),
        ("上海明鉴司法鉴定所", "法医物证、法医毒物", "长宁区"),
        ("上海江湾司法鉴定中心", "环境损害", "杨浦区"),
        ("上海松泽司法鉴定所", "法医精神病", "松江区"),
    ]
    rows = [("序号", "机构名称（演示数据）", "业务范围", "住所所在区")]
    rows += [(str(i), *item) for i, item in enumerate(institutions, 1)]
    return lambda: _docx(f"上海市{year}年度司法鉴定机构名册", [
        "本名册所列机构名称均为演示数据，不对应任何真实机构。"], rows)


def _budget_table(year: int) -> Callable[[], bytes]:
    rows = [("项目", "预算数（万元）"), ("收入合计", "52,310.45"), ("其中：财政拨款收入", "49,870.12"),
            ("支出合计", "52,310.45"), ("其中：基本支出", "31,204.80"), ("项目支出", "21,105.65"),
            ("“三公”经费", "186.20")]
    return lambda: _docx(f"上海市司法局{year}年度部门收支预算总表", ["单位：万元（演示数据）"], rows)


def _report_docx(title: str, body: str) -> Callable[[], bytes]:
    return lambda: _docx(title, body.split("\n\n"))


def _txt(text: str) -> Callable[[], bytes]:
    return lambda: text.encode("utf-8")


CHECKLIST_TXT = (
    "律师事务所年度检查考核材料清单\n\n"
    "一、律师事务所执业情况报告\n二、律师执业年度考核登记表\n三、财务审计报告\n"
    "四、依法纳税证明\n五、律师事务所执业许可证副本\n\n"
    "材料通过“上海法网”提交，纸质材料报所在区司法局。\n"
)


# Building the spec lists ------------------------------------------------------------------


class _Builder:
    """Collects one agency's specs: fills in department, keywords, body, summary and the
    issuer of the document number, and refuses a title twice (titles are the natural key)."""

    def __init__(self, *, agency: str, area: str, prefix: str, departments: dict[str, str],
                 calendar: _Days):
        self.agency = agency
        self.area = area
        self.prefix = prefix  # 沪司 / 徐司
        self.departments = departments
        self.calendar = calendar
        self.content = AgencyContent(slug="")
        self.titles: set[str] = set()

    def rng(self, key: str) -> random.Random:
        # crc32 rather than hash(): stable across runs, so the demo is the same every time.
        return random.Random(zlib.crc32(key.encode("utf-8")))

    def workday(self, rng: random.Random, year: int, month: int, lo: int = 1, hi: int = 28) -> dt.date:
        for _ in range(40):
            day = dt.date(year, month, rng.randint(lo, hi))
            if self.calendar.is_working_day(day):
                return day
        return dt.date(year, month, lo)

    def text(self, topic: str, key: str) -> _Text:
        return _Text(self.rng(key), TOPICS[topic], agency=self.agency, area=self.area)

    def add(self, spec: Spec) -> Spec:
        if spec.title in self.titles:
            raise ValueError(f"duplicate demo title {spec.title!r}")
        self.titles.add(spec.title)
        spec.department = spec.department or self.departments.get(spec.topic, "办公室")
        text = self.text(spec.topic, spec.title)
        if not spec.keywords:
            spec.keywords = TOPICS[spec.topic].keywords
        if spec.official is None:
            spec.official = spec.genre in OFFICIAL_GENRES
        if spec.genre in NORMATIVE_KINDS and not spec.validity:
            spec.validity = Validity.VALID
        if not spec.body:
            spec.body = _body(spec, text, spec.formed_on.year)
        if not spec.summary:
            spec.summary = _core(spec.title, self.agency)[:60] + "。"
        if spec.official and not spec.document_number and not spec.issuer:
            spec.issuer = self.issuer(spec)
        self.content.specs.append(spec)
        return spec

    def issuer(self, spec: Spec) -> str:
        genre = spec.genre
        if genre in NORMATIVE_KINDS or (ISSUED.match(spec.title) and spec.genre != "notice"):
            return self.prefix + ("规" if spec.formed_on.year >= 2017 and self.prefix == "沪司" else "发")
        if genre in ("notice", "decision", "work-points"):
            return self.prefix + ("办" if spec.department == "办公室" else "发")
        if genre == "report":
            return self.prefix + "发"
        if genre == "reply":
            return self.prefix + "复"
        if genre == "letter":
            return self.prefix + "函"
        return ""  # announcements, circulars and minutes carry no issuing number here

    def from_template(self, tpl: Tpl, skip: set[str]) -> None:
        for ordinal, year in enumerate(tpl.years(), 1):
            rng = self.rng(f"{tpl.title}/{year}")
            fields = title_fields(year, rng, ordinal)
            title = tpl.title.format(**fields)
            if title in skip:
                continue
            formed = self.workday(rng, year, rng.choice(tpl.months))
            self.add(Spec(title=title, topic=tpl.topic, genre=tpl.genre, formed_on=formed,
                          summary=tpl.summary.format(**fields)[:100],
                          to=tpl.to.format(**fields)))

    def interpreted(self, policy: Spec, formats: str = "") -> Spec:
        """Add the policy and its interpretation, formed the same day and linked (三同步)."""
        self.add(policy)
        text = self.text(policy.topic, policy.title + "/解读")
        interpretation = self.add(_interpretation(policy, text, formats=formats))
        self.content.links.append((policy.title, interpretation.title, LinkKind.INTERPRETATION))
        return policy

    def supersede(self, old: Spec, new: Spec, validity: str, changed_on: dt.date) -> None:
        name = ISSUED.match(new.title)
        doc = f"《{name['name']}》" if name else f"“{new.title}”"
        verb = "废止" if validity == Validity.REPEALED else "失效"
        self.content.supersessions.append(Supersession(
            old.title, new.title, validity, changed_on,
            f"因{doc}施行，本文件自{cn_date(changed_on)}起{verb}。"))
        self.content.links.append((new.title, old.title, LinkKind.REPLACES))


class _Days:
    """The working-day calendar over a span, one lookup per date (the content picks dates
    on working days, and publication lags are counted in them)."""

    def __init__(self, start: dt.date, end: dt.date):
        self.calendar = WorkingCalendar(start, end)
        self.known: dict[dt.date, bool] = {}

    def is_working_day(self, day: dt.date) -> bool:
        if day not in self.known:
            self.known[day] = self.calendar.status(day).is_working_day
        return self.known[day]


def title_fields(year: int, rng: random.Random, ordinal: int = 1) -> dict[str, Any]:
    """Values for a template's title. Shanghai's people's congress and CPPCC sit in five-year
    terms (the 13th and the 11th from 2008), one session a year, hence {ren}/{zx}/{ses}."""
    return {
        "y": year, "p": year - 1, "d": rng.choice(DISTRICTS), "k": cn_number(ordinal),
        "ren": cn_number(13 + (year - 2008) // 5), "zx": cn_number(11 + (year - 2008) // 5),
        "ses": cn_number((year - 2008) % 5 + 1), "num": f"{rng.randint(12, 980):04d}",
    }


def _d(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


def _sfj_content(calendar: _Days) -> AgencyContent:
    b = _Builder(agency="上海市司法局", area="本市", prefix="沪司",
                 departments=SFJ_DEPARTMENTS, calendar=calendar)
    b.content.slug = "sfj"

    # The seed notice itself, with its number, date and text as published.
    b.add(Spec(title=SEED_TITLE, topic="general", genre="notice", formed_on=SEED_DATE,
               summary="印发《上海市司法局2020年政务公开工作要点》，部署五个方面二十一项重点任务。",
               body=SEED_BODY, document_number=SEED_DOCUMENT_NUMBER, keywords="政务公开;工作要点",
               published_on=SEED_DATE, fixed_published_on=True))

    # Records that wait in the workflow (recent), and one whose text trips the scan.
    b.add(Spec(title="关于做好2026年度机关公务员年度考核工作的通知", topic="personnel", genre="notice",
               formed_on=_d(2026, 11, 20), state=RecordStatus.DRAFT))
    b.add(Spec(title="关于开展2026年“12·4”国家宪法日暨“宪法宣传周”活动的通知", topic="publicity",
               genre="notice", formed_on=_d(2026, 11, 16), state=RecordStatus.DRAFT))
    b.add(Spec(title="关于进一步规范律师事务所合规管理的指导意见", topic="lawyers", genre="opinion",
               formed_on=_d(2026, 11, 12), state=RecordStatus.DRAFT))
    b.add(Spec(title="关于公布2026年度上海市公共法律服务中心（站、点）名录的公告",
               topic="legal-services", genre="announcement", formed_on=_d(2026, 11, 5),
               state=RecordStatus.RETURNED,
               comment="名录中部分服务点的地址与区司法局报送材料不一致，请核对后重新提交。"))
    b.add(Spec(
        title="关于举办2026年度全市人民调解员业务培训班的通知", topic="mediation", genre="notice",
        formed_on=_d(2026, 11, 24), state=RecordStatus.IN_REVIEW,
        body=("各区司法局：\n\n为提升人民调解员化解矛盾纠纷的能力，市局定于2026年12月举办全市人民调解员"
              "业务培训班。现将有关事项通知如下：\n\n一、培训对象为各区推荐的专职人民调解员，每区5名。\n\n"
              "二、培训内容包括民法典婚姻家庭编、物业纠纷调解实务和调解文书制作。\n\n"
              "三、请于12月5日前报送参训人员名单。联系人：王晓明（虚构），手机13800000000，"
              "电子邮箱wang.xiaoming@example.com。\n\n特此通知。")))
    b.add(Spec(title="关于2026年12月“12348”公共法律服务热线系统升级期间服务安排的通告",
               topic="legal-services", genre="circular", formed_on=_d(2026, 11, 25),
               state=RecordStatus.SCHEDULED))

    # Normative documents: in force, replaced, expired; each current one with its 解读.
    chains = [
        ("lawyers", "measures", "关于印发《上海市律师事务所年度检查考核办法》的通知", _d(2011, 3, 15),
         "关于印发修订后的《上海市律师事务所年度检查考核办法》的通知", _d(2017, 2, 20), Validity.REPEALED),
        ("legal-aid", "measures", "关于印发《上海市法律援助案件质量评估办法》的通知", _d(2013, 5, 14),
         "关于印发《上海市法律援助案件质量管理办法》的通知", _d(2018, 6, 12), Validity.EXPIRED),
        ("rule-of-law", "provisions", "关于印发《上海市司法局行政规范性文件管理规定》的通知",
         _d(2012, 9, 11), "关于印发修订后的《上海市司法局行政规范性文件管理规定》的通知",
         _d(2019, 6, 18), Validity.REPEALED),
        ("notaries", "rules", "关于印发《上海市公证机构执业区域管理细则》的通知", _d(2014, 4, 9),
         "关于印发《上海市公证机构执业区域管理实施细则》的通知", _d(2020, 9, 15), Validity.EXPIRED),
        ("mediation", "measures", "关于印发《上海市人民调解员等级评定办法》的通知", _d(2015, 6, 16),
         "关于印发《上海市人民调解员等级评定管理办法》的通知", _d(2021, 5, 18), Validity.REPEALED),
        ("correction", "provisions", "关于印发《上海市社区矫正对象分类管理规定》的通知", _d(2014, 8, 12),
         "关于印发《上海市社区矫正对象分级分类管理实施细则》的通知", _d(2020, 8, 18), Validity.EXPIRED),
        ("legal-aid", "opinion", "关于进一步扩大法律援助覆盖面的实施意见", _d(2016, 3, 22),
         "关于贯彻实施《中华人民共和国法律援助法》的实施意见", _d(2022, 1, 11), Validity.EXPIRED),
        ("general", "measures", "关于印发《上海市司法局政府信息公开实施办法》的通知", _d(2010, 6, 8),
         "关于印发修订后的《上海市司法局政府信息公开实施办法》的通知", _d(2020, 9, 22), Validity.REPEALED),
    ]
    fixed_numbers = {"关于印发《上海市人民调解员等级评定管理办法》的通知": "沪司规〔2021〕5号"}
    formats = " 本解读同步制作了图解版本，可在“政策解读”栏目查看。"
    for topic, genre, old_title, old_on, new_title, new_on, validity in chains:
        old = b.add(Spec(title=old_title, topic=topic, genre=genre, formed_on=old_on))
        new_genre = "rules" if "细则" in new_title else genre
        new = b.interpreted(Spec(title=new_title, topic=topic, genre=new_genre, formed_on=new_on,
                                 document_number=fixed_numbers.get(new_title, "")), formats)
        b.supersede(old, new, validity, new_on + dt.timedelta(days=14))
    draft_notice = b.add(Spec(
        title="关于《上海市人民调解员等级评定管理办法（征求意见稿）》公开征求意见的公告",
        topic="mediation", genre="announcement", formed_on=_d(2021, 2, 23),
        summary="就人民调解员等级评定管理办法征求意见稿公开征求社会公众意见，征求意见期30日。"))
    b.content.links.append(("关于印发《上海市人民调解员等级评定管理办法》的通知", draft_notice.title,
                            LinkKind.DRAFT))
    b.content.links.append(("关于印发修订后的《上海市司法局政府信息公开实施办法》的通知", SEED_TITLE,
                            LinkKind.RELATED))
    b.content.links.append((SEED_TITLE, "上海市司法局2019年政府信息公开工作年度报告", LinkKind.RELATED))
    standalone = [
        ("rule-of-law", "opinion", "关于进一步加强行政规范性文件合法性审核工作的意见", _d(2018, 9, 18)),
        ("forensics", "measures", "关于印发《上海市司法鉴定机构诚信等级评估办法》的通知", _d(2016, 11, 8)),
        ("lawyers", "rules", "关于印发《上海市律师执业年度考核实施细则》的通知", _d(2019, 3, 12)),
        ("arbitration", "provisions", "关于印发《上海市司法局仲裁机构登记管理规定》的通知", _d(2016, 6, 14)),
        ("reconsideration", "provisions", "关于印发《上海市司法局行政复议案件听证工作规定》的通知",
         _d(2021, 8, 10)),
        ("enforcement", "provisions", "关于印发《上海市司法局行政处罚裁量基准适用规定》的通知",
         _d(2022, 4, 12)),
        ("legal-services", "opinion", "关于进一步加强公共法律服务体系建设的意见", _d(2018, 5, 15)),
    ]
    for topic, genre, title, formed in standalone:
        b.interpreted(Spec(title=title, topic=topic, genre=genre, formed_on=formed))

    # One-off records.
    for topic, genre, title, formed, to in [
        ("organisation", "notice", "关于调整上海市司法局政务公开工作领导小组组成人员的通知",
         _d(2016, 3, 8), ""),
        ("organisation", "notice", "关于调整市局政务公开和“互联网+政务服务”领导小组成员的通知",
         _d(2020, 5, 12), ""),
        ("organisation", "decision", "上海市司法局关于调整局属事业单位机构设置的决定", _d(2019, 3, 26), ""),
        ("reconsideration", "announcement", "关于公布本市行政复议受理场所的公告", _d(2021, 3, 2), ""),
        ("notaries", "letter", "上海市司法局关于商请协助做好涉外公证文书核验工作的函", _d(2018, 7, 10),
         "市人民政府外事办公室："),
        ("arbitration", "reply", "上海市司法局关于同意上海仲裁委员会调整内设机构的批复", _d(2015, 8, 18),
         "上海仲裁委员会："),
        ("legal-aid", "announcement", "关于公布本市法律援助经济困难标准的公告", _d(2023, 6, 13), ""),
        ("correction", "circular", "关于《中华人民共和国社区矫正法》施行后有关工作衔接事项的通告",
         _d(2020, 6, 23), ""),
        ("legal-services", "letter", "关于商请将公共法律服务事项纳入“一网通办”平台的函", _d(2019, 4, 16),
         "市政务服务管理部门："),
        ("publicity", "other", "上海市法治宣传教育第七个五年规划（2016—2020年）", _d(2016, 8, 23), ""),
        ("publicity", "other", "上海市法治宣传教育第八个五年规划（2021—2025年）", _d(2021, 9, 14), ""),
        ("plans", "other", "上海市司法行政“十三五”发展规划", _d(2016, 5, 17), ""),
        ("plans", "other", "上海市司法行政“十四五”时期发展规划", _d(2021, 7, 13), ""),
        ("plans", "report", "关于上海市司法行政“十三五”规划中期评估情况的报告", _d(2018, 10, 16), ""),
    ]:
        b.add(Spec(title=title, topic=topic, genre=genre, formed_on=formed, to=to))

    # Withheld and on-request records (all after the 2019 Regulations took effect).
    for topic, genre, title, formed, attribute, reason, basis in [
        ("general", "minutes", "上海市司法局2019年第9次局长办公会议纪要", _d(2019, 7, 16), WITHHELD,
         REASON_MINUTES, BASIS_PROCESS),
        ("general", "minutes", "上海市司法局2021年第4次局长办公会议纪要", _d(2021, 3, 23), WITHHELD,
         REASON_MINUTES, BASIS_PROCESS),
        ("general", "minutes", "上海市司法局2023年第11次局长办公会议纪要", _d(2023, 9, 19), WITHHELD,
         REASON_MINUTES, BASIS_PROCESS),
        ("personnel", "notice", "关于2019年度局机关干部轮岗交流的通知", _d(2019, 9, 10), WITHHELD,
         REASON_PERSONNEL, BASIS_INTERNAL),
        ("personnel", "notice", "关于2022年度局机关干部轮岗交流的通知", _d(2022, 7, 12), WITHHELD,
         REASON_PERSONNEL, BASIS_INTERNAL),
        ("notaries", "reply", "上海市司法局关于同意浦东新区司法局调整公证机构执业区域的批复",
         _d(2019, 11, 12), ON_REQUEST, "涉及相关公证机构的经营信息，公开前须征求第三方意见。",
         BASIS_THIRD_PARTY),
        ("lawyers", "other", "关于2020年度律师行业投诉查处情况的通报", _d(2021, 2, 9), ON_REQUEST,
         "涉及被投诉律师和当事人的个人信息，依申请公开时作区分处理。", BASIS_THIRD_PARTY),
        ("legal-aid", "letter", "关于本市法律援助经费使用情况专项检查结果的函", _d(2022, 5, 17), ON_REQUEST,
         "涉及受援人个人信息和第三方资金信息，依申请公开。", BASIS_THIRD_PARTY),
        ("forensics", "other", "关于全市司法鉴定机构执业风险排查情况的通报", _d(2023, 8, 15), ON_REQUEST,
         "涉及被排查机构的经营信息，公开前须征求第三方意见。", BASIS_THIRD_PARTY),
        ("arbitration", "reply", "上海市司法局关于仲裁委员会换届工作有关事项的批复", _d(2022, 10, 18),
         ON_REQUEST, "涉及仲裁委员会组成人员的个人信息，依申请公开。", BASIS_THIRD_PARTY),
        ("enforcement", "other", "关于2024年度行政执法案卷评查情况的通报", _d(2024, 11, 19), ON_REQUEST,
         "评查通报涉及被评查案卷中当事人的信息，依申请公开时作区分处理。", BASIS_THIRD_PARTY),
    ]:
        b.add(Spec(title=title, topic=topic, genre=genre, formed_on=formed, attribute=attribute,
                   withholding_reason=reason, withholding_basis=basis, official=True))

    # Historical official documents never assessed (未认定): the conversion campaign's work.
    for topic, genre, title, formed in HISTORICAL:
        b.add(Spec(title=title, topic=topic, genre=genre, formed_on=formed, attribute=UNDECIDED,
                   state=RecordStatus.DRAFT, official=True))

    skip = b.titles | {SEED_TITLE}
    for tpl in SFJ_TEMPLATES:
        b.from_template(tpl, skip)

    # 2020 before the seed: exactly SEED_SERIAL - 1 published records, topped up with the
    # records of the first months of the epidemic, so that the seed gets serial 35.
    def before_seed() -> int:
        return sum(1 for s in b.content.specs if s.state == RecordStatus.PUBLISHED
                   and s.formed_on.year == 2020 and s.formed_on < SEED_DATE)

    fillers = iter(SPRING_2020)
    while before_seed() < SEED_SERIAL - 1:
        topic, genre, title, formed = next(fillers)
        b.add(Spec(title=title, topic=topic, genre=genre, formed_on=formed))
    if before_seed() != SEED_SERIAL - 1:
        raise AssertionError(f"{before_seed()} records of 2020 precede the seed notice")

    _attach_sfj(b)
    return b.content


HISTORICAL = [
    ("legal-services", "notice", "关于加强全市司法所规范化建设的通知", _d(2010, 3, 16)),
    ("general", "notice", "关于印发《上海市司法行政系统信访工作规程》的通知", _d(2010, 9, 14)),
    ("legal-services", "notice", "关于做好世博会后续法律服务保障工作的通知", _d(2011, 1, 11)),
    ("general", "minutes", "上海市司法局2011年第5次局长办公会议纪要", _d(2011, 5, 24)),
    ("publicity", "notice", "关于开展“六五”普法中期检查工作的通知", _d(2012, 5, 8)),
    ("legal-services", "letter", "关于调整本市基层法律服务收费项目有关问题的函", _d(2012, 8, 21)),
    ("correction", "notice", "关于做好劳动教养制度废止后相关工作衔接的通知", _d(2013, 12, 31)),
    ("forensics", "reply", "上海市司法局关于司法鉴定机构年度检查有关问题的批复", _d(2013, 4, 23)),
    ("lawyers", "notice", "关于进一步规范律师事务所分所设立审核工作的通知", _d(2014, 6, 10)),
    ("legal-aid", "notice", "关于法律援助经费使用管理有关问题的通知", _d(2014, 10, 14)),
    ("mediation", "notice", "关于加强人民调解委员会规范化建设的通知", _d(2014, 3, 18)),
    ("notaries", "notice", "关于开展公证机构执业区域调整工作的通知", _d(2015, 2, 10)),
    ("plans", "notice", "关于印发《上海市司法行政系统“互联网+”工作实施方案》的通知", _d(2015, 11, 17)),
    ("enforcement", "notice", "关于开展行政执法责任制落实情况检查的通知", _d(2015, 7, 7)),
]

SPRING_2020 = [
    ("mediation", "notice", "关于做好2020年元旦春节期间矛盾纠纷排查化解工作的通知", _d(2020, 1, 6)),
    ("general", "circular", "关于新型冠状病毒感染的肺炎疫情防控期间暂停部分窗口现场服务的通告",
     _d(2020, 1, 23)),
    ("legal-services", "notice", "关于疫情防控期间做好公共法律服务工作的通知", _d(2020, 1, 31)),
    ("notaries", "announcement", "关于疫情防控期间公证机构开展线上办证服务的公告", _d(2020, 2, 3)),
    ("forensics", "notice", "关于疫情防控期间司法鉴定机构暂停现场鉴定活动的通知", _d(2020, 2, 4)),
    ("mediation", "notice", "关于依法做好疫情防控期间人民调解工作的通知", _d(2020, 2, 5)),
    ("correction", "notice", "关于加强疫情防控期间社区矫正工作的通知", _d(2020, 2, 6)),
    ("reconsideration", "circular", "关于疫情防控期间行政复议案件办理有关事项的通告", _d(2020, 2, 7)),
    ("legal-aid", "notice", "关于做好疫情防控期间法律援助工作的通知", _d(2020, 2, 11)),
    ("publicity", "notice", "关于开展疫情防控法治宣传工作的通知", _d(2020, 2, 12)),
    ("arbitration", "notice", "关于疫情防控期间仲裁案件网上立案和审理工作的通知", _d(2020, 2, 14)),
    ("enforcement", "notice", "关于做好疫情防控期间行政执法监督工作的通知", _d(2020, 2, 18)),
    ("general", "circular", "关于调整疫情防控期间政务服务窗口办公时间的通告", _d(2020, 2, 20)),
    ("notaries", "announcement", "关于恢复公证机构现场办证服务的公告", _d(2020, 3, 9)),
    ("forensics", "notice", "关于有序恢复司法鉴定机构现场鉴定活动的通知", _d(2020, 3, 12)),
    ("lawyers", "notice", "关于律师事务所在疫情防控期间有序复工的通知", _d(2020, 2, 21)),
    ("publicity", "notice", "关于开展2020年全民国家安全教育日法治宣传活动的通知", _d(2020, 4, 8)),
    ("legal-services", "notice", "关于疫情防控常态化下做好公共法律服务窗口工作的通知", _d(2020, 4, 14)),
    ("mediation", "notice", "关于做好复工复产期间劳动争议人民调解工作的通知", _d(2020, 3, 24)),
    ("legal-aid", "notice", "关于为受疫情影响企业职工提供法律援助的通知", _d(2020, 3, 17)),
    ("rule-of-law", "notice", "关于做好疫情防控期间行政规范性文件合法性审核工作的通知", _d(2020, 2, 25)),
    ("organisation", "notice", "关于疫情防控期间机关工作安排的通知", _d(2020, 1, 29)),
]


def _attach_sfj(b: _Builder) -> None:
    by_title = {s.title: s for s in b.content.specs}

    def attach(title: str, name: str, data: Callable[[], bytes]) -> None:
        spec = by_title[title]
        spec.attachments = (*spec.attachments, (name, data))

    attach("关于公布上海市2021年度司法鉴定机构名册的公告", "上海市2021年度司法鉴定机构名册.docx",
           _forensics_roster(2021))
    for year in (2019, 2020):
        title = f"上海市司法局{year}年政府信息公开工作年度报告"
        attach(title, f"{title}.docx", _report_docx(title, by_title[title].body))
    attach("关于开展2018年度律师事务所年度检查考核工作的通知", "附件：年度检查考核材料清单.txt",
           _txt(CHECKLIST_TXT))
    attach("上海市司法局2021年度部门预算", "上海市司法局2021年度部门收支预算总表.docx", _budget_table(2021))


def _xhsfj_content(calendar: _Days) -> AgencyContent:
    departments = {"mediation": "人民调解科", "correction": "社区矫正科"}
    b = _Builder(agency="上海市徐汇区司法局", area="本区", prefix="徐司",
                 departments=departments, calendar=calendar)
    b.content.slug = "xhsfj"
    to = "各街道（镇）司法所，局机关各科室："
    b.interpreted(Spec(title="关于印发《徐汇区人民调解员以奖代补实施办法》的通知", topic="mediation",
                       genre="measures", formed_on=_d(2021, 4, 13), to=to))
    b.add(Spec(title="徐汇区司法局2022年第3次局务会议纪要", topic="general", genre="minutes",
               formed_on=_d(2022, 3, 15), attribute=WITHHELD, withholding_reason=REASON_MINUTES,
               withholding_basis=BASIS_PROCESS))
    b.add(Spec(title="关于2023年徐汇区社区矫正对象公益活动安排的通知", topic="correction",
               genre="notice", formed_on=_d(2023, 5, 9), to=to))
    b.add(Spec(title="关于做好2026年度徐汇区人民调解员培训工作的通知", topic="mediation",
               genre="notice", formed_on=_d(2026, 11, 17), to=to, state=RecordStatus.DRAFT))
    for tpl in XHSFJ_TEMPLATES:
        b.from_template(tpl, b.titles)
    report = "上海市徐汇区司法局2022年政府信息公开工作年度报告"
    for spec in b.content.specs:
        if spec.title == report:
            spec.attachments = ((f"{report}.txt", _txt(spec.body)),)
    return b.content


def _number_documents(content: AgencyContent) -> None:
    """Issuing numbers per issuer and year, in date order, with the occasional gap of a
    document that is not in the catalogue; fixed numbers (the seed's) are kept."""
    counters: dict[tuple[str, int], int] = {}
    fixed: dict[tuple[str, int], list[int]] = {}
    for spec in content.specs:
        if spec.document_number:
            match = re.match(r"^(.+)〔(\d{4})〕(\d+)号$", spec.document_number)
            if match:
                fixed.setdefault((match[1], int(match[2])), []).append(int(match[3]))
    for spec in sorted(content.specs, key=lambda s: (s.formed_on, s.title)):
        if spec.document_number:
            match = re.match(r"^(.+)〔(\d{4})〕(\d+)号$", spec.document_number)
            if match:  # later numbers of the same issuer and year come after this one
                key = (match[1], int(match[2]))
                counters[key] = max(counters.get(key, 0), int(match[3]))
            continue
        if not spec.issuer:
            continue
        key = (spec.issuer, spec.formed_on.year)
        rng = random.Random(zlib.crc32(spec.title.encode("utf-8")))
        serial = counters.get(key, 0) + (1 if rng.random() < 0.7 else 2)
        while serial in fixed.get(key, []):
            serial += 1
        counters[key] = serial
        spec.document_number = f"{spec.issuer}〔{spec.formed_on.year}〕{serial}号"


def _schedule_publication(content: AgencyContent, calendar: _Days,
                          today: dt.date) -> None:
    """发布日期 a few working days after 产生日期 (Regulations Art. 26 allows 20), never
    earlier than the record published before it in the same year, so that serials and dates
    agree; the records of 2020 formed before the seed notice are published by its date."""
    last: dict[int, dt.date] = {}
    for spec in sorted(content.specs, key=lambda s: (s.formed_on, s.title != SEED_TITLE, s.title)):
        if spec.state != RecordStatus.PUBLISHED:
            continue
        year = spec.formed_on.year
        if spec.fixed_published_on and spec.published_on:
            last[year] = spec.published_on
            continue
        rng = random.Random(zlib.crc32(("published/" + spec.title).encode("utf-8")))
        lag = rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 5, 7))
        day, counted = spec.formed_on, 0
        while counted < lag:
            day += dt.timedelta(days=1)
            if calendar.is_working_day(day):
                counted += 1
        day = max(day, last.get(year, day))
        if year == SEED_DATE.year and spec.formed_on < SEED_DATE:
            day = min(day, SEED_DATE)
        spec.published_on = min(day, today)
        last[year] = spec.published_on


def demo_content(today: dt.date | None = None) -> list[AgencyContent]:
    """Every demo record, ready to write: deterministic for a given calendar."""
    today = today or timezone.localdate()
    calendar = _Days(dt.date(FIRST_YEAR - 1, 12, 1), dt.date(LAST_YEAR + 1, 1, 31))
    contents = [_sfj_content(calendar), _xhsfj_content(calendar)]
    for content in contents:
        content.specs = [s for s in content.specs if s.formed_on <= today]
        _number_documents(content)
        _schedule_publication(content, calendar, today)
    return contents


# Loading ----------------------------------------------------------------------------------

CAMPAIGN_NAME = "2010年以来历史政府信息公开属性重新审查"
CONVERT_REASON = "经审查，该文件不涉及国家秘密、商业秘密和个人隐私，具备主动公开条件，予以转化公开。"
CONVERT_TITLES = (
    "关于加强全市司法所规范化建设的通知",
    "关于印发《上海市司法行政系统信访工作规程》的通知",
    "关于开展“六五”普法中期检查工作的通知",
    "关于进一步规范律师事务所分所设立审核工作的通知",
    "关于加强人民调解委员会规范化建设的通知",
    "关于开展公证机构执业区域调整工作的通知",
)
CONVERT_AFTER_CONSENT = ("上海市司法局关于仲裁委员会换届工作有关事项的批复",
                         "经征求第三方意见，同意公开，转为主动公开。")
KEEP = (
    ("上海市司法局2019年第9次局长办公会议纪要", "会议纪要属于过程性信息，维持不予公开。"),
    ("上海市司法局2021年第4次局长办公会议纪要", "会议纪要属于过程性信息，维持不予公开。"),
    ("关于2019年度局机关干部轮岗交流的通知", "属于人事管理内部事务信息，维持不予公开。"),
    ("关于2020年度律师行业投诉查处情况的通报", "第三方不同意公开，维持依申请公开。"),
)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def _write(spec: Spec, agency: Agency, departments: dict[str, Department],
           topics: dict[str, Topic], genres: dict[str, Genre], now: dt.datetime) -> Record:
    record = services.record_create(
        actor=None, agency=agency, title=spec.title, summary=spec.summary[:100], body=spec.body,
        keywords=spec.keywords, document_number=spec.document_number,
        is_official_document=bool(spec.official), formed_on=spec.formed_on,
        topic=topics[spec.topic], genre=genres[spec.genre],
        disclosure_attribute=spec.attribute, withholding_reason=spec.withholding_reason,
        withholding_basis=spec.withholding_basis, validity=spec.validity,
        department=departments.get(spec.department),
    )
    for name, data in spec.attachments:
        services.record_attach(actor=None, record=record, filename=name, data=data())
    if spec.state == RecordStatus.DRAFT:
        return record
    record = services.record_submit(actor=None, record=record)
    if spec.state == RecordStatus.RETURNED:
        return services.record_return(actor=None, record=record, comment=spec.comment)
    if spec.state == RecordStatus.SCHEDULED:
        publish_at = _at(timezone.localdate(now) + dt.timedelta(days=5), 9)
        return services.record_approve(actor=None, record=record, publish_at=publish_at)
    if spec.state == RecordStatus.IN_REVIEW:
        return record
    record = services.record_approve(actor=None, record=record)
    # The services publish "now"; a demo of fifteen years of history needs the dates it would
    # have had. Same transaction as the publication: only 发布日期 and the version's time
    # move, the index number stays the one the allocator gave.
    if spec.published_on and record.current_version_id:
        Record.objects.filter(pk=record.pk).update(published_on=spec.published_on)
        RecordVersion.objects.filter(pk=record.current_version_id).update(
            published_at=_at(spec.published_on))
        record.published_on = spec.published_on
    return record


def _supersede(item: Supersession, records: dict[str, Record]) -> bool:
    old, new = records.get(item.old), records.get(item.new)
    if old is None or new is None or old.replaced_by_id is not None:
        return False
    old = services.record_update(actor=None, record=old, validity=item.validity,
                                 validity_changed_on=item.changed_on, replaced_by=new)
    services.record_submit(actor=None, record=old)
    old = services.record_approve(actor=None, record=old, comment=item.note)
    if old.current_version_id:
        RecordVersion.objects.filter(pk=old.current_version_id).update(
            published_at=_at(item.changed_on))
    records[item.old] = old
    return True


def _campaign(agency: Agency, counts: dict[str, int]) -> None:
    if Campaign.objects.filter(agency=agency, name=CAMPAIGN_NAME).exists():
        return
    campaign = services.campaign_start(actor=None, agency=agency, name=CAMPAIGN_NAME)
    counts["campaigns"] += 1
    reviews = {r.record.title: r for r in campaign.reviews.select_related("record")}

    def decide(titles: list[str], decision: str, reason: str) -> None:
        chosen = [reviews[t] for t in titles if t in reviews]
        if chosen:
            services.attribute_reviews_decide(actor=None, reviews=chosen, decision=decision,
                                              reason=reason)
            counts["reviews_decided"] += len(chosen)

    decide(list(CONVERT_TITLES), ReviewDecision.CONVERT, CONVERT_REASON)
    decide([CONVERT_AFTER_CONSENT[0]], ReviewDecision.CONVERT, CONVERT_AFTER_CONSENT[1])
    for title, reason in KEEP:
        decide([title], ReviewDecision.KEEP, reason)


def load_catalogue_demo(records: int | None = None) -> dict[str, int]:
    """Write the demo catalogue (idempotent), then ``records`` synthetic records if asked."""
    from gongkai.core.demo import DemoRefusedError

    if not settings.GONGKAI_DEMO_ALLOWED:
        raise DemoRefusedError("demo data is refused when GONGKAI_ENV=production")
    counts = {"records": 0, "published": 0, "attachments": 0, "links": 0, "superseded": 0,
              "campaigns": 0, "reviews_decided": 0, "synthetic": 0}
    now = timezone.now()
    topics = {t.code: t for t in Topic.objects.all()}
    genres = {g.code: g for g in Genre.objects.all()}
    redated: list[int] = []
    with transaction.atomic():
        for content in demo_content(timezone.localdate(now)):
            agency = Agency.objects.filter(slug=content.slug).first()
            if agency is None:
                continue
            departments = {d.name: d for d in Department.objects.filter(agency=agency)}
            existing = {r.title: r for r in Record.objects.filter(
                agency=agency, title__in=[s.title for s in content.specs]).exclude(
                keywords__endswith=SYNTHETIC_MARK)}
            order = sorted(content.specs,
                           key=lambda s: (s.formed_on, s.title != SEED_TITLE, s.title))
            for spec in order:
                if spec.title in existing:
                    continue
                record = _write(spec, agency, departments, topics, genres, now)
                if spec.published_on and record.current_version_id:
                    redated.append(record.pk)
                existing[spec.title] = record
                counts["records"] += 1
                counts["attachments"] += len(spec.attachments)
                counts["published"] += record.status == RecordStatus.PUBLISHED
            for item in content.supersessions:
                counts["superseded"] += _supersede(item, existing)
            for source, target, kind in content.links:
                if source in existing and target in existing and not RecordLink.objects.filter(
                        source=existing[source], target=existing[target], kind=kind).exists():
                    services.record_link(actor=None, source=existing[source],
                                         target=existing[target], kind=kind)
                    counts["links"] += 1
            if content.slug == "sfj":
                _campaign(agency, counts)
        # ``_write`` moved 发布日期 back to each record's history after publishing it, which
        # no service reports: the consumers (the search index's dates and year facet) hear
        # of it here, once for the batch.
        publication.after_change(redated)
    if records:
        counts["synthetic"] = generate_records(records)
    return counts


# The synthetic generator ------------------------------------------------------------------

SYNTHETIC_MARK = "基准测试数据"
BATCH_SIZE = 5000
PROGRESS_EVERY = 50_000
SENTINEL_YEAR = 1999  # stands for the year in the pre-rendered texts


@dataclass(frozen=True)
class _Pattern:
    template: Tpl
    title: str
    summary: str
    body: str
    official: bool
    issuer: str

    def title_for(self, year: int) -> str:
        if "{ses}" in self.template.title:  # session numbers do not follow from the year alone
            return self.template.title.format(**title_fields(year, random.Random(year)))
        return _for_year(self.title, year)


def _patterns() -> list[_Pattern]:
    """Titles, summaries and bodies for synthetic records, rendered once from the demo's
    templates for the sentinel year (1999 is replaced by the record's year, 1998 by the
    year before)."""
    calendar = _Days(dt.date(SENTINEL_YEAR, 1, 1), dt.date(SENTINEL_YEAR, 12, 31))
    b = _Builder(agency="上海市司法局", area="本市", prefix="沪司",
                 departments=SFJ_DEPARTMENTS, calendar=calendar)
    patterns = []
    for tpl in SFJ_TEMPLATES:
        b.from_template(replace(tpl, first=SENTINEL_YEAR, last=SENTINEL_YEAR, every=1, offset=0),
                        set())
        spec = b.content.specs.pop()
        b.titles.discard(spec.title)
        patterns.append(_Pattern(tpl, spec.title, spec.summary, spec.body, bool(spec.official),
                                 b.issuer(spec)))
    return patterns


def _for_year(text: str, year: int) -> str:
    return (text.replace(str(SENTINEL_YEAR), str(year))
            .replace(str(SENTINEL_YEAR - 1), str(year - 1)))


def _allocate(agency: Agency, years: dict[int, int]) -> dict[int, int]:
    """Reserve ``years[y]`` serials per year on the real counters (rows locked); returns the
    first serial of each block. The same rows ``publication.assign_index_number`` uses, so
    serials stay gap-free and whatever is published next continues after these."""
    first: dict[int, int] = {}
    for year in sorted(years):
        IndexCounter.objects.get_or_create(agency=agency, year=year)
        counter = IndexCounter.objects.select_for_update().get(agency=agency, year=year)
        first[year] = counter.last_serial + 1
        counter.last_serial += years[year]
        counter.save(update_fields=["last_serial"])
    return first


def _reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """``n`` primary keys nobody else will be given. PostgreSQL: from the table's sequence.
    SQLite: after the highest ever used (AUTOINCREMENT keeps it in sqlite_sequence); safe
    because the caller has already written in this transaction and so holds the database's
    write lock until it commits."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                           "FROM generate_series(1, %s)", [table, n])
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(highest, row[0] if row else 0) + 1
            return list(range(start, start + n))
    raise ImproperlyConfigured(
        f"the record generator supports SQLite and PostgreSQL, not {connection.vendor}")


class _Rows:
    """An INSERT of whole rows for ``model``: the columns named in ``varying`` come with each
    row (already in database form); every other column gets its field's default (or
    ``fixed``), prepared once. Keeps the generator off the per-object ORM path."""

    def __init__(self, model: type[models.Model], varying: tuple[str, ...], fixed: dict[str, Any]):
        now = timezone.now()
        fields = {f.attname: f for f in model._meta.concrete_fields}
        constant_columns, self.constants = [], []
        for attname, f in fields.items():
            if attname in varying:
                continue
            if attname in fixed:
                value = fixed[attname]
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_default()
            constant_columns.append(f.column)
            self.constants.append(f.get_db_prep_save(value, connection))
        columns = [fields[a].column for a in varying] + constant_columns
        quote = connection.ops.quote_name
        self.sql = (f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 (names from _meta)
                    f"({', '.join(quote(c) for c in columns)}) "
                    f"VALUES ({', '.join(['%s'] * len(columns))})")
        self.rows: list[tuple[Any, ...]] = []

    def add(self, *values: Any) -> None:
        self.rows.append((*values, *self.constants))

    def insert(self) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, self.rows)
        self.rows = []


def generate_records(n: int, *, agency_slug: str = "sfj", seed: int | None = None,
                     batch_size: int = BATCH_SIZE, out: Any = None) -> int:
    """Add ``n`` synthetic public records to ``agency_slug`` for benchmarks; returns ``n``.

    Not idempotent by design: each call adds ``n`` more (``gongkai demo --records N`` run
    twice gives 2N); the records carry the keyword 基准测试数据. The per-record services
    are bypassed for speed (a million records take minutes): each batch of ``batch_size`` is
    one transaction that reserves serials on the real ``IndexCounter`` rows (gap-free per
    year, continuing after the existing ones, never reused), reserves primary keys, inserts
    the records already pointing at their first versions and the versions (the foreign key
    is checked at commit), and writes one summary audit event. A failure rolls back the
    batch in progress only; the batches before it are complete.
    """
    out = out or sys.stdout
    agency = Agency.objects.get(slug=agency_slug)
    departments = {d.name: d.pk for d in Department.objects.filter(agency=agency)}
    topic_ids = dict(Topic.objects.values_list("code", "pk"))
    genre_ids = dict(Genre.objects.values_list("code", "pk"))
    patterns = _patterns()
    rng = random.Random(seed if seed is not None else Record.objects.count())
    today = timezone.localdate()
    calendar = _Days(dt.date(FIRST_YEAR, 1, 1), today)
    start = dt.date(FIRST_YEAR, 1, 1)
    workdays = [d for d in (start + dt.timedelta(days=i) for i in range((today - start).days + 1))
                if calendar.is_working_day(d)]
    ops = connection.ops
    db_dates = {d: ops.adapt_datefield_value(d) for d in workdays}
    db_times = {d: ops.adapt_datetimefield_value(_at(d)) for d in workdays}
    texts: dict[tuple[int, int], tuple[str, str, str, str]] = {}
    keys: dict[str, str] = {}

    def text(index: int, year: int) -> tuple[str, str, str, str]:
        if (index, year) not in texts:
            p = patterns[index]
            texts[index, year] = (p.title_for(year), _for_year(p.summary, year)[:100],
                                  _for_year(p.body, year),
                                  f"{TOPICS[p.template.topic].keywords};{SYNTHETIC_MARK}")
        return texts[index, year]

    code = agency.organisation_code
    started = time.monotonic()
    done = 0
    while done < n:
        size = min(batch_size, n - done)
        rows = sorted((rng.randrange(len(workdays)), rng.randint(0, 8), rng.randrange(len(patterns)),
                       rng.randint(1, 300)) for _ in range(size))
        years: dict[int, int] = {}
        for position, *_ in rows:
            year = workdays[position].year
            years[year] = years.get(year, 0) + 1
        records = _Rows(Record, (
            "id", "current_version_id", "agency_id", "department_id", "title", "summary", "body",
            "keywords", "document_number", "document_number_key", "is_official_document",
            "formed_on", "topic_id", "genre_id", "validity", "index_number", "published_on"),
            {"status": RecordStatus.PUBLISHED, "is_public": True,
             "disclosure_attribute": PROACTIVE})
        versions = _Rows(RecordVersion, (
            "id", "record_id", "title", "summary", "body", "keywords", "document_number",
            "formed_on", "topic_id", "genre_id", "validity", "published_at"),
            {"number": 1, "disclosure_attribute": PROACTIVE})
        with transaction.atomic():
            serial = _allocate(agency, years)  # the first write: SQLite's lock is now ours
            record_ids = _reserve_ids(Record, size)
            version_ids = _reserve_ids(RecordVersion, size)
            for (position, lag, index, number), pk, vpk in zip(rows, record_ids, version_ids,
                                                               strict=True):
                formed = workdays[position]
                published = workdays[min(position + lag, len(workdays) - 1)]
                year = formed.year
                pattern = patterns[index]
                topic_code, genre_code = pattern.template.topic, pattern.template.genre
                title, summary, body, keywords = text(index, year)
                document_number = (f"{pattern.issuer}〔{year}〕{number}号"
                                   if pattern.official and pattern.issuer else "")
                if document_number not in keys:
                    keys[document_number] = document_numbers.lookup_key(document_number)
                validity = Validity.VALID if genre_code in NORMATIVE_KINDS else ""
                topic, genre = topic_ids[topic_code], genre_ids[genre_code]
                records.add(pk, vpk, agency.pk, departments.get(SFJ_DEPARTMENTS[topic_code]),
                            title, summary, body, keywords, document_number, keys[document_number],
                            pattern.official, db_dates[formed], topic, genre, validity,
                            f"{code}/{year}-{serial[year]:05d}", db_dates[published])
                versions.add(vpk, pk, title, summary, body, keywords, document_number,
                             db_dates[formed], topic, genre, validity, db_times[published])
                serial[year] += 1
            records.insert()
            versions.insert()
            audit_record(actor=None, verb="record.bulk_generate", obj=None, agency=agency,
                         details={"count": size, "first_id": min(record_ids),
                                  "last_id": max(record_ids),
                                  "years": {str(y): c for y, c in sorted(years.items())}})
        before, done = done, done + size
        if done // PROGRESS_EVERY > before // PROGRESS_EVERY or done == n:
            elapsed = time.monotonic() - started
            out.write(f"synthetic records: {done:,}/{n:,} ({elapsed:.0f}s, "
                      f"{done / max(elapsed, 1e-9):,.0f}/s)\n")
            out.flush()
    return n


# Imported by CatalogueConfig.ready(): ``gongkai demo`` runs this after the foundation's loader.
register_demo_loader("catalogue", load_catalogue_demo)
