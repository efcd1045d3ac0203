"""The default classification axes of a justice bureau's catalogue (主题分类, 体裁分类).

Loaded by a data migration; administrators edit them afterwards. Codes are stable URL
parts (``?topic=lawyers``), names are what the public reads.
"""

TOPICS = [
    ("general", "综合政务"),
    ("organisation", "机构职能"),
    ("rule-of-law", "法治政府建设"),
    ("reconsideration", "行政复议"),
    ("enforcement", "行政执法监督"),
    ("lawyers", "律师管理"),
    ("notaries", "公证管理"),
    ("forensics", "司法鉴定管理"),
    ("arbitration", "仲裁"),
    ("legal-aid", "法律援助"),
    ("mediation", "人民调解"),
    ("correction", "社区矫正"),
    ("publicity", "法治宣传"),
    ("legal-services", "公共法律服务"),
    ("personnel", "人事信息"),
    ("finance", "财政预决算"),
    ("plans", "规划计划"),
    ("proposals", "建议提案办理"),
]

# (code, name, is_normative): 规范性文件 carry validity (有效/失效/废止).
GENRES = [
    ("notice", "通知", False),
    ("decision", "决定", False),
    ("opinion", "意见", True),
    ("measures", "办法", True),
    ("provisions", "规定", True),
    ("rules", "细则", True),
    ("announcement", "公告", False),
    ("circular", "通告", False),
    ("report", "报告", False),
    ("reply", "批复", False),
    ("letter", "函", False),
    ("minutes", "纪要", False),
    ("work-points", "工作要点", False),
    ("annual-report", "年度报告", False),
    ("interpretation", "解读", False),
    ("other", "其他", False),
]
