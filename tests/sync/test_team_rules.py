"""Who may push what to a staff record (sync/server/team.py), and how "what changed" words fields."""

from __future__ import annotations

import pytest

from sector_desktop.sync.client.conflicts import field_labels
from sector_desktop.sync.server.team import ignored_relay, push_refusal, staff_username


@pytest.mark.parametrize(
    ("role", "field", "value", "new", "refused"),
    [
        ("staff", "phone", "(410) 555-0100", False, "a staff account cannot change staff records"),
        ("staff", "role", "admin", False, "a staff account cannot change staff records"),
        ("manager", "phone", "(410) 555-0100", False, None),
        ("manager", "role", "staff", True, None),  # a new staff member's default role
        ("manager", "role", "admin", True, "roles come from the server account"),
        ("manager", "role", "manager", False, "roles come from the server account"),
        ("admin", "role", "manager", False, None),
        ("admin", "account_id", "01a20e42-b9d0-7661-95cc-dc0b7444945b", False, "the server links accounts"),
        ("manager", "account_id", None, True, None),  # a new record's empty link
    ],
)
def test_push_refusal(role: str, field: str, value: object, new: bool, refused: str | None) -> None:
    found = push_refusal(role, "staff_user", field, value, new)
    assert (found is None) if refused is None else (found is not None and refused in found)
    assert push_refusal("staff", "organization", field, value, new) is None


def test_relayed_staff_changes_are_skipped_only_when_the_account_may_not_make_them() -> None:
    assert ignored_relay("staff", "staff_user", "name", own_change=False)
    assert not ignored_relay("staff", "staff_user", "name", own_change=True)  # refused aloud instead
    assert ignored_relay("manager", "staff_user", "role", own_change=False)
    assert not ignored_relay("manager", "staff_user", "name", own_change=False)
    assert not ignored_relay("admin", "staff_user", "role", own_change=False)
    assert not ignored_relay("staff", "organization", "name", own_change=False)


def test_field_labels_and_usernames() -> None:
    assert field_labels("organization", ["updated_at", "assigned_staff_id", "city", "deleted_at"]) == (
        "city",
        "assigned staff",
        "deleted",
    )
    assert staff_username("Ana.Ortiz@Example") == "ana.ortiz.example"


def test_a_staff_account_may_fill_in_how_to_reach_it_on_its_own_record_only() -> None:
    assert push_refusal("staff", "staff_user", "phone", "(410) 555-0100", False, own_record=True) is None
    assert push_refusal("staff", "staff_user", "title", "Rep", True, own_record=True) is None
    for field, value in (("name", "Ben"), ("role", "admin"), ("active", False)):
        assert push_refusal("staff", "staff_user", field, value, False, own_record=True) is not None
    assert push_refusal("staff", "staff_user", "phone", "(410) 555-0100", False, own_record=False)
