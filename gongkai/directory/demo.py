"""Demo directory: a few hundred plausible legal-service bodies and people across the 16
districts of Shanghai, generated deterministically (same input, same rows) and written
through the import service, so the demo exercises the same validation and history as a
real import. Every entry is flagged ``is_demo`` and organisations carry “（演示）” in their
names; none of it is real."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai.core.models import Agency
from gongkai.directory import services, tabular
from gongkai.directory.credit_code import check_character

DEMO_AGENCY = "sfj"
DISTRICTS = (
    ("黄浦区", "HP"), ("徐汇区", "XH"), ("长宁区", "CN"), ("静安区", "JA"), ("普陀区", "PT"),
    ("虹口区", "HK"), ("杨浦区", "YP"), ("闵行区", "MH"), ("宝山区", "BS"), ("嘉定区", "JD"),
    ("浦东新区", "PD"), ("金山区", "JS"), ("松江区", "SJ"), ("青浦区", "QP"), ("奉贤区", "FX"),
    ("崇明区", "CM"),
)
FIRM_WORDS = ("申江", "浦江", "东方", "明德", "正衡", "泰和", "锦天", "汇诚", "中沪", "国信", "华政",
              "恒泰")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "敏", "静", "磊", "洋", "婷", "杰", "丽", "强", "军", "燕", "勇", "琳", "涛",
         "颖", "晨", "昊", "欣", "宇")
ROADS = ("中山东一路", "淮海中路", "南京西路", "四川北路", "世纪大道", "漕溪北路", "长寿路",
         "控江路", "沪闵路", "牡丹江路", "博乐路", "石化卫零路", "人民北路", "公园路", "南桥路",
         "八一路")
FIRM_SERVICES = ("民事诉讼；合同纠纷；婚姻家庭", "公司法务；知识产权；劳动争议", "刑事辩护；行政诉讼",
                 "房地产；建设工程；金融证券")
HOURS = "周一至周五 9:00-17:00"


def _code(prefix: str, n: int) -> str:
    first17 = f"{prefix}{n:09d}"
    return first17 + check_character(first17)


def _person(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + GIVEN[(n * 3 + 1) % len(GIVEN)]


#: Days from today of the licences that expire soon (one lawyer in ten), so that the
#: reminders (证照到期提醒) always have something in the next 90 days to show.
SOON_DAYS = (6, 18, 29, 41, 55, 63, 77, 88)


def demo_rows(today: dt.date | None = None) -> list[list[str]]:
    """The demo directory as import rows (deterministic for a given day)."""
    today = today or dt.date.today()
    rows: list[list[str]] = []
    person = 0

    def row(kind, name, district, address, services_, licence, credit="", parent="",
            valid_until="", phone="", status="正常执业", result="", next_assessment=""):
        rows.append([kind, name, district, address, services_, licence, status, valid_until,
                     result, credit, phone, HOURS, parent, next_assessment])

    for d, (district, _abbr) in enumerate(DISTRICTS):
        road = ROADS[d]
        area = 63000000 + d * 100000
        for f in range(3):
            n = d * 3 + f
            code = _code("31310000", 425000000 + n)
            firm = f"上海{FIRM_WORDS[n % len(FIRM_WORDS)]}{district[:2]}律师事务所（演示）"
            assess = (today + dt.timedelta(days=20 + n)).isoformat() if n % 8 == 0 else ""
            row("律师事务所", firm, district, f"上海市{district}{road}{100 + n}号", FIRM_SERVICES[n % 4],
                code, credit=code, phone=f"021-{area + n:08d}", result="合格",
                next_assessment=assess)
            for k in range(4):
                person += 1
                month = person % 12 + 1
                soon = SOON_DAYS[(person // 10) % len(SOON_DAYS)]
                row("律师", _person(person), district, "", FIRM_SERVICES[(n + k) % 4],
                    f"13101{2005 + person % 18}{person:08d}", parent=code,
                    valid_until=(today + dt.timedelta(days=soon)).isoformat()
                    if person % 10 == 0 else f"{2027 + person % 3}-{month:02d}-28",
                    status="停止执业" if person % 37 == 0 else "正常执业",
                    result=("称职", "称职", "基本称职")[person % 3])
        notary = _code("32310000", 100000 + d)
        row("公证机构", f"上海市{district}公证处（演示）", district, f"上海市{district}{road}{300 + d}号",
            "继承；赠与；委托；学历公证；涉外公证", notary, credit=notary, phone=f"021-{area + 50:08d}")
        for _k in range(2):
            person += 1
            row("公证员", _person(person), district, "", "民事公证；经济公证",
                f"3101{d:02d}{person:07d}", parent=notary,
                valid_until=f"{2026 + person % 3}-06-30")
        lab = _code("12310000", 200000 + d)
        row("司法鉴定机构", f"上海{district[:2]}司法鉴定所（演示）", district,
            f"上海市{district}{road}{500 + d}号", "法医临床；法医病理；文书鉴定", lab, credit=lab,
            phone=f"021-{area + 60:08d}")
        for _k in range(2):
            person += 1
            row("司法鉴定人", _person(person), district, "", "法医临床鉴定",
                f"310{d:02d}{person:07d}", parent=lab, valid_until=f"{2026 + person % 3}-09-30")
        row("人民调解委员会", f"{district}人民调解委员会（演示）", district,
            f"上海市{district}{road}{700 + d}号", "邻里纠纷；婚姻家庭纠纷；物业纠纷", "",
            status="不适用", phone=f"021-{area + 70:08d}")
        aid = _code("12310100", 300000 + d)
        row("法律援助中心", f"{district}法律援助中心（演示）", district, f"上海市{district}{road}{800 + d}号",
            "法律咨询；代理；刑事辩护；申请法律援助", "", credit=aid, status="不适用",
            phone=f"021-{area + 80:08d}")
        row("基层法律服务所", f"{district}{road}法律服务所（演示）", district,
            f"上海市{district}{road}{900 + d}号", "法律咨询；代写法律文书；非诉调解", f"JC-{d + 1:04d}",
            status="正常执业", phone=f"021-{area + 90:08d}")
    return rows


HEADER = ["类别", "名称或姓名", "所在区", "地址", "服务范围", "执业（许可）证号", "执业状态",
          "有效期至", "年度考核结果", "统一社会信用代码", "联系电话", "办公时间", "执业机构证号",
          "下次年度考核日期"]


def load_directory_demo(records: int | None = None) -> dict[str, int]:
    from gongkai.core.demo import DemoRefusedError

    if not settings.GONGKAI_DEMO_ALLOWED:
        raise DemoRefusedError("demo data is refused when GONGKAI_ENV=production")
    agency = Agency.objects.filter(slug=DEMO_AGENCY).first()
    if agency is None:
        return {"directory_entities": 0}
    data = tabular.write_csv(HEADER, demo_rows())
    report = services.directory_import(actor=None, agency=agency, filename="demo.csv",
                                       data=data, is_demo=True)
    if report.errors:
        raise RuntimeError(f"demo directory refused: {report.errors[:3]}")
    return {"directory_entities": report.created, "directory_updated": report.updated}
