"""Property tests of the server's per-field merge: order-independent, repeatable, nothing lost silently,
and safe when device clocks jump by a year either way.

They drive merge_rule.apply_change on an in-memory PushState (no database): that is the whole merge rule.
"""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from sector_desktop.store.hlc import Hlc, decode_hlc, encode_hlc
from sector_desktop.sync.protocol import FUTURE_TOLERANCE_MS, FieldChange
from sector_desktop.sync.server.merge_rule import PushState, apply_change

NOW_MS = 1_800_000_000_000
YEAR_MS = 365 * 24 * 3600 * 1000
FIELDS = ("city", "notes")  # both may be empty, as the generated values can be
NODES = ("node-a", "node-b", "node-c")
ROW = "01a20d00-0000-7000-8000-000000000001"


@st.composite
def histories(draw: st.DrawFn, max_jump: int = YEAR_MS) -> list[FieldChange]:
    """Edits of two fields of one record by three nodes, in a causally valid order: each node's HLC
    only moves forward (even when its wall clock jumps) and an edit's clock is above its base's."""
    clocks = {n: Hlc(wall=lambda: NOW_MS) for n in NODES}
    walls = {n: NOW_MS for n in NODES}
    out: list[FieldChange] = []
    for _ in range(draw(st.integers(1, 9))):
        node = draw(st.sampled_from(NODES))
        walls[node] += draw(st.integers(-max_jump, max_jump))
        clock = Hlc(clocks[node].last, wall=lambda w=walls[node]: max(0, w), max_forward_ms=2 * YEAR_MS)
        base = draw(st.sampled_from([None, *out])) if out else None
        if base is not None:
            clock.receive(base.hlc)
        clocks[node] = clock
        out.append(
            FieldChange(
                table="organization",
                row_id=ROW,
                field=base.field if base else draw(st.sampled_from(FIELDS)),
                value=draw(st.sampled_from(["x", "y", "z", None])),
                hlc=clock.now(),
                node=node,
                base_hlc=base.hlc if base else None,
                base_node=base.node if base else None,
                author="u",
            )
        )
    return out


def causal_shuffle(changes: list[FieldChange], rnd: random.Random) -> list[FieldChange]:
    """A random delivery order in which each edit still comes after its base and after its node's
    earlier edits (the server sees a device's mutations in order, and a base only after it was pulled)."""
    pending, done, order = list(changes), set(), []
    while pending:
        ready = [
            c
            for i, c in enumerate(pending)
            if (c.base_hlc is None or (c.base_hlc, c.base_node) in done)
            and not any(o.node == c.node for o in pending[:i])
        ]
        pick = rnd.choice(ready)
        pending.remove(pick)
        done.add((pick.hlc, pick.node))
        order.append(pick)
    return order


def merge(changes: list[FieldChange]) -> PushState:
    # Every node may write as itself here: the property is the merge rule, not identity.
    state = PushState(
        "dev", lineage=frozenset(NODES), clock=Hlc(wall=lambda: NOW_MS, max_forward_ms=FUTURE_TOLERANCE_MS)
    )
    for c in changes:
        apply_change(state, 1, c, NOW_MS)
    return state


def final(state: PushState) -> dict:
    return {k[2]: (v.value, v.hlc, v.node) for k, v in state.fields.items()}


@settings(max_examples=150, deadline=None)
@given(histories(max_jump=FUTURE_TOLERANCE_MS // 10), st.randoms(use_true_random=False))
def test_merge_is_order_independent_and_repeatable(changes: list[FieldChange], rnd: random.Random) -> None:
    # Clocks within the tolerance are never restamped, so the result is a pure function of the edits.
    # Jumps add up over a history (up to 9 edits), so each is at most a tenth of the tolerance; with
    # half, two forward jumps could pass it and the server would rightly restamp (see the next tests).
    once = merge(changes)
    assert final(merge(causal_shuffle(changes, rnd))) == final(once)
    assert final(merge(changes + changes)) == final(once)  # duplicate delivery changes nothing


@settings(max_examples=200, deadline=None)
@given(histories(), st.randoms(use_true_random=False))
def test_no_edit_is_lost_silently_even_when_clocks_jump_a_year(
    changes: list[FieldChange], rnd: random.Random
) -> None:
    state = merge(causal_shuffle(changes, rnd))
    now = final(state)
    losers = {(c["loser_value"], c["loser_node"]) for c in state.new_conflicts}

    def accounted(c: FieldChange) -> bool:
        """Current, kept as a conflict's loser, or replaced by an edit that had seen it (its base)
        or by its own node."""
        value = now[c.field][0]
        text = json.dumps(c.value)
        return (
            value == text
            or (text, c.node) in losers
            or any(
                o.field == c.field and ((o.base_hlc, o.base_node) == (c.hlc, c.node) or o.node == c.node)
                for o in changes
                if o is not c
            )
        )

    for c in changes:
        assert (
            decode_hlc(now[c.field][1]).physical_ms <= NOW_MS + FUTURE_TOLERANCE_MS
        )  # the future never wins
        # An edit that set a value someone else had also set is accounted for with that value.
        same = [o for o in changes if o.field == c.field and o.value == c.value]
        assert any(accounted(o) for o in same), (c, now, state.new_conflicts)


def test_a_device_a_year_ahead_keeps_its_own_order_and_loses_no_edit() -> None:
    ahead = NOW_MS + YEAR_MS
    edits = [
        FieldChange(
            table="organization",
            row_id=ROW,
            field="name",
            value=v,
            hlc=encode_hlc(ahead, i),
            node="node-a",
            author="u",
        )
        for i, v in enumerate(["first", "second", "third"])
    ]
    state = merge(edits)
    assert final(state)["name"][0] == '"third"' and state.clamped
    assert state.new_conflicts == []


def test_edit_of_a_deleted_record_is_one_conflict_however_often_it_arrives() -> None:
    def change(name: str, value: object, hlc: str, node: str) -> FieldChange:
        return FieldChange(
            table="organization", row_id=ROW, field=name, value=value, hlc=hlc, node=node, author="u"
        )

    tomb = change("deleted_at", "2027-01-01T00:00:00", encode_hlc(NOW_MS, 1), "node-a")
    edit = change("city", "Ogdenville", encode_hlc(NOW_MS, 2), "node-b")
    state = merge([tomb, edit, edit])
    assert [(c["kind"], c["loser_value"]) for c in state.new_conflicts] == [("delete_edit", '"Ogdenville"')]
    assert final(state)["city"][0] == '"Ogdenville"'  # the typed text is kept on the deleted record
