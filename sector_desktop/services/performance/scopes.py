"""Finding one scope's items (services, completed visits, placements) without walking them all: a
report asks for dozens of scopes (its breakdowns by staff member, sector and partnership)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress
from typing import Any, Protocol

from .columns import positions_by
from .rows import Scope


class Context(Protocol):
    """What a scope's test reads of a period's context (context.Context): named here, not imported,
    because the context holds its Scoped items and the two modules must not import each other."""

    members: dict[str, set[str]]

    def sector_of(self) -> dict[str, str | None]: ...
    def org_in_scope(self, org_id: str | None, scope: Scope, staff_id: str | None = None) -> bool: ...


class Scoped:
    """Items given as two columns, the staff member and the organization each counts for, indexed by
    staff member, sector and organization. For a scope of one kind the index is exact; for a scope
    that combines kinds, the scope's own test (`Context.org_in_scope`) decides among the index's items,
    so the answer is always that test's. (The context is passed in, not kept: a cycle between the
    two would keep a report's objects for the cyclic collector.)"""

    def __init__(self, staff_ids: Sequence[str | None], org_ids: Sequence[Any]) -> None:
        self.staff_ids, self.org_ids = staff_ids, org_ids
        self._indexes: dict[str, dict[Any, list[int]]] = {}

    def _index(self, ctx: Context, kind: str) -> dict[Any, list[int]]:
        found = self._indexes.get(kind)
        if found is None:
            if kind == "staff":
                found = positions_by(self.staff_ids)
            elif kind == "sector":
                found = positions_by(list(map(ctx.sector_of().get, self.org_ids)))
            else:  # the items of organizations on a partnership's roster, by organization
                rostered = set().union(*ctx.members.values())
                on = list(compress(range(len(self.org_ids)), map(rostered.__contains__, self.org_ids)))
                by_org = positions_by(list(map(self.org_ids.__getitem__, on)))
                found = {org: list(map(on.__getitem__, at)) for org, at in by_org.items()}
            self._indexes[kind] = found
        return found

    def positions(self, ctx: Context, scope: Scope) -> Sequence[int]:
        """The positions of the items in scope, in their order."""
        if scope.everyone:
            return range(len(self.org_ids))
        if scope.staff_id is not None:
            positions: Sequence[int] = self._index(ctx, "staff").get(scope.staff_id, [])
        elif scope.partnership_id is not None:
            by_org = self._index(ctx, "org")
            members = ctx.members.get(scope.partnership_id, set())
            positions = sorted(i for m in members for i in by_org.get(m, ()))
        else:
            positions = self._index(ctx, "sector").get(scope.sector, [])
        kinds = (scope.staff_id is not None) + (scope.sector is not None) + (scope.partnership_id is not None)
        if kinds == 1:
            return positions
        in_scope, orgs, staff = ctx.org_in_scope, self.org_ids, self.staff_ids
        return [i for i in positions if in_scope(orgs[i], scope, staff[i])]
