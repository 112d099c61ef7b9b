"""Dates and figures in the user's language: English writes dates day first (en-GB), hours group their digits."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

DECEMBER_FIRST = datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("language", "short", "long", "hours", "money"),
    [
        ("fr", "01/12/2026", "1 décembre 2026", "168\xa0090,50\xa0h", "6\xa0283\xa0275,05\xa0€"),
        ("en", "01/12/2026", "1 Dec 2026", "168,090.50\xa0h", "6,283,275.05\xa0€"),
        ("de", "01.12.2026", "1. Dezember 2026", "168.090,50\xa0h", "6.283.275,05\xa0€"),
    ],
)
def test_dates_hours_and_amounts_in_each_language(language, short, long, hours, money):
    template = Template("{% load regie %}{{ hours|hours }}|{{ amount|money }}|{{ whole|hours }}")
    with translation.override(language):
        assert formats.date_format(DECEMBER_FIRST, "SHORT_DATE_FORMAT") == short
        assert formats.date_format(DECEMBER_FIRST) == long
        figures = {"hours": Decimal("168090.50"), "amount": Decimal("6283275.05"), "whole": 8}
        rendered = template.render(Context(figures))
        assert rendered == f"{hours}|{money}|8\xa0h"


def test_english_reads_dates_day_first():
    from django import forms

    with translation.override("en"):
        assert forms.DateField().clean("01/12/2026") == DECEMBER_FIRST
        assert forms.DateField().clean("2026-12-01") == DECEMBER_FIRST  # what date inputs send
