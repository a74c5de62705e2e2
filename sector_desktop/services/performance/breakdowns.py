"""The report's breakdown rows (by staff member, sector or partnership) for all the scopes of one kind at
once: the values `measures.breakdown` gives each scope, counted in one pass over the services."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from operator import attrgetter, itemgetter, mul, not_

from .context import Context
from .outcome_measures import live_placements_in
from .rows import OrganizationRow, PlacementRow, Scope

FIRST, SECOND, STAFF, SECTOR = itemgetter(0), itemgetter(1), attrgetter("staff_id"), attrgetter("sector")
NO_ORGANIZATION = OrganizationRow("", "", "")  # sector None, as Context.sector_of says of an unknown id
# The measures of a breakdown row, with their kind (results.Measure.kind), in the table's order.
KINDS = {
    "establishments_served": "count",
    "services": "count",
    "repeat_business": "rate",
    "new_employers": "count",
    "placements": "count",
    "median_wage": "median",
}


def breakdown_values(
    ctx: Context, base: Scope, kind: str, keys: Sequence[str]
) -> list[dict[str, float | None]]:
    """For each of `keys` (staff member ids, sector codes or partnership ids, by `kind`: "staff",
    "sector" or "partnership"), the value of each measure of its breakdown row within `base`: what
    `breakdown(ctx, scope)[key].value` gives for the scope `base` narrowed to that key.

    A scope's items are the base's whose key is the scope's (the scope tests are a conjunction), so
    the base's services are counted once for every key: each service stands for a set of keys, as
    bits of an int (its visit's staff member; its establishment's sector, or the partnerships whose
    roster has it); each establishment's sets are OR-ed over its services, and the establishments are
    counted per distinct set of keys, then per key."""
    if getattr(base, {"staff": "staff_id", "sector": "sector", "partnership": "partnership_id"}[kind]):
        raise ValueError(f"the base scope is already one {kind}'s")
    services = ctx.services_in(base)
    places = services.places
    bit: dict[str | None, int] = {key: 1 << i for i, key in enumerate(keys)}
    if kind == "staff":
        owners = list(map(bit.get, services.staff_ids, repeat(0)))
        held = [0] * len(ctx.served)  # per establishment (place), the keys of its services in the base
        for place, owner in zip(places, owners, strict=True):
            held[place] |= owner
    else:  # an establishment's keys are its own: those of the establishments with a service in the base
        held = _sector_bits(ctx, bit) if kind == "sector" else _roster_bits(ctx, bit)
        owners = list(map(held.__getitem__, places))
        if not base.everyone:  # every establishment served has a service in the whole team's
            held = list(map(mul, held, map(set(places).__contains__, range(len(held)))))
    repeat_flags, new_flags = _flags(ctx)
    counted, served = _per_key(Counter(owners), keys), _per_key(Counter(held), keys)
    repeated = _per_key(Counter(compress(held, repeat_flags)), keys)
    new = _per_key(Counter(compress(held, new_flags)), keys)
    placed = _placements_by(ctx, base, kind, keys)
    rows = []
    for i, key in enumerate(keys):
        n = served[i]
        paid = [p.hourly_wage for p in placed.get(key, ()) if p.hourly_wage is not None]
        rows.append(
            {
                "establishments_served": n,
                "services": counted[i],
                "repeat_business": repeated[i] / n if n else None,
                "new_employers": new[i],
                "placements": len(placed.get(key, ())),
                "median_wage": statistics.median(paid) if paid else None,
            }
        )
    return rows


def _per_key(by_set: Counter[int], keys: Sequence[str]) -> list[int]:
    """From counts per set of keys (bits), the count per key, in the order of `keys`."""
    found = [0] * len(keys)
    for bits, n in by_set.items():
        for i in range(bits.bit_length()):
            if bits >> i & 1:
                found[i] += n
    return found


def _flags(ctx: Context) -> tuple[bytes, bytes]:
    """Per served establishment (by place): served in the three program years before, and served
    for the first time in the period (nothing before it)."""

    def made() -> tuple[bytes, bytes]:
        repeat = bytes(map(ctx.history.__contains__, ctx.served))
        return repeat, bytes(map(not_, map(ctx.before.__contains__, ctx.served)))

    return ctx.once("place flags", made)


def _sector_bits(ctx: Context, bit: dict[str | None, int]) -> list[int]:
    """Per served establishment, the bit of its sector (0 for a sector not asked about)."""
    sectors = ctx.once("place sectors", lambda: _sectors(ctx, ctx.served))
    return list(map(bit.get, sectors, repeat(0)))


def _roster_bits(ctx: Context, bit: dict[str | None, int]) -> list[int]:
    """Per served establishment, the bits of the partnerships whose roster has it."""
    found = [0] * len(ctx.served)
    for key, b in bit.items():
        roster = ctx.members.get(key or "", set())
        for place in compress(range(len(found)), map(roster.__contains__, ctx.served)):
            found[place] |= b
    return found


def _placements_by(
    ctx: Context, base: Scope, kind: str, keys: Iterable[str]
) -> dict[str | None, list[PlacementRow]]:
    """The base's placements in the period, per key (a partnership's: those at a rostered establishment)."""
    placed = live_placements_in(ctx, base)
    if kind == "partnership":
        return {k: [p for p, org in placed if org in ctx.members.get(k, ())] for k in keys}  # few
    found: dict[str | None, list[PlacementRow]] = {}
    owners = map(STAFF, map(FIRST, placed)) if kind == "staff" else _sectors(ctx, map(SECOND, placed))
    for (p, _org), owner in zip(placed, owners, strict=True):
        found.setdefault(owner, []).append(p)
    return found


def _sectors(ctx: Context, org_ids: Iterable[str]) -> list[str | None]:
    """The sector of each organization (`Context.sector_of` for a few, without its table of them all)."""
    return list(map(SECTOR, map(ctx.records.organizations.get, org_ids, repeat(NO_ORGANIZATION))))
