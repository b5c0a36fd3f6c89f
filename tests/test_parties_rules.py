"""Entry into force by the Council of Europe's standard final clauses (parties/rules.py)."""

import datetime as dt
import json
from pathlib import Path

import pytest

from lanzarote.parties.rules import entry_into_force

DATA = Path(__file__).resolve().parent.parent / "lanzarote" / "data" / "cets201"
TREATY_IN_FORCE = dt.date(2010, 7, 1)


def eif(deposited: str) -> dt.date:
    return entry_into_force(
        deposited=dt.date.fromisoformat(deposited),
        delay_months=3,
        treaty_in_force_from=TREATY_IN_FORCE,
    )


def test_accession_deposited_on_15_october_2019_enters_into_force_on_1_february_2020():
    assert eif("2019-10-15") == dt.date(2020, 2, 1)


@pytest.mark.parametrize(
    ("deposited", "expected"),
    [
        ("2014-04-30", "2014-08-01"),  # three months end on 30 July
        ("2019-11-30", "2020-03-01"),  # February is short: the period ends on its last day
        ("2020-12-31", "2021-04-01"),
        ("2018-06-01", "2018-10-01"),
        ("2009-03-10", "2010-07-01"),
    ],  # deposited before the treaty was in force
)
def test_entry_into_force_is_the_first_day_of_the_month_after_three_months(deposited, expected):
    assert eif(deposited) == dt.date.fromisoformat(expected)


def _dated_records():
    records = json.loads((DATA / "signatures_ratifications.json").read_text())["records"]
    events = json.loads((DATA / "ratification_events.json").read_text())["events"]
    pairs = [(r["state"], r["ratification_or_accession"], r["entry_into_force"]) for r in records]
    pairs += [(e["state"], e["deposit_date"], e["entry_into_force"]) for e in events]
    return [(s, d, e) for s, d, e in pairs if d and e and len(d) == 10 and len(e) == 10]


def test_the_data_has_dated_records_to_check():
    assert len(_dated_records()) >= 15


@pytest.mark.parametrize(("state", "deposited", "recorded"), _dated_records())
def test_the_rule_gives_every_entry_into_force_recorded_in_the_sources(state, deposited, recorded):
    assert eif(deposited) == dt.date.fromisoformat(recorded), state
