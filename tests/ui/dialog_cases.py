"""How to open each dialog of the app on the demo profile, in the states its workflows show.

`screens.dialog_classes()` finds every dialog in sector_desktop.ui; the screen checks fail on one
that has no case here, so a new dialog gets a case (a few lines) before it can land unchecked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sector_desktop.models import Attachment, Meeting, SectorPartnership, Visit
from sector_desktop.services.attachments import AttachmentInfo, list_attachments
from sector_desktop.services.duplicates import DuplicateMatch
from sector_desktop.store.apprenticeship import ProgramDetail, program_detail, program_with_most_documents
from sector_desktop.store.meetings import MeetingDetail, get_meeting_detail, most_recent_meeting_id
from sector_desktop.store.organizations import OrganizationDetail, get_organization_detail
from sector_desktop.store.partnerships import PartnershipOverview, get_partnership_overview
from sector_desktop.ui.context import AppContext

MakeDialogs = Callable[["Demo", QWidget], list[QDialog]]
# Dialogs that are only ever a base for others (their subclasses have cases).
BASES = {
    "sector_desktop.ui.form_dialog.FormDialog",
    "sector_desktop.ui.form_dialog.ServiceDialog",
    "sector_desktop.ui.performance.outcome_dialogs._OutcomeDialog",
}


@dataclass
class Demo:
    """The demo records the dialogs open on (the richest of each kind)."""

    ctx: AppContext
    organization: OrganizationDetail
    visit_id: str
    meeting: MeetingDetail
    partnership: PartnershipOverview
    program: ProgramDetail
    pdf_attachment_id: str
    image_attachment_id: str


def load_demo(ctx: AppContext) -> Demo:
    with ctx.db.read_session() as s:
        org_id = s.scalar(  # the organization with the most visits
            select(Visit.organization_id).group_by(Visit.organization_id).order_by(func.count().desc())
        )
        visit_id = s.scalar(select(Visit.id).where(Visit.organization_id == org_id).limit(1))
        meeting_id = most_recent_meeting_id(s) or s.scalar(select(Meeting.id).limit(1))
        partnership_id = s.scalar(select(SectorPartnership.id).order_by(SectorPartnership.name).limit(1))
        program_id = program_with_most_documents(s)

        def attachment(kind: str) -> str:
            found = s.scalar(select(Attachment.id).where(Attachment.mime_type.like(f"{kind}%")).limit(1))
            assert found, f"the demo profile has no {kind} attachment"
            return found

        assert org_id and visit_id and meeting_id and partnership_id and program_id
        program = program_detail(s, program_id, dt.date.today())
        assert program is not None
        return Demo(
            ctx,
            get_organization_detail(s, org_id),
            visit_id,
            get_meeting_detail(s, meeting_id),
            get_partnership_overview(s, partnership_id),
            program,
            attachment("application/pdf"),
            attachment("image/"),
        )


def _attachment(demo: Demo, attachment_id: str) -> AttachmentInfo:
    with demo.ctx.db.read_session() as s:
        row = s.get(Attachment, attachment_id)
        assert row is not None
        owner_type, owner_id = row.owner_type, row.owner_id
    found = list_attachments(demo.ctx.db, demo.ctx.paths, owner_type, owner_id)
    return next(a for a in found if a.id == attachment_id)


def _read(demo: Demo, query: Callable[[Session], list]) -> list:
    with demo.ctx.db.read_session() as s:
        return query(s)


def _visit_editors(demo: Demo, parent: QWidget) -> list[QDialog]:
    from sector_desktop.ui.visits.editor import VisitEditor
    from sector_desktop.ui.visits.editor_state import load_editor_setup

    db = demo.ctx.db
    return [
        VisitEditor(demo.ctx, load_editor_setup(db, organization_id=demo.organization.id), parent),
        VisitEditor(demo.ctx, load_editor_setup(db, visit_id=demo.visit_id), parent),
    ]


def _partnership_dialogs(demo: Demo, parent: QWidget) -> dict[str, list[QDialog]]:
    from sector_desktop.ui.partnerships import editors

    ov = demo.partnership
    return {
        "PartnershipDialog": [
            editors.PartnershipDialog(demo.ctx, None, parent),
            editors.PartnershipDialog(demo.ctx, ov, parent),
        ],
        "MemberDialog": [
            editors.MemberDialog(demo.ctx, ov, None, parent),
            editors.MemberDialog(demo.ctx, ov, ov.members[0], parent),
        ],
        "WorkgroupDialog": [
            editors.WorkgroupDialog(demo.ctx, ov.id, None, parent),
            editors.WorkgroupDialog(demo.ctx, ov.id, ov.workgroups[0], parent),
        ],
        "PriorityDialog": [
            editors.PriorityDialog(demo.ctx, ov.id, None, parent),
            editors.PriorityDialog(demo.ctx, ov.id, ov.priorities[0], parent),
        ],
        "ActionTeamDialog": [
            editors.ActionTeamDialog(demo.ctx, ov, None, parent),
            editors.ActionTeamDialog(demo.ctx, ov, ov.action_teams[0], parent),
        ],
    }


def _partnership(name: str) -> MakeDialogs:
    return lambda demo, parent: _partnership_dialogs(demo, parent)[name]


def _pdf_preview(demo: Demo, parent: QWidget) -> list[QDialog]:
    from sector_desktop.services.attachments import export_attachment
    from sector_desktop.ui.reports.preview import PdfPreviewDialog

    info = _attachment(demo, demo.pdf_attachment_id)  # encrypted at rest: the user's plain copy
    pdf = export_attachment(demo.ctx.db, demo.ctx.paths, info, demo.ctx.paths.cache_dir / "packet.pdf")
    return [PdfPreviewDialog(pdf, "Briefing packet", parent)]


def _crash_dialog(demo: Demo, parent: QWidget) -> list[QDialog]:
    from sector_desktop.ui.crash import CrashDialog

    dialog = CrashDialog(str(demo.ctx.paths.log_file), parent)
    deep = "".join(f'  File "/opt/sector_desktop/ui/page_{i}.py", line {i}, in step_{i}\n' for i in range(40))
    for n in range(3):
        dialog.add(f"KeyError: 'field {n}' " + "and a long explanation " * 8, "Traceback:\n" + deep)
    return [dialog]


def _palette(demo: Demo, parent: QWidget) -> list[QDialog]:
    from sector_desktop.ui.main_window import MainWindow
    from sector_desktop.ui.palette import CommandPalette, collect_commands

    assert isinstance(parent, MainWindow)
    return [CommandPalette(collect_commands(parent, parent.stack.currentWidget(), "Page"), parent)]


def _import_dialogs(demo: Demo, parent: QWidget) -> list[QDialog]:
    from sector_desktop.ui.importing.dialog import ImportDialog

    fresh = ImportDialog(demo.ctx, parent)
    previewed = ImportDialog(demo.ctx, parent)
    sheet = demo.ctx.paths.cache_dir / "organizations.csv"
    sheet.write_text(
        "name,kind,sector,zip\n"
        + "".join(f"Cedar Ridge Works {i},employer,manufacturing,2120{i % 10}\n" for i in range(40))
        + f"{demo.organization.name},employer,manufacturing,{demo.organization.zip or ''}\n",
        encoding="utf-8",
    )
    previewed.set_file(sheet, "organizations")
    return [fresh, previewed]


def _lmi_import_dialogs(demo: Demo, parent: QWidget) -> list[QDialog]:
    from sector_desktop.ui.lmi.import_dialog import LmiImportDialog

    fresh, mapped = LmiImportDialog(demo.ctx, parent), LmiImportDialog(demo.ctx, parent)
    table = demo.ctx.paths.cache_dir / "lightcast.csv"
    header = "Region,Region code,SOC,Occupation,Annual Openings,Median Hourly Earnings\n"
    table.write_text(header, encoding="utf-8")
    mapped.kind.setCurrentIndex(mapped.kind.findData("mapped"))
    mapped.file.setText(str(table))
    return [fresh, mapped]


def _outcome_dialogs(name: str) -> MakeDialogs:
    def make(demo: Demo, parent: QWidget) -> list[QDialog]:
        from sector_desktop.ui.performance import outcome_dialogs as dialogs
        from sector_desktop.ui.performance.outcomes import load_lists

        lists = load_lists(demo.ctx)
        placement = next(p for p in lists.placements if p.checks)
        return {
            "CohortDialog": lambda: [
                dialogs.CohortDialog(demo.ctx, lists.choices, None, parent),
                dialogs.CohortDialog(demo.ctx, lists.choices, lists.cohorts[0], parent),
            ],
            "PlacementDialog": lambda: [
                dialogs.PlacementDialog(demo.ctx, lists.choices, None, parent),
                dialogs.PlacementDialog(demo.ctx, lists.choices, placement, parent),
            ],
            "RetentionCheckDialog": lambda: [dialogs.RetentionCheckDialog(demo.ctx, placement, parent)],
        }[name]()

    return make


def _records_behind(demo: Demo, parent: QWidget) -> list[QDialog]:
    from sector_desktop.ui.performance.models import Behind
    from sector_desktop.ui.performance.records_dialog import RecordsBehindDialog

    org = demo.organization
    denominator = "denominator: 62,480 private establishments, QCEW 2024 annual average, area 12580"
    return [
        RecordsBehindDialog(demo.ctx, Behind("Establishments served", "organization", (org.id,)), parent),
        RecordsBehindDialog(
            demo.ctx,
            Behind("Employer penetration rate: denominator", "organization", (), denominator),
            parent,
        ),
    ]
def _staff_dialogs(demo: Demo, parent: QWidget) -> list[QDialog]:
    from sector_desktop.services.staff import list_staff
    from sector_desktop.ui.team.dialogs import StaffDialog

    someone = list_staff(demo.ctx.db)[0]
    return [StaffDialog(demo.ctx, None, parent), StaffDialog(demo.ctx, someone, parent, roles_editable=False)]


def _merge_staff_dialogs(demo: Demo, parent: QWidget) -> list[QDialog]:
    from sector_desktop.services.staff import list_staff
    from sector_desktop.ui.team.merge_dialog import MergeStaffDialog

    team = list_staff(demo.ctx.db)
    return [MergeStaffDialog(demo.ctx, team[0], team, parent)]


def _reassign_dialogs(demo: Demo, parent: QWidget) -> list[QDialog]:
    from sector_desktop.services.team_overview import team_overview
    from sector_desktop.ui.team.manager_view import ReassignWorkDialog

    loads = team_overview(demo.ctx.db)
    return [ReassignWorkDialog(demo.ctx, loads, loads[0].staff_id, parent)]


def _program_dialogs(demo: Demo, parent: QWidget) -> dict[str, list[QDialog]]:
    """The inventory's editor and import (previewed with a bad row), goals, and the initiative dialogs."""
    from sector_desktop.store.initiatives import goal_rows, initiative_detail, initiative_rows
    from sector_desktop.store.organizations import list_staff
    from sector_desktop.store.programs import program_rows, provider_options
    from sector_desktop.ui.initiatives import dialogs as ini
    from sector_desktop.ui.partnerships.goals import GoalDialog, ProgressDialog
    from sector_desktop.ui.programs.editor import ProgramDialog
    from sector_desktop.ui.programs.import_dialog import ProgramsImportDialog

    ctx, ov = demo.ctx, demo.partnership
    with ctx.db.read_session() as s:
        program, providers = program_rows(s)[0], provider_options(s)
        goals = goal_rows(s, ov.id)
        detail = initiative_detail(s, initiative_rows(s)[0].id)
        staff = [(o.id, o.name) for o in list_staff(s)]
    previewed = ProgramsImportDialog(ctx, parent)
    sheet = ctx.paths.cache_dir / "programs.csv"
    sheet.write_text(
        "Provider,Program,Sector,Cost\n"
        + "".join(
            f"Harbor City Community College,Course {i},healthcare,{'abc' if i % 7 == 0 else 100 * i}\n"
            for i in range(30)
        ),
        encoding="utf-8",
    )
    previewed.set_file(sheet)
    teams = [(t.id, t.name) for t in ov.action_teams]
    lines = [(line.id, line.name) for line in detail.lines]
    partnerships = [(ov.id, ov.name)]
    return {
        "ProgramDialog": [
            ProgramDialog(ctx, None, providers, parent),
            ProgramDialog(ctx, program, providers, parent),
        ],
        "ProgramsImportDialog": [ProgramsImportDialog(ctx, parent), previewed],
        "GoalDialog": [GoalDialog(ctx, ov, None, parent), GoalDialog(ctx, ov, goals[0], parent)],
        "ProgressDialog": [ProgressDialog(ctx, goals[0], parent)],
        "InitiativeDialog": [
            ini.InitiativeDialog(ctx, partnerships, staff, None, parent),
            ini.InitiativeDialog(ctx, partnerships, staff, detail.initiative, parent),
        ],
        "FundingDialog": [
            ini.FundingDialog(ctx, detail.initiative.id, None, parent),
            ini.FundingDialog(ctx, detail.initiative.id, detail.funding[0], parent),
        ],
        "BudgetLineDialog": [ini.BudgetLineDialog(ctx, detail.initiative.id, [], detail.lines[0], parent)],
        "ExpenditureDialog": [ini.ExpenditureDialog(ctx, lines, parent)],
        "MilestoneDialog": [
            ini.MilestoneDialog(ctx, detail.initiative.id, staff, teams, None, parent),
            ini.MilestoneDialog(ctx, detail.initiative.id, staff, teams, detail.milestones[0], parent),
        ],
    }


def _program(name: str) -> MakeDialogs:
    return lambda demo, parent: _program_dialogs(demo, parent)[name]


def _cases() -> dict[str, MakeDialogs]:
    from sector_desktop.store.action_items import staff_choices
    from sector_desktop.store.organizations import list_staff
    from sector_desktop.ui.about import AboutDialog
    from sector_desktop.ui.action_items.dialogs import DueDateDialog, NoteDialog, ReassignDialog
    from sector_desktop.ui.apprenticeships.dialogs import AddApprenticeDialog, MoveStageDialog
    from sector_desktop.ui.apprenticeships.editor import ProgramEditor
    from sector_desktop.ui.attachments.preview import AttachmentPreview
    from sector_desktop.ui.backups_dialog import RestoreBackupDialog
    from sector_desktop.ui.importing.export_dialog import ExportDialog
    from sector_desktop.ui.meetings.agenda import AgendaItemDialog
    from sector_desktop.ui.meetings.invite_dialog import InviteDialog
    from sector_desktop.ui.meetings.schedule_dialog import ScheduleMeetingDialog
    from sector_desktop.ui.organizations.duplicate_prompt import DuplicatePrompt
    from sector_desktop.ui.organizations.editor import ContactEditor, OrganizationEditor
    from sector_desktop.ui.organizations.merge_dialog import MergeDialog
    from sector_desktop.ui.passphrase import PassphraseDialog
    from sector_desktop.ui.search.dialog import SearchDialog
    from sector_desktop.ui.sync.connect_dialog import ConnectDialog
    from sector_desktop.ui.team.settings_dialog import SettingsDialog
    from sector_desktop.ui.today.calendar_dialog import CalendarExportDialog

    today = dt.date.today()
    ui = "sector_desktop.ui."
    return {
        ui + "action_items.dialogs.NoteDialog": lambda d, p: [
            NoteDialog(
                "Close action item", "Why is it closed? " * 6, required=True, ok_text="Close item", parent=p
            )
        ],
        ui + "action_items.dialogs.DueDateDialog": lambda d, p: [DueDateDialog(None, today, p)],
        ui + "action_items.dialogs.ReassignDialog": lambda d, p: [
            ReassignDialog(_read(d, staff_choices), d.ctx.staff_id, p)
        ],
        ui + "organizations.editor.OrganizationEditor": lambda d, p: [
            OrganizationEditor(_read(d, list_staff), None, p, db=d.ctx.db),
            OrganizationEditor(_read(d, list_staff), d.organization, p, db=d.ctx.db),
        ],
        ui + "organizations.editor.ContactEditor": lambda d, p: [
            ContactEditor(None, p),
            ContactEditor(d.organization.contacts[0], p),
        ],
        ui + "apprenticeships.editor.ProgramEditor": lambda d, p: [
            ProgramEditor(d.ctx, None, p),
            ProgramEditor(d.ctx, d.program, p),
        ],
        ui + "apprenticeships.dialogs.MoveStageDialog": lambda d, p: [
            MoveStageDialog(d.ctx, d.program.id, d.program.stage, p)
        ],
        ui + "apprenticeships.dialogs.AddApprenticeDialog": lambda d, p: [
            AddApprenticeDialog(d.ctx, d.program.id, p)
        ],
        ui + "attachments.preview.AttachmentPreview": lambda d, p: [
            AttachmentPreview(d.ctx, _attachment(d, d.pdf_attachment_id), p),
            AttachmentPreview(d.ctx, _attachment(d, d.image_attachment_id), p),
        ],
        ui + "importing.dialog.ImportDialog": _import_dialogs,
        ui + "passphrase.PassphraseDialog": lambda d, p: [
            PassphraseDialog("This computer has no usable keyring. " * 3, new=True, parent=p),
            PassphraseDialog("The passphrase is wrong.", new=False, parent=p),
        ],
        ui + "backups_dialog.RestoreBackupDialog": lambda d, p: [RestoreBackupDialog(d.ctx, p)],
        ui + "importing.export_dialog.ExportDialog": lambda d, p: [ExportDialog(d.ctx, p)],
        ui + "lmi.import_dialog.LmiImportDialog": _lmi_import_dialogs,
        ui + "meetings.agenda.AgendaItemDialog": lambda d, p: [
            AgendaItemDialog(d.ctx, d.meeting.id, None, p),
            *[AgendaItemDialog(d.ctx, d.meeting.id, item, p) for item in d.meeting.agenda[:1]],
        ],
        ui + "meetings.invite_dialog.InviteDialog": lambda d, p: [InviteDialog(d.ctx, d.meeting, p)],
        ui + "meetings.schedule_dialog.ScheduleMeetingDialog": lambda d, p: [
            ScheduleMeetingDialog(d.ctx, None, d.partnership.id, p),
            ScheduleMeetingDialog(d.ctx, d.meeting, None, p),
        ],
        ui + "organizations.duplicate_prompt.DuplicatePrompt": lambda d, p: [
            DuplicatePrompt(
                d.organization.name,
                [
                    DuplicateMatch(
                        d.organization.id,
                        d.organization.name,
                        d.organization.zip,
                        "similar name (93%) and same ZIP",
                        93.0,
                    ),
                    DuplicateMatch(
                        d.organization.id, d.organization.name + " Holdings", None, "same FEIN", 100.0
                    ),
                ],
                p,
            )
        ],
        ui + "organizations.merge_dialog.MergeDialog": lambda d, p: [
            MergeDialog(d.ctx.db, d.organization, p)
        ],
        ui + "partnerships.editors.PartnershipDialog": _partnership("PartnershipDialog"),
        ui + "partnerships.editors.MemberDialog": _partnership("MemberDialog"),
        ui + "partnerships.editors.WorkgroupDialog": _partnership("WorkgroupDialog"),
        ui + "partnerships.editors.PriorityDialog": _partnership("PriorityDialog"),
        ui + "partnerships.editors.ActionTeamDialog": _partnership("ActionTeamDialog"),
        ui + "reports.preview.PdfPreviewDialog": _pdf_preview,
        ui + "search.dialog.SearchDialog": lambda d, p: [SearchDialog(d.ctx, p)],
        ui + "palette.CommandPalette": _palette,
        ui + "crash.CrashDialog": _crash_dialog,
        ui + "about.AboutDialog": lambda d, p: [AboutDialog(d.ctx.paths, p)],
        ui + "sync.connect_dialog.ConnectDialog": lambda d, p: [ConnectDialog(d.ctx, p, "")],
        ui + "today.calendar_dialog.CalendarExportDialog": lambda d, p: [CalendarExportDialog(d.ctx, p)],
        ui + "visits.editor.VisitEditor": _visit_editors,
        ui + "performance.outcome_dialogs.CohortDialog": _outcome_dialogs("CohortDialog"),
        ui + "performance.outcome_dialogs.PlacementDialog": _outcome_dialogs("PlacementDialog"),
        ui + "performance.outcome_dialogs.RetentionCheckDialog": _outcome_dialogs("RetentionCheckDialog"),
        ui + "performance.records_dialog.RecordsBehindDialog": _records_behind,
        ui + "team.dialogs.StaffDialog": _staff_dialogs,
        ui + "team.manager_view.ReassignWorkDialog": _reassign_dialogs,
        ui + "team.merge_dialog.MergeStaffDialog": _merge_staff_dialogs,
        ui + "team.settings_dialog.SettingsDialog": lambda d, p: [
            SettingsDialog(d.ctx, p, first_run=True),
            SettingsDialog(d.ctx, p),
        ],
        ui + "programs.editor.ProgramDialog": _program("ProgramDialog"),
        ui + "programs.import_dialog.ProgramsImportDialog": _program("ProgramsImportDialog"),
        ui + "partnerships.goals.GoalDialog": _program("GoalDialog"),
        ui + "partnerships.goals.ProgressDialog": _program("ProgressDialog"),
        ui + "initiatives.dialogs.InitiativeDialog": _program("InitiativeDialog"),
        ui + "initiatives.dialogs.FundingDialog": _program("FundingDialog"),
        ui + "initiatives.dialogs.BudgetLineDialog": _program("BudgetLineDialog"),
        ui + "initiatives.dialogs.ExpenditureDialog": _program("ExpenditureDialog"),
        ui + "initiatives.dialogs.MilestoneDialog": _program("MilestoneDialog"),
    }


def CASES() -> dict[str, MakeDialogs]:
    """Each dialog's qualified class name -> a function making it, in each state worth checking."""
    return _cases()
