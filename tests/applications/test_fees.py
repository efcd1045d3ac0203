"""Fees per 国办函〔2020〕109号, worked examples."""

from decimal import Decimal

import pytest

from gongkai.applications import fees


@pytest.mark.parametrize(("nth", "rate"), [
    (1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (55, 400),
])
def test_per_request_rate_by_count_in_month(nth, rate):
    assert fees.per_request_rate(nth) == Decimal(rate)


@pytest.mark.parametrize(("pages", "amount"), [
    (1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (150, 1700), (200, 2700),
    (201, 2740), (250, 4700),
])
def test_per_volume_progressive(pages, amount):
    assert fees.per_volume_quote(pages).amount == Decimal(amount)


def test_per_volume_lines_explain_the_bands():
    quote = fees.quote(fees.PER_VOLUME, 150)
    assert [(line.quantity, line.rate) for line in quote.lines] == [
        (30, Decimal(0)), (70, Decimal(10)), (50, Decimal(20))]
    assert sum(line.amount for line in quote.lines) == quote.amount


def test_free_allowance_is_free():
    assert fees.quote(fees.PER_REQUEST, 10).is_free
    assert not fees.quote(fees.PER_REQUEST, 11).is_free


@pytest.mark.parametrize(("method", "quantity"), [("per_page", 5), ("per_volume", 0),
                                                  ("per_request", 0)])
def test_bad_questions(method, quantity):
    with pytest.raises(fees.FeeError):
        fees.quote(method, quantity)
