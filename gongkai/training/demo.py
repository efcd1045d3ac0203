"""Demo data: two trainings of the bureau this year, attended by part of its staff;
through the services, and a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

AGENCY_CODE = "002420455M"
TRAININGS = (
    ("新修订《政府信息公开条例》实务培训", 3, 18, "市司法局法治调研处", 3,
     "条例逐条解读（PDF）\n依申请公开答复文书范本"),
    ("政策解读与舆情回应能力提升", 9, 10, "某大学新闻传播学院教授", 2, "课件：政策解读的六种形式"),
)


def load_training_demo(**options: Any) -> dict[str, int]:
    from gongkai.core.models import Agency
    from gongkai.training import selectors, services
    from gongkai.training.models import Training

    agency = Agency.objects.filter(organisation_code=AGENCY_CODE).first()
    if agency is None:
        return {"trainings": 0}
    year = dt.date.today().year
    people = selectors.agency_staff(agency.pk)
    made = 0
    for i, (topic, month, day, trainer, hours, materials) in enumerate(TRAININGS):
        if Training.objects.filter(agency=agency, topic=topic).exists():
            continue
        training = services.training_create(
            actor=None, agency=agency, topic=topic, held_on=dt.date(year, month, day),
            trainer=trainer, hours=hours, place="局机关会议室", materials=materials,
            is_demo=True)
        services.attendance_set(actor=None, training=training, users=people[i::2] or people)
        made += 1
    return {"trainings": made}
