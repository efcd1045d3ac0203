"""What every workflow shares: the error raised when a step is not allowed in a case's
current state.

Each app keeps its own states, transition table and action labels (law differs per
procedure); subclassing ``InvalidTransition`` lets the edges treat every app alike: the API
answers 409 ``invalid_transition`` with ``message`` (``gongkai/api/errors.py``, once for
all apps) and pages show ``message`` as an error.
"""

from __future__ import annotations


class InvalidTransition(Exception):
    """A step that the case's current state does not allow (API: 409)."""

    code = "invalid_transition"

    @property
    def message(self) -> str:
        """What the user reads, in Chinese; subclasses name the state and the step."""
        return "当前状态不允许执行此操作。"
