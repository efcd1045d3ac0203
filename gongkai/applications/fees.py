"""Information processing fees (信息处理费), 《政府信息公开信息处理费管理办法》
(国办函〔2020〕109号), under Regulations Art. 42.

Disclosure is free; a fee is charged only when an applicant's requests exceed a reasonable
range. Either per request (按件计收) or per volume (按量计收), never both on one
application; both are progressive (超额累进):

- per request, counted per applicant per calendar month (第四条): the 1st–10th application
  free; the 11th–30th at 100 yuan each; from the 31st the rate rises by 100 yuan for each
  further band of 10 (31st–40th 200 yuan, 41st–50th 300 yuan, …);
- per volume, pages of one application: 1–30 free; 31–100 at 10 yuan a page; 101–200 at
  20 yuan a page; from 201 at 40 yuan a page.

A fee notice gives the amount and a payment period (20 working days is common practice;
configurable: ``timelimits.fee_payment_working_days``). An applicant who does not pay in
time is deemed to withdraw (counted in the annual report, 其他处理 2); the notice-to-payment
time does not count toward the reply limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

PER_REQUEST = "per_request"
PER_VOLUME = "per_volume"
METHODS = (PER_REQUEST, PER_VOLUME)

PER_REQUEST_FREE = 10
PER_REQUEST_FIRST_BAND_END = 30
PER_REQUEST_FIRST_RATE = Decimal(100)
PER_REQUEST_BAND_SIZE = 10
PER_REQUEST_STEP = Decimal(100)

# (first page of the band, last page or None, yuan per page)
PER_VOLUME_BANDS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 30, Decimal(0)),
    (31, 100, Decimal(10)),
    (101, 200, Decimal(20)),
    (201, None, Decimal(40)),
)


class FeeError(ValueError):
    """A fee question with no answer (unknown method, a count below one)."""


@dataclass(frozen=True)
class FeeLine:
    description: str
    quantity: int
    rate: Decimal
    amount: Decimal

    def as_dict(self) -> dict[str, str | int]:
        return {"description": self.description, "label": self.description,
                "quantity": self.quantity,
                "rate": str(self.rate), "amount": str(self.amount)}


@dataclass(frozen=True)
class FeeQuote:
    method: str
    quantity: int
    amount: Decimal
    lines: tuple[FeeLine, ...]

    @property
    def is_free(self) -> bool:
        return self.amount == 0


def per_request_rate(nth_in_month: int) -> Decimal:
    """The fee for an applicant's ``nth_in_month`` application of the calendar month."""
    if nth_in_month < 1:
        raise FeeError("the count starts at 1")
    if nth_in_month <= PER_REQUEST_FREE:
        return Decimal(0)
    if nth_in_month <= PER_REQUEST_FIRST_BAND_END:
        return PER_REQUEST_FIRST_RATE
    bands_above = (nth_in_month - PER_REQUEST_FIRST_BAND_END - 1) // PER_REQUEST_BAND_SIZE + 1
    return PER_REQUEST_FIRST_RATE + PER_REQUEST_STEP * bands_above


def per_request_quote(nth_in_month: int) -> FeeQuote:
    rate = per_request_rate(nth_in_month)
    line = FeeLine(f"本月第{nth_in_month}件申请", 1, rate, rate)
    return FeeQuote(PER_REQUEST, nth_in_month, rate, (line,))


def per_volume_quote(pages: int) -> FeeQuote:
    """Progressive over the bands: 150 pages → 70×10 + 50×20 = 1,700 yuan."""
    if pages < 1:
        raise FeeError("an application provides at least one page")
    lines: list[FeeLine] = []
    total = Decimal(0)
    for first, last, rate in PER_VOLUME_BANDS:
        if pages < first:
            break
        upto = pages if last is None else min(pages, last)
        count = upto - first + 1
        amount = rate * count
        label = f"第{first}–{upto}页" if upto > first else f"第{first}页"
        lines.append(FeeLine(label, count, rate, amount))
        total += amount
    return FeeQuote(PER_VOLUME, pages, total, tuple(lines))


def quote(method: str, quantity: int) -> FeeQuote:
    """``quantity`` is the month's request count (per request) or the pages (per volume)."""
    if method == PER_REQUEST:
        return per_request_quote(quantity)
    if method == PER_VOLUME:
        return per_volume_quote(quantity)
    raise FeeError(f"unknown fee method {method!r}; choose one of {METHODS}")
