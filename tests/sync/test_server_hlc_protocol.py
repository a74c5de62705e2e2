"""The hybrid logical clock and the protocol helpers: order, monotonicity, clock jumps, cursors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from sector_desktop.store.hlc import Hlc, clamp_hlc, compare_stamps, decode_hlc, encode_hlc
from sector_desktop.sync.protocol import FieldChange, PushRequest, make_cursor, parse_cursor

YEAR_MS = 365 * 24 * 3600 * 1000


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


@given(
    st.integers(0, 9_999_999_999_999),
    st.integers(0, 99_999),
    st.integers(0, 9_999_999_999_999),
    st.integers(0, 99_999),
)
def test_encoding_sorts_like_the_numbers(p1: int, c1: int, p2: int, c2: int) -> None:
    a, b = encode_hlc(p1, c1), encode_hlc(p2, c2)
    assert (a < b) == ((p1, c1) < (p2, c2))
    assert decode_hlc(a) == (p1, c1)


def test_malformed_hlc_is_refused_with_reason() -> None:
    with pytest.raises(ValueError, match="malformed HLC"):
        decode_hlc("12-3")


@given(st.lists(st.integers(-YEAR_MS, YEAR_MS), min_size=1, max_size=30))
def test_clock_never_goes_backwards_when_the_wall_jumps(jumps: list[int]) -> None:
    wall = FakeWall(1_700_000_000_000)
    clock = Hlc(wall=wall)
    last = clock.now()
    for jump in jumps:
        wall.ms = max(0, wall.ms + jump)
        reading = clock.now()
        assert reading > last
        last = reading


def test_receive_moves_past_remote_but_not_a_year_ahead() -> None:
    wall = FakeWall(1_700_000_000_000)
    clock = Hlc(wall=wall)
    remote = encode_hlc(wall.ms + 1000, 7)
    assert clock.receive(remote) > remote
    future = encode_hlc(wall.ms + YEAR_MS, 0)
    after = clock.receive(future)
    assert decode_hlc(after).physical_ms <= wall.ms + 5 * 60 * 1000 + 1
    assert clock.now() > after


def test_counter_overflow_borrows_next_millisecond() -> None:
    wall = FakeWall(1_000)
    clock = Hlc(encode_hlc(1_000, 99_999), wall=wall)
    assert clock.now() == encode_hlc(1_001, 0)


def test_lww_order_breaks_ties_by_node_and_clamp() -> None:
    h = encode_hlc(5, 0)
    assert compare_stamps(h, "b", h, "a") == 1
    assert compare_stamps(h, "a", h, "a") == 0
    assert clamp_hlc(encode_hlc(10, 3), 8) == (encode_hlc(8, 3), True)
    assert clamp_hlc(h, 8) == (h, False)


def test_cursor_round_trip_and_malformed() -> None:
    assert parse_cursor(make_cursor("ab-cd", 42)) == ("ab-cd", 42)
    with pytest.raises(ValueError):
        parse_cursor("nonsense")


def test_payload_models_validate_names_and_clocks() -> None:
    ok = {
        "table": "organization",
        "row_id": "x",
        "field": "name",
        "value": "A",
        "hlc": encode_hlc(1, 0),
        "node": "n",
        "author": "u",
    }
    assert FieldChange.model_validate(ok).value == "A"
    with pytest.raises(ValidationError):
        FieldChange.model_validate({**ok, "table": "Robert'); DROP TABLE"})
    with pytest.raises(ValidationError):
        FieldChange.model_validate({**ok, "hlc": "yesterday"})
    with pytest.raises(ValidationError):
        PushRequest.model_validate({"device_id": "d", "batch_id": "b", "mutations": [{"mutation": 0}]})
