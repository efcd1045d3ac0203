"""Refusals of participation: each is an ``InvalidTransition`` (API 409) with a Chinese
message the pages show as it is."""

from __future__ import annotations

from gongkai.core.workflow import InvalidTransition


class ParticipationRefused(InvalidTransition):
    """A step the object's state does not allow; ``code`` tells the kind."""

    def __init__(self, message: str, code: str = "invalid_transition"):
        super().__init__(message)
        self._message = message
        self.code = code

    @property
    def message(self) -> str:
        return self._message


class SurveyClosed(ParticipationRefused):
    def __init__(self, message: str = "该调查当前不在作答时间内,答卷未保存。"):
        super().__init__(message, "survey_closed")


class AlreadyAnswered(ParticipationRefused):
    def __init__(self) -> None:
        super().__init__("您已参加过本次调查,每人限答一次。", "already_answered")


class AlreadyRegistered(ParticipationRefused):
    def __init__(self) -> None:
        super().__init__("该电话或电子邮箱已报名本次活动,请勿重复报名。", "already_registered")


class CheckinRefused(ParticipationRefused):
    def __init__(self, message: str, code: str = "checkin_refused"):
        super().__init__(message, code)
