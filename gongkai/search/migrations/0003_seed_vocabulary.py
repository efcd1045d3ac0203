"""Government and legal terms the segmenter must keep whole, and synonym groups a
searcher uses interchangeably. Administrators extend both in the admin or on the staff
search page; this only seeds them (idempotently)."""

from django.db import migrations

WORDS = [
    "政府信息公开", "政务公开", "信息公开", "依申请公开", "主动公开", "不予公开", "政府信息",
    "公开指南", "公开目录", "年度报告", "索取号", "文件编号", "规范性文件", "行政规范性文件",
    "法律援助", "法律援助中心", "公共法律服务", "人民调解", "人民调解委员会", "司法鉴定",
    "司法鉴定机构", "司法鉴定人", "公证", "公证处", "公证员", "律师事务所", "律师执业证书",
    "律师证", "执业证书", "执业律师", "法律职业资格", "法律职业资格证书", "国家统一法律职业资格考试",
    "法律顾问", "社区矫正", "安置帮教", "普法", "法治宣传", "法治政府", "依法行政",
    "行政复议", "行政诉讼", "行政处罚", "行政许可", "行政强制", "行政执法", "行政机关",
    "行政裁决", "仲裁", "仲裁委员会", "劳动仲裁", "双随机一公开", "一网通办", "放管服",
    "营商环境", "证明事项告知承诺制", "告知承诺", "政务服务", "办事指南", "信访",
    "个人信息", "国家秘密", "工作秘密", "商业秘密", "保密审查", "政策解读", "征求意见",
    "听证", "重大行政决策", "合法性审查", "备案审查", "监狱管理", "戒毒管理",
]

SYNONYMS = [
    "律师证 律师执业证书",
    "信息公开 政府信息公开",
    "法援 法律援助",
    "公证书 公证文书",
    "复议 行政复议",
    "司法考试 法律职业资格考试 国家统一法律职业资格考试",
    "调解 人民调解",
    "矫正 社区矫正",
    "律所 律师事务所",
    "年报 年度报告",
]


def seed(apps, schema_editor):
    Vocabulary = apps.get_model("search", "Vocabulary")
    Synonym = apps.get_model("search", "Synonym")
    for word in WORDS:
        Vocabulary.objects.get_or_create(word=word)
    for terms in SYNONYMS:
        Synonym.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
