"""Date expressions resolved against the publication date (codebook section 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.extract.dates import find_dates

PUBLISHED = dt.date(2018, 1, 16)  # a Tuesday


@pytest.mark.parametrize(("text", "date", "precision"), [
    ("On 9 May 2020, protesters marched", dt.date(2020, 5, 9), 1),
    ("On 1st May 2020, workers gathered", dt.date(2020, 5, 1), 1),
    ("As reported on May 2 2020, settlers cut trees", dt.date(2020, 5, 2), 2),
    ("Around 28 April 2020 (as reported), a man was found", dt.date(2020, 4, 28), 2),
    ("killed near Caracas on Monday", dt.date(2018, 1, 15), 1),
    ("late on Sunday gunmen stormed", dt.date(2018, 1, 14), 1),
    ("last Thursday, residents staged a sit-in", dt.date(2018, 1, 11), 1),
    ("he staged an attack in June", dt.date(2017, 6, 15), 3),
    ("a posting last July", dt.date(2017, 7, 15), 3),
    ("In December, he posted videos", dt.date(2017, 12, 15), 3),
    ("in early December 2017", dt.date(2017, 12, 1), 3),
    ("on January 9", dt.date(2018, 1, 9), 1),
    ("yesterday", dt.date(2018, 1, 15), 1),
    ("two days ago", dt.date(2018, 1, 14), 1),
    ("last week", dt.date(2018, 1, 10), 2),
    ("last month", dt.date(2017, 12, 15), 3),
    ("2017-11-03", dt.date(2017, 11, 3), 1),
])
def test_resolves(text, date, precision):
    found = [d for d in find_dates(text, PUBLISHED) if d.date is not None]
    assert len(found) == 1, found
    assert (found[0].date, found[0].precision) == (date, precision)


@pytest.mark.parametrize("text", ["last year", "in recent months", "since 2015", "days after the attack"])
def test_vaguer_than_a_month_is_found_but_not_codable(text):
    found = find_dates(text, PUBLISHED)
    assert found and all(d.date is None for d in found)


def test_may_the_verb_is_not_a_month():
    assert find_dates("the strike may spread", PUBLISHED) == []
    assert find_dates("May God protect them, he said.", PUBLISHED) == []
    [month] = find_dates("clashes in May killed two", PUBLISHED)
    assert month.date == dt.date(2017, 5, 15)


def test_relative_dates_need_a_publication_date():
    [monday] = find_dates("on Monday", None)
    assert monday.date is None
    [explicit] = find_dates("on 9 May 2020", None)
    assert explicit.date == dt.date(2020, 5, 9)
