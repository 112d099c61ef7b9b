"""The yes/no filter's select (`YesNoSelect`): the option it shows chosen is what `StrictBooleanField` reads."""

import re

import pytest

from regie.core.filters import StrictBooleanField, YesNoSelect

YES, NO, ALL = ["true"], ["false"], []


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, YES), (False, NO), (None, ALL), ("", ALL),
        ("True", YES), ("False", NO), ("true", YES), ("false", NO), (" TRUE ", YES), ("False\n", NO),
        ("1", YES), ("0", NO), ("yes", YES), ("No", NO), ("on", YES),
        (1, YES), (0, NO),  # what `StrictBooleanField` reads as "1" and "0"
        ("off", ALL), ("maybe", ALL), ("  ", ALL), ("None", ALL), (2, ALL), (["true"], ALL),
    ],
)  # fmt: skip
def test_the_chosen_option_is_what_the_field_reads(value, shown):
    assert YesNoSelect().format_value(value) == shown
    if shown:  # the field, given the same value, filters by what the select shows
        assert StrictBooleanField().to_python(value) is (shown == YES)


@pytest.mark.parametrize(("value", "chosen"), [(True, ["true"]), ("0", ["false"]), (None, []), ("maybe", [])])
def test_the_select_renders_the_chosen_option(value, chosen):
    html = YesNoSelect().render("flag", value)
    assert re.findall(r'<option value="([^"]*)" selected>', html) == chosen  # none chosen: the browser shows « Tous »
