"""The sidebar's sections, in order, and how to build each page. One list; the window reads it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from .context import AppContext


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    build: Callable[[AppContext], QWidget]
    # Extra --screenshot view names this section answers to (its key always works).
    views: tuple[str, ...] = ()


def _later(label: str, what: str) -> Callable[[AppContext], QWidget]:
    def build(_ctx: AppContext) -> QWidget:
        from .placeholder import NotYetAvailablePage

        return NotYetAvailablePage(label, what)

    return build


def _organizations(ctx: AppContext) -> QWidget:
    from .organizations.page import OrganizationsPage

    return OrganizationsPage(ctx)


def _visits(ctx: AppContext) -> QWidget:
    from .visits.page import VisitsPage

    return VisitsPage(ctx)


def _today(ctx: AppContext) -> QWidget:
    from .today.page import TodayPage

    return TodayPage(ctx)


def _action_items(ctx: AppContext) -> QWidget:
    from .action_items.page import ActionItemsPage

    return ActionItemsPage(ctx)


def _partnerships(ctx: AppContext) -> QWidget:
    from .partnerships.page import PartnershipsPage

    return PartnershipsPage(ctx)


def _meetings(ctx: AppContext) -> QWidget:
    from .meetings.page import MeetingsPage

    return MeetingsPage(ctx)


def _apprenticeships(ctx: AppContext) -> QWidget:
    from .apprenticeships.page import ApprenticeshipsPage

    return ApprenticeshipsPage(ctx)


def _labour_market(ctx: AppContext) -> QWidget:
    from .lmi.page import LabourMarketPage

    return LabourMarketPage(ctx)


def _performance(ctx: AppContext) -> QWidget:
    from .performance.page import PerformancePage

    return PerformancePage(ctx)


def _sync(ctx: AppContext) -> QWidget:
    from .sync.page import SyncPage

    return SyncPage(ctx)


def _team(ctx: AppContext) -> QWidget:
    from .team.page import TeamPage

    return TeamPage(ctx)


def _reports(ctx: AppContext) -> QWidget:
    from .reports.page import ReportsPage

    return ReportsPage(ctx)


def _training_programs(ctx: AppContext) -> QWidget:
    from .programs.page import TrainingProgramsPage

    return TrainingProgramsPage(ctx)


def _initiatives(ctx: AppContext) -> QWidget:
    from .initiatives.page import InitiativesPage

    return InitiativesPage(ctx)


# In the order of the work: the field and the workgroups first, then the programs the partnerships
# build, then the manager's figures, then the office's set-up. Ctrl+1…9 go to the first nine.
SECTIONS: list[Section] = [
    Section("today", "Today", _today),
    Section("organizations", "Organizations", _organizations),
    Section("visits", "Visits", _visits),
    Section("partnerships", "Partnerships", _partnerships, views=("goals",)),
    Section("meetings", "Meetings", _meetings, views=("meeting",)),
    Section("action-items", "Action items", _action_items),
    Section("apprenticeships", "Apprenticeships", _apprenticeships, views=("program",)),
    Section("training-programs", "Training programs", _training_programs, views=("inventory",)),
    Section("initiatives", "Initiatives", _initiatives, views=("initiative",)),
    Section("labour-market", "Labour market", _labour_market, views=("lmi",)),
    Section("performance", "Performance", _performance, views=("outcomes",)),
    Section("reports", "Reports", _reports),
    Section("team", "Team", _team, views=("manager",)),
    Section("sync", "Sync", _sync),
]


def view_names() -> list[str]:
    """Every name `--view` knows: each section's key and its particular states."""
    return sorted({v for s in SECTIONS for v in (s.key, *s.views)})


def section_for_view(view: str) -> Section | None:
    for s in SECTIONS:
        if view == s.key or view in s.views:
            return s
    return None
