"""Full-text search: ranking, prefix matching, hostile input, snippets and tombstones."""

from __future__ import annotations

import datetime as dt

import pytest

from sector_desktop.cli import main
from sector_desktop.models import Contact, Organization, Visit
from sector_desktop.models.base import utcnow
from sector_desktop.store.search import MARK_END, MARK_START, fts_query, search

FILLER = "We talked about shifts, parking, benefits and the weather for a long while. " * 6


@pytest.fixture
def filled(db):
    """Three organizations with contacts and visits; returns their ids by a short key."""
    ids: dict[str, str] = {}
    with db.session() as s:
        harbor = Organization(name="Harborview Logistics", kind="employer", sector="logistics")
        mill = Organization(name="Old Mill Bakery", kind="employer", sector="manufacturing", notes="Bread")
        gone = Organization(name="Harborside Closed Diner", kind="employer", deleted_at=utcnow())
        s.add_all([harbor, mill, gone])
        s.flush()
        ana = Contact(organization_id=harbor.id, name="Ana Quintero", title="Dispatcher", is_primary=True)
        ghost = Contact(organization_id=gone.id, name="Ana Gone", title="Owner", is_primary=True)
        visit = Visit(
            organization_id=mill.id,
            starts_at=dt.datetime(2026, 3, 2, 15),
            purpose="Apprenticeship talk",
            notes=FILLER + "They drive to the harbor for deliveries. Forklift certification is scarce.",
        )
        dropped = Visit(
            organization_id=mill.id,
            starts_at=dt.datetime(2026, 3, 3, 15),
            notes="Forklift training was the old plan.",
            deleted_at=utcnow(),
        )
        s.add_all([ana, ghost, visit, dropped])
        s.flush()
        ids.update(harbor=harbor.id, mill=mill.id, gone=gone.id, ana=ana.id, ghost=ghost.id)
        ids.update(visit=visit.id, dropped=dropped.id)
    return ids


def _search(db, query: str, limit: int = 20):
    with db.read_session() as s:
        return search(s, query, limit)


def test_a_name_match_ranks_above_a_passing_mention_in_a_note(db, filled) -> None:
    hits = _search(db, "harbor")
    assert [h.id for h in hits] == [filled["harbor"], filled["visit"]]
    assert hits[0].score > hits[1].score
    assert hits[0].title == "Harborview Logistics" and "logistics" in hits[0].subtitle.lower()


def test_the_last_word_matches_as_a_prefix(db, filled) -> None:
    assert filled["harbor"] in {h.id for h in _search(db, "Harb")}
    assert filled["ana"] in {h.id for h in _search(db, "ana quin")}
    # A finished word (trailing space) is not a prefix any more.
    assert filled["harbor"] not in {h.id for h in _search(db, "Harb ")}


def test_visit_notes_are_found_with_a_highlighted_snippet(db, filled) -> None:
    hits = [h for h in _search(db, "forklift") if h.kind == "visit"]
    assert [h.id for h in hits] == [filled["visit"]]
    assert f"{MARK_START}Forklift{MARK_END}" in hits[0].snippet
    assert "Forklift certification" in hits[0].plain_snippet
    assert hits[0].title == "Visit: Old Mill Bakery"


@pytest.mark.parametrize(
    "hostile",
    ['"', "AND(", "NEAR(", "*", "-", "ana OR", '"open', "col:value", "^start", "a AND NOT b", "()", "😀"],
)
def test_hostile_input_never_raises(db, filled, hostile: str) -> None:
    hits = _search(db, hostile)
    assert isinstance(hits, list)


def test_operators_are_searched_as_words(db, filled) -> None:
    assert fts_query('ana OR "x') == '"ana" "OR" "x"*'
    assert fts_query("AND(") == '"AND"*'
    assert fts_query('" * ( )') is None
    assert fts_query("ana ") == '"ana"'
    assert filled["ana"] in {h.id for h in _search(db, "(ana")}
    assert _search(db, "ana OR zzz") == []  # OR is a word here, so both words must match


def test_tombstoned_rows_and_their_children_are_excluded(db, filled) -> None:
    ids = {h.id for h in _search(db, "harbor")} | {h.id for h in _search(db, "ana")}
    assert filled["gone"] not in ids
    assert filled["ghost"] not in ids  # a contact of a deleted organization
    assert filled["ana"] in ids
    forklift = {h.id for h in _search(db, "forklift")}
    assert filled["dropped"] not in forklift and filled["visit"] in forklift


def test_many_tombstones_do_not_hide_live_rows(db) -> None:
    with db.session() as s:
        for i in range(60):
            s.add(Organization(name=f"Welding Shop {i}", deleted_at=utcnow()))
        s.add(Organization(name="Welding Shop Alive"))
    hits = _search(db, "welding", limit=5)
    assert [h.title for h in hits] == ["Welding Shop Alive"]


def test_limit_and_empty_queries(db, filled) -> None:
    assert _search(db, "") == [] and _search(db, "   ") == []
    assert len(_search(db, "a", limit=1)) <= 1


def test_cli_search_prints_hits(paths, db, filled, capsys) -> None:
    assert main(["--profile", str(paths.data_dir.parent), "search", "harborview"]) == 0
    out = capsys.readouterr().out
    assert "Harborview Logistics" in out and "organization" in out
    assert main(["--profile", str(paths.data_dir.parent), "search", "nothing-like-this"]) == 0
    assert "No matches" in capsys.readouterr().out


def test_meetings_partnerships_and_programs_are_found(db) -> None:
    from sector_desktop.models import ApprenticeshipProgram, Meeting, SectorPartnership

    with db.session() as s:
        port = Organization(name="Port Authority", kind="employer")
        partnership = SectorPartnership(name="Maritime Careers Partnership", region="Harbor district")
        s.add_all([port, partnership])
        s.flush()
        s.add_all(
            [
                Meeting(
                    partnership_id=partnership.id,
                    title="Crane operator pipeline",
                    starts_at=dt.datetime(2026, 12, 1, 15),
                    notes="Agreed a shared welding curriculum",
                ),
                ApprenticeshipProgram(sponsor_id=port.id, occupation_title="Crane Operator"),
                ApprenticeshipProgram(
                    sponsor_id=port.id, occupation_title="Gone Crane Rigger", deleted_at=utcnow()
                ),
            ]
        )
    hits = _search(db, "crane")
    assert sorted((h.kind, h.title) for h in hits) == [
        ("meeting", "Crane operator pipeline"),
        ("program", "Crane Operator"),
    ]
    program = next(h for h in hits if h.kind == "program")
    assert program.subtitle.startswith("Sponsor Port Authority")
    (partnership_hit,) = _search(db, "maritime")
    assert partnership_hit.kind == "partnership" and "Harbor district" in partnership_hit.subtitle
    (meeting_hit,) = _search(db, "curriculum")
    assert MARK_START + "curriculum" + MARK_END in meeting_hit.snippet
