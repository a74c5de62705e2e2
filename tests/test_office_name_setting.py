"""The office's name: a profile setting printed on every document's header."""

from __future__ import annotations

import pytest

from sector_desktop.errors import ValidationError
from sector_desktop.store import ProfilePaths
from sector_desktop.store.settings import (
    OFFICE_NAME,
    OFFICE_NAME_MAX,
    load_settings,
    office_name,
    set_office_name,
)


def test_the_office_name_is_trimmed_and_kept(paths: ProfilePaths) -> None:
    assert office_name(paths) is None
    typed = "  Baltimore County   Workforce Office \n"
    assert set_office_name(paths, typed) == "Baltimore County Workforce Office"
    assert office_name(paths) == "Baltimore County Workforce Office"
    assert load_settings(paths)[OFFICE_NAME] == "Baltimore County Workforce Office"


@pytest.mark.parametrize(
    ("bad", "message"),
    [("", "empty"), ("   \t", "empty"), ("x" * (OFFICE_NAME_MAX + 1), f"at most {OFFICE_NAME_MAX}")],
)
def test_a_bad_office_name_is_refused(paths: ProfilePaths, bad: str, message: str) -> None:
    set_office_name(paths, "Harbor Jobs Center")
    with pytest.raises(ValidationError, match=message):
        set_office_name(paths, bad)
    assert office_name(paths) == "Harbor Jobs Center"


def test_a_damaged_office_name_setting_reads_as_unset(paths: ProfilePaths) -> None:
    paths.settings_file.write_text('{"office-name": 42}', encoding="utf-8")
    assert office_name(paths) is None
    paths.settings_file.write_text('{"office-name": "   "}', encoding="utf-8")
    assert office_name(paths) is None
