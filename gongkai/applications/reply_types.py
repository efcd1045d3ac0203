"""Reply types (答复类型) with the sub-reasons the annual report counts.

Regulations Art. 36 lists the reply types; Art. 37 adds partial disclosure; Art. 14–16
the grounds for withholding; Art. 30, 35, 36(6), 39 and 国办函〔2020〕109号 the cases that
are not processed or end otherwise. The rows and their order are exactly table 三
"三、本年度办理结果" of the 2021 annual report format (国办公开办函〔2021〕30号); the 2019
format (国办公开办函〔2019〕60号) has （六）其他处理 as one row.

Codes are stable: they are stored on applications and used by the annual report. Every
closed application maps to exactly one row (partial disclosure counts only as 部分公开).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DISCLOSED = "disclosed"
PARTIALLY_DISCLOSED = "partially_disclosed"
WITHHELD = "withheld"
UNAVAILABLE = "unavailable"
NOT_PROCESSED = "not_processed"
OTHER = "other"


@dataclass(frozen=True)
class ReplyTypeReason:
    code: str
    row: str  # the row label as printed in table 三
    label: str | Promise
    legal_basis: str
    remedies: bool = True  # the letter tells of reconsideration and litigation


@dataclass(frozen=True)
class ReplyType:
    code: str
    row: str
    label: str | Promise
    article: str
    reasons: tuple[ReplyTypeReason, ...] = ()
    remedies: bool = False

    def reason(self, code: str) -> ReplyTypeReason:
        for item in self.reasons:
            if item.code == code:
                return item
        raise KeyError(code)


REPLY_TYPES: tuple[ReplyType, ...] = (
    ReplyType(DISCLOSED, "（一）予以公开", _("予以公开"),
            "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项",
            reasons=(
                ReplyTypeReason("already_public", "（一）予以公开", _("已主动公开，告知获取方式和途径"),
                          "《中华人民共和国政府信息公开条例》第三十六条第（一）项", False),
                ReplyTypeReason("provided", "（一）予以公开", _("予以公开，提供该政府信息"),
                          "《中华人民共和国政府信息公开条例》第三十六条第（二）项", False),
            )),
    ReplyType(PARTIALLY_DISCLOSED, "（二）部分公开", _("部分公开"),
            "《中华人民共和国政府信息公开条例》第三十七条", remedies=True),
    ReplyType(WITHHELD, "（三）不予公开", _("不予公开"),
            "《中华人民共和国政府信息公开条例》第三十六条第（三）项", remedies=True,
            reasons=(
                ReplyTypeReason("state_secret", "1.属于国家秘密", _("属于国家秘密"),
                          "《中华人民共和国政府信息公开条例》第十四条"),
                ReplyTypeReason("prohibited_by_law", "2.其他法律行政法规禁止公开",
                          _("法律、行政法规禁止公开"),
                          "《中华人民共和国政府信息公开条例》第十四条"),
                ReplyTypeReason("security_stability", "3.危及“三安全一稳定”",
                          _("公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
                          "《中华人民共和国政府信息公开条例》第十四条"),
                ReplyTypeReason("third_party", "4.保护第三方合法权益",
                          _("涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"),
                          "《中华人民共和国政府信息公开条例》第十五条"),
                ReplyTypeReason("internal_affairs", "5.属于三类内部事务信息",
                          _("属于人事管理、后勤管理、内部工作流程等内部事务信息"),
                          "《中华人民共和国政府信息公开条例》第十六条第一款"),
                ReplyTypeReason("process_information", "6.属于四类过程性信息",
                          _("属于讨论记录、过程稿、磋商信函、请示报告等过程性信息"),
                          "《中华人民共和国政府信息公开条例》第十六条第二款"),
                ReplyTypeReason("enforcement_file", "7.属于行政执法案卷", _("属于行政执法案卷信息"),
                          "《中华人民共和国政府信息公开条例》第十六条第二款"),
                ReplyTypeReason("administrative_query", "8.属于行政查询事项",
                          _("属于工商、不动产登记资料等行政查询事项"),
                          "《中华人民共和国政府信息公开条例》第三十六条第（七）项"),
            )),
    ReplyType(UNAVAILABLE, "（四）无法提供", _("无法提供"),
            "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项", remedies=True,
            reasons=(
                ReplyTypeReason("not_held", "1.本机关不掌握相关政府信息",
                          _("本机关不掌握相关政府信息（能够确定负责公开机关的，告知其名称、联系方式）"),
                          "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项"),
                ReplyTypeReason("needs_creation", "2.没有现成信息需要另行制作",
                          _("没有现成信息，需要另行制作"),
                          "《中华人民共和国政府信息公开条例》第三十八条"),
                ReplyTypeReason("unclear_after_correction", "3.补正后申请内容仍不明确",
                          _("补正后申请内容仍不明确"),
                          "《中华人民共和国政府信息公开条例》第三十条"),
            )),
    ReplyType(NOT_PROCESSED, "（五）不予处理", _("不予处理"),
            "《中华人民共和国政府信息公开条例》第三十五条、第三十六条第（六）项、第三十九条",
            remedies=True,
            reasons=(
                ReplyTypeReason("petition", "1.信访举报投诉类申请", _("属于信访、投诉、举报等事项"),
                          "《中华人民共和国政府信息公开条例》第三十九条第一款"),
                ReplyTypeReason("repeated", "2.重复申请", _("重复申请公开相同政府信息"),
                          "《中华人民共和国政府信息公开条例》第三十六条第（六）项"),
                ReplyTypeReason("publication", "3.要求提供公开出版物", _("要求提供公开出版物"),
                          "《中华人民共和国政府信息公开条例》第三十九条第二款"),
                ReplyTypeReason("excessive", "4.无正当理由大量反复申请",
                          _("申请公开政府信息的数量、频次明显超过合理范围，且理由不合理"),
                          "《中华人民共和国政府信息公开条例》第三十五条"),
                ReplyTypeReason("confirmation", "5.要求行政机关确认或重新出具已获取信息",
                          _("要求行政机关确认或重新出具已获取的信息"),
                          "《中华人民共和国政府信息公开条例》第三十九条第二款"),
            )),
    ReplyType(OTHER, "（六）其他处理", _("其他处理"),
            "《中华人民共和国政府信息公开条例》第三十条;国办函〔2020〕109号",
            reasons=(
                ReplyTypeReason("no_correction",
                          "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                          _("申请人无正当理由逾期不补正，视为放弃申请"),
                          "《中华人民共和国政府信息公开条例》第三十条", False),
                ReplyTypeReason("fee_unpaid",
                          "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                          _("申请人逾期未缴纳信息处理费，视为放弃申请"),
                          "《政府信息公开信息处理费管理办法》(国办函〔2020〕109号)", False),
                ReplyTypeReason("other", "3.其他", _("其他（如申请人撤回申请）"), "", False),
            )),
)

REPLY_TYPES_BY_CODE: dict[str, ReplyType] = {o.code: o for o in REPLY_TYPES}

REPLY_TYPE_CHOICES: list[tuple[str, str]] = [(o.code, str(o.label)) for o in REPLY_TYPES]


class ReplyTypeError(ValueError):
    """A reply type or reason code that the statutory list does not have."""


def get(code: str) -> ReplyType:
    try:
        return REPLY_TYPES_BY_CODE[code]
    except KeyError:
        raise ReplyTypeError(f"unknown reply type {code!r}") from None


def validate(reply_type: str, reply_type_reason: str = "") -> ReplyTypeReason | None:
    """The sub-reason object; raises ReplyTypeError when the pair is not on the list.

    Outcomes with sub-reasons require one (the report counts by sub-reason), except
    予以公开 whose two forms count in one row; partial disclosure has none.
    """
    item = get(reply_type)
    if not item.reasons:
        if reply_type_reason:
            raise ReplyTypeError(f"{reply_type} takes no sub-reason")
        return None
    if not reply_type_reason:
        if reply_type == DISCLOSED:
            return item.reason("provided")
        raise ReplyTypeError(f"{reply_type} needs a sub-reason")
    try:
        return item.reason(reply_type_reason)
    except KeyError:
        raise ReplyTypeError(f"unknown sub-reason {reply_type_reason!r} for {reply_type}") from None


def reason_choices(reply_type: str) -> list[tuple[str, str]]:
    return [(s.code, str(s.label)) for s in get(reply_type).reasons]


def all_choices() -> list[tuple[str, str]]:
    """Flat ``reply_type:reply_type_reason`` choices for one select box, grouped in report order."""
    choices: list[tuple[str, str]] = []
    for item in REPLY_TYPES:
        if not item.reasons:
            choices.append((item.code, str(item.label)))
        for sub in item.reasons:
            choices.append((f"{item.code}:{sub.code}", f"{item.label} — {sub.label}"))
    return choices


def legal_basis(reply_type: str, reply_type_reason: str = "") -> str:
    sub = validate(reply_type, reply_type_reason)
    return sub.legal_basis if sub is not None and sub.legal_basis else get(reply_type).article


def tells_remedies(reply_type: str, reply_type_reason: str = "") -> bool:
    """Withholding and refusal letters must tell of reconsideration and litigation."""
    sub = validate(reply_type, reply_type_reason)
    return get(reply_type).remedies and (sub is None or sub.remedies)


@dataclass(frozen=True)
class ReportRow:
    key: str  # "withheld", "withheld:state_secret" …
    label: str
    level: int


def report_rows(report_format: int = 2021) -> list[ReportRow]:
    """The result rows of table 三 in order, for the annual report (2019: one 其他处理 row)."""
    rows: list[ReportRow] = []
    for item in REPLY_TYPES:
        rows.append(ReportRow(item.code, item.row, 0))
        if item.code == DISCLOSED or (item.code == OTHER and report_format < 2021):
            continue
        rows.extend(ReportRow(f"{item.code}:{s.code}", s.row, 1) for s in item.reasons)
    rows.append(ReportRow("total", "（七）总计", 0))
    return rows


def report_key(reply_type: str, reply_type_reason: str = "", report_format: int = 2021) -> str:
    """The most specific row key an application with this reply type is counted in."""
    item = get(reply_type)
    if not item.reasons or reply_type == DISCLOSED or (reply_type == OTHER and report_format < 2021):
        return reply_type
    return f"{reply_type}:{reply_type_reason}"
