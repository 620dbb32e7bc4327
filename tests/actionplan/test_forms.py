"""Reading the comment numbers an amendment cites, as people type them in any script."""

import pytest

from consult.actionplan.forms import parse_ids


@pytest.mark.parametrize(
    ("typed", "ids"),
    [("12, 40 7", [12, 40, 7]), ("١٢، ٤٠", [12, 40]), ("۱۲؛ 12", [12]), ("", [])],
)
def test_comment_numbers_are_read_in_latin_and_arabic_script(typed, ids):
    assert parse_ids(typed) == ids


@pytest.mark.parametrize("typed", ["12, x", "0", "-4", "99999999999"])
def test_anything_else_is_refused(typed):
    with pytest.raises(ValueError):
        parse_ids(typed)
