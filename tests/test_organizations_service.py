"""Organizations without a GUI: validation, duplicates, merge, primary contacts, tombstones, list queries."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import (
    ActionItem,
    Contact,
    HiringNeed,
    MemberRepresentative,
    Organization,
    PartnershipMember,
    SectorPartnership,
    StaffUser,
    Visit,
)
from sector_desktop.services.organization_merge import merge_new_into, merge_organizations
from sector_desktop.services.organizations import (
    ContactInput,
    InvalidFields,
    LikelyDuplicates,
    OrganizationInput,
    add_contact,
    create_organization,
    delete_contact,
    delete_organization,
    parse_tags,
    update_contact,
    update_organization,
)
from sector_desktop.store import Database
from sector_desktop.store.organizations import (
    SORT_KEYS,
    UNASSIGNED,
    OrganizationFilter,
    count_organizations,
    get_organization_detail,
    list_organizations,
    list_staff,
    organization_of_contact,
)


def _staff(db: Database, name: str, active: bool = True) -> str:
    with db.session() as s:
        staff = StaffUser(name=name, username=name.split()[0].lower(), active=active)
        s.add(staff)
        s.flush()
        return staff.id


def _create(db: Database, **fields) -> str:
    with db.session() as s:
        return create_organization(s, OrganizationInput(**fields), allow_duplicates=True)


def test_create_cleans_and_stores_every_field(db: Database) -> None:
    staff_id = _staff(db, "Dana Reyes")
    data = OrganizationInput(
        name="  Harbor Health  ",
        dba="Harbor",
        fein="123456789",
        state_ui_number="UI-0042",
        naics="622110",
        sector="healthcare",
        kind="employer",
        status="active",
        address_line1="1 Pier Rd",
        city="Baltimore",
        state="md",
        zip="21201",
        phone="(410) 555-0100",
        website="harbor.example.org",
        size_band="250-999",
        sites_count=3,
        assigned_staff_id=staff_id,
        tags=["nursing", " Nursing ", "", "night shifts"],
        notes="Big hospital",
    )
    with db.session() as s:
        org_id = create_organization(s, data)
    with db.read_session() as s:
        detail = get_organization_detail(s, org_id)
    assert detail.name == "Harbor Health"
    assert detail.fein == "12-3456789"
    assert detail.state == "MD"
    assert detail.tags == ["nursing", "night shifts"]
    assert detail.staff_name == "Dana Reyes"
    assert detail.sites_count == 3 and detail.size_band == "250-999"
    assert detail.address_line2 is None  # blanks are stored as NULL, not ""


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "A", "fein": "12-345"}, "fein"),
        ({"name": "A", "fein": "12345678X"}, "fein"),
        ({"name": "A", "sector": "farming"}, "sector"),
        ({"name": "A", "kind": "bank"}, "kind"),
        ({"name": "A", "status": "gone"}, "status"),
        ({"name": "A", "size_band": "huge"}, "size_band"),
        ({"name": "A", "zip": "2120"}, "zip"),
        ({"name": "A", "state": "Maryland"}, "state"),
        ({"name": "A", "naics": "62A"}, "naics"),
        ({"name": "A", "sites_count": -1}, "sites_count"),
        ({"name": "A", "assigned_staff_id": "no-such-staff"}, "assigned_staff_id"),
        ({"name": "x" * 301}, "name"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(db: Database, fields: dict, bad_field: str) -> None:
    with pytest.raises(InvalidFields) as info, db.session() as s:
        create_organization(s, OrganizationInput(**fields), allow_duplicates=True)
    assert set(info.value.fields) == {bad_field}
    assert isinstance(info.value, ValidationError)
    assert info.value.problems and info.value.problems[0].split(":")[0] in str(info.value)
    with db.read_session() as s:
        assert count_organizations(s) == 0


def test_several_bad_fields_are_reported_together(db: Database) -> None:
    with pytest.raises(InvalidFields) as info, db.session() as s:
        create_organization(s, OrganizationInput(name="", fein="1", zip="abc"))
    assert set(info.value.fields) == {"name", "fein", "zip"}
    assert "FEIN: must be 9 digits" in str(info.value)


def test_same_fein_is_flagged_as_a_likely_duplicate(db: Database) -> None:
    first = _create(db, name="Acme Tool and Die", fein="12-3456789", zip="21230")
    with pytest.raises(LikelyDuplicates) as info, db.session() as s:
        create_organization(s, OrganizationInput(name="Totally Other Name", fein="123456789"))
    assert [m.organization_id for m in info.value.matches] == [first]
    assert info.value.matches[0].reason == "same FEIN"
    with pytest.raises(LikelyDuplicates), db.session() as s:
        create_organization(s, OrganizationInput(name="Acme Tool & Die, Inc.", zip="21230"))
    with db.read_session() as s:
        assert count_organizations(s) == 1
    with db.session() as s:  # "create anyway"
        create_organization(
            s, OrganizationInput(name="Acme Tool & Die, Inc.", zip="21230"), allow_duplicates=True
        )
    with db.read_session() as s:
        assert count_organizations(s) == 2


def test_an_identical_name_with_a_blank_zip_still_asks(db: Database) -> None:
    first = _create(db, name="Harbor Welding", zip="21230")
    with pytest.raises(LikelyDuplicates) as info, db.session() as s:  # typed again, without a ZIP
        create_organization(s, OrganizationInput(name="harbor welding "))
    assert [(m.organization_id, m.reason) for m in info.value.matches] == [(first, "same name")]
    with db.read_session() as s:
        assert count_organizations(s) == 1


def test_update_changes_profile_and_validates(db: Database) -> None:
    org_id = _create(db, name="Old Name", sector="it")
    with db.session() as s:
        update_organization(
            s, org_id, OrganizationInput(name="New Name", sector="logistics", status="active")
        )
    with pytest.raises(InvalidFields), db.session() as s:
        update_organization(s, org_id, OrganizationInput(name="New Name", sector="space"))
    with db.read_session() as s:
        detail = get_organization_detail(s, org_id)
    assert (detail.name, detail.sector, detail.status) == ("New Name", "logistics", "active")


def test_soft_delete_keeps_the_row_and_hides_it(db: Database) -> None:
    org_id = _create(db, name="Gone Soon")
    with db.session() as s:
        delete_organization(s, org_id)
    with db.read_session() as s:
        assert s.get(Organization, org_id).deleted_at is not None  # tombstone, not a hard delete
        assert count_organizations(s) == 0
        assert list_organizations(s) == []
        with pytest.raises(NotFound):
            get_organization_detail(s, org_id)


def test_only_one_primary_contact(db: Database) -> None:
    org_id = _create(db, name="Primary Co")
    with db.session() as s:
        a = add_contact(s, org_id, ContactInput(name="Ann", is_primary=True))
        b = add_contact(s, org_id, ContactInput(name="Ben", email="ben@example.org"))
    with db.session() as s:
        update_contact(s, b, ContactInput(name="Ben", email="ben@example.org", is_primary=True))
    with db.read_session() as s:
        detail = get_organization_detail(s, org_id)
    assert [(c.name, c.is_primary) for c in detail.contacts] == [("Ben", True), ("Ann", False)]
    with db.session() as s:
        c = add_contact(s, org_id, ContactInput(name="Cy", is_primary=True))
    with db.read_session() as s:
        primaries = s.scalars(select(Contact.id).where(Contact.is_primary.is_(True))).all()
        assert primaries == [c]
        assert organization_of_contact(s, a) == org_id


def test_contact_validation_and_soft_delete(db: Database) -> None:
    org_id = _create(db, name="Contact Co")
    with pytest.raises(InvalidFields) as info, db.session() as s:
        add_contact(s, org_id, ContactInput(name="", email="not-an-email"))
    assert set(info.value.fields) == {"name", "email"}
    with db.session() as s:
        cid = add_contact(s, org_id, ContactInput(name="Dee"))
    with db.session() as s:
        delete_contact(s, cid)
    with db.read_session() as s:
        assert s.get(Contact, cid).deleted_at is not None
        assert get_organization_detail(s, org_id).contacts == []


def test_merge_moves_everything_and_tombstones_the_duplicate(db: Database) -> None:
    keep = _create(db, name="Keep Corp", phone="410-555-0101", tags=["union"])
    dup = _create(
        db, name="Keep Corporation", fein="98-7654321", website="keep.example", tags=["Union", "MBE"]
    )
    with db.session() as s:
        kept_primary = add_contact(s, keep, ContactInput(name="Kim", is_primary=True))
        moved_primary = add_contact(s, dup, ContactInput(name="Lou", is_primary=True))
        visit = Visit(organization_id=dup, starts_at=dt.datetime(2026, 3, 1, 10))
        s.add(visit)
        s.flush()
        s.add(HiringNeed(organization_id=dup, visit_id=visit.id, occupation="Welder"))
        s.add(ActionItem(text="Send flyer", organization_id=dup))
        partnership = SectorPartnership(name="Manufacturing Partnership")
        s.add(partnership)
        s.flush()
        s.add(PartnershipMember(partnership_id=partnership.id, organization_id=keep))
        dup_member = PartnershipMember(partnership_id=partnership.id, organization_id=dup)
        s.add(dup_member)
        s.flush()
        s.add(MemberRepresentative(member_id=dup_member.id, contact_id=moved_primary))
    with db.session() as s:
        result = merge_organizations(s, keep, dup)
    assert result.moved["contact"] == 1 and result.moved["visit"] == 1
    assert {"fein", "website", "tags"} <= set(result.filled_fields)
    with db.read_session() as s:
        assert s.get(Organization, dup).deleted_at is not None
        detail = get_organization_detail(s, keep)
        assert {c.name for c in detail.contacts} == {"Kim", "Lou"}
        assert [c.id for c in detail.contacts if c.is_primary] == [kept_primary]
        assert len(detail.visits) == 1
        assert detail.fein == "98-7654321" and detail.phone == "410-555-0101"
        assert detail.tags == ["union", "MBE"]
        assert s.scalar(select(HiringNeed.organization_id)) == keep
        assert s.scalar(select(ActionItem.organization_id)) == keep
        live_members = s.scalars(
            select(PartnershipMember).where(PartnershipMember.deleted_at.is_(None))
        ).all()
        assert [m.organization_id for m in live_members] == [keep]
        assert s.scalar(select(MemberRepresentative.member_id)) == live_members[0].id
        assert count_organizations(s) == 1
    with pytest.raises(NotFound), db.session() as s:
        merge_organizations(s, keep, dup)  # the duplicate is gone now


def test_filter_and_sort_queries(db: Database) -> None:
    dana, lee = _staff(db, "Dana Reyes"), _staff(db, "Lee Park")
    _staff(db, "Former Person", active=False)
    _create(
        db,
        name="Beacon Builders",
        sector="construction",
        status="active",
        city="Towson",
        assigned_staff_id=lee,
    )
    _create(
        db,
        name="Alder Hospital",
        sector="healthcare",
        status="active",
        city="Baltimore",
        assigned_staff_id=dana,
    )
    _create(db, name="Cedar Clinic", dba="Cedar Care", sector="healthcare", status="prospect")
    _create(db, name="Delta Freight", sector="logistics", kind="employer", status="inactive", city="Essex")
    _create(db, name="100% Training", kind="training_provider")
    with db.read_session() as s:
        names = [r.name for r in list_organizations(s)]
        assert names == [
            "100% Training",
            "Alder Hospital",
            "Beacon Builders",
            "Cedar Clinic",
            "Delta Freight",
        ]
        health = OrganizationFilter(sector="healthcare")
        assert count_organizations(s, health) == 2
        assert [r.name for r in list_organizations(s, health, sort="name", descending=True)] == [
            "Cedar Clinic",
            "Alder Hospital",
        ]
        assert [r.name for r in list_organizations(s, OrganizationFilter(text="care"))] == ["Cedar Clinic"]
        assert [r.name for r in list_organizations(s, OrganizationFilter(text="%"))] == ["100% Training"]
        assert [r.name for r in list_organizations(s, OrganizationFilter(staff_id=dana))] == [
            "Alder Hospital"
        ]
        assert count_organizations(s, OrganizationFilter(staff_id=UNASSIGNED)) == 3
        assert count_organizations(s, OrganizationFilter(kind="training_provider")) == 1
        assert count_organizations(s, OrganizationFilter(status="active", sector="construction")) == 1
        by_city = [r.city for r in list_organizations(s, sort="city")]
        assert by_city == ["Baltimore", "Essex", "Towson", None, None]  # blanks last
        by_staff = [r.staff_name for r in list_organizations(s, sort="staff", descending=True)]
        assert by_staff[:2] == ["Lee Park", "Dana Reyes"]
        first = list_organizations(s, limit=1)
        window = list_organizations(s, after=first[0], limit=2)
        assert [r.name for r in window] == ["Alder Hospital", "Beacon Builders"]
        for sort in SORT_KEYS:  # windows after a row continue the whole list, blanks and all
            for descending in (False, True):
                whole = [r.id for r in list_organizations(s, sort=sort, descending=descending)]
                paged, after = [], None
                while batch := list_organizations(s, sort=sort, descending=descending, after=after, limit=2):
                    paged += [r.id for r in batch]
                    after = batch[-1]
                assert paged == whole, (sort, descending)
        assert [o.name for o in list_staff(s)] == ["Dana Reyes", "Lee Park"]
        with pytest.raises(ValueError):
            list_organizations(s, sort="drop table")


def test_visit_history_and_last_visit(db: Database) -> None:
    staff = _staff(db, "Dana Reyes")
    org_id = _create(db, name="Visited Inc")
    with db.session() as s:
        for day, status in ((1, "completed"), (9, "completed"), (20, "planned")):
            s.add(
                Visit(
                    organization_id=org_id,
                    starts_at=dt.datetime(2026, 5, day, 9),
                    status=status,
                    staff_id=staff,
                    purpose=f"Visit {day}",
                    services=["recruitment"],
                )
            )
    with db.read_session() as s:
        detail = get_organization_detail(s, org_id)
        row = list_organizations(s)[0]
    assert [v.purpose for v in detail.visits] == ["Visit 20", "Visit 9", "Visit 1"]
    assert detail.visits[0].staff_name == "Dana Reyes" and detail.visits[0].services == ["recruitment"]
    assert detail.visit_count == 3
    assert row.last_visit == dt.datetime(2026, 5, 9, 9)  # planned visits are not "last visit"


def test_parse_tags() -> None:
    assert parse_tags(" a, b ,,A, c  d ") == ["a", "b", "c d"]


def test_merge_new_into_existing_fills_blanks_without_creating(db: Database) -> None:
    existing = _create(db, name="Acme Tool and Die", zip="21230", phone="410-555-0199")
    typed = OrganizationInput(name="Acme Tool & Die", zip="21230", fein="123456789", phone="443-555-0000")
    with db.session() as s:
        filled = merge_new_into(s, existing, typed)
    assert "fein" in filled and "phone" not in filled
    with db.read_session() as s:
        assert count_organizations(s) == 1
        detail = get_organization_detail(s, existing)
    assert (detail.fein, detail.phone, detail.name) == ("12-3456789", "410-555-0199", "Acme Tool and Die")
