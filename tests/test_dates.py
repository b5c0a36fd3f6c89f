import datetime as dt

import pytest

from lanzarote.lib.dates import DateFormatError, PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "precision", "iso"),
    [
        ("2019-10-15", Precision.DAY, "2019-10-15"),
        ("2016-05", Precision.MONTH, "2016-05"),
        ("2010", Precision.YEAR, "2010"),
    ],
)
def test_partial_dates_keep_the_precision_of_their_source(text, precision, iso):
    value = PartialDate.parse(text)
    assert value.precision == precision
    assert value.iso() == iso


@pytest.mark.parametrize("text", ["2019-02-30", "15/10/2019", "2019-13", "sometime", "20190", ""])
def test_malformed_dates_are_refused_with_the_expected_forms_named(text):
    with pytest.raises(DateFormatError, match="not"):
        PartialDate.parse(text)


def test_an_empty_optional_date_is_unknown():
    assert PartialDate.parse_optional(None) is None
    assert PartialDate.parse_optional("  ") is None


# --- one date format per language; date inputs always ISO -----------------------------------


@pytest.mark.parametrize(
    ("lang", "expected_date", "expected_datetime"),
    [
        ("en", "4 December 2026", "4 December 2026, 09:30"),
        ("fr", "4 décembre 2026", "4 décembre 2026, 09:30"),
    ],
)
def test_each_language_writes_dates_one_way(lang, expected_date, expected_datetime):
    from django.utils import formats, translation

    with translation.override(lang):
        assert formats.date_format(dt.date(2026, 12, 4), "DATE_FORMAT") == expected_date
        moment = dt.datetime(2026, 12, 4, 9, 30)
        assert formats.date_format(moment, "DATETIME_FORMAT") == expected_datetime


def _date_fields():
    from django import forms

    from lanzarote.monitoring import forms as monitoring_forms
    from lanzarote.parties import forms as parties_forms
    from lanzarote.recommendations import forms as recommendation_forms

    for module in (monitoring_forms, parties_forms, recommendation_forms):
        for name, form_class in vars(module).items():
            if not (isinstance(form_class, type) and issubclass(form_class, forms.Form)):
                continue
            for field_name, field in form_class.base_fields.items():
                if getattr(field.widget, "input_type", "") == "date":
                    yield pytest.param(field, id=f"{module.__name__}.{name}.{field_name}")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("field", list(_date_fields()))
def test_a_date_input_shows_its_value_as_the_browser_needs_it(field, lang):
    """<input type="date"> takes YYYY-MM-DD whatever the page's language; any other value is
    shown as an empty field (the French deadline was blank)."""
    from django.utils import translation

    with translation.override(lang):
        html = field.widget.render("day", dt.date(2026, 12, 4))
    assert 'value="2026-12-04"' in html


def test_a_date_kept_in_two_columns_is_read_back_with_its_precision():
    day = dt.date(2010, 5, 1)
    assert PartialDate.stored(day, "month") == PartialDate(day, Precision.MONTH)
    assert PartialDate.stored(day, "") == PartialDate(day, Precision.DAY)
    assert PartialDate.stored(None, "year") is None
