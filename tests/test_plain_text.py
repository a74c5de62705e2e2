"""PlainText (reports/parts.py) prints user text as a Paragraph of the same style would: the same
lines on the same pages, whether it fits on one line, wraps, or splits across pages."""

from __future__ import annotations

import io
import random

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable, Paragraph

from sector_desktop.reports.layout import build_pdf
from sector_desktop.reports.parts import PlainText, gap, heading, p
from sector_desktop.reports.styles import esc, styles

WORDS = ["the", "employer", "asked", "about", "forklift", "certification", "and", "second"]
WORDS += ["shift", "wages", "for", "the", "spring", "cohort"]


def _pages(flowables: list[Flowable]) -> list[str]:
    pdf = build_pdf(flowables, "t", "", office="Office", confidential=False)
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize(
    ("space", "style", "count"), [(0, "body", 5), (120, "body", 900), (610, "small", 700), (333, "cell", 400)]
)
def test_plain_text_lays_out_like_a_paragraph(space: int, style: str, count: int) -> None:
    rng = random.Random(count)
    text = " ".join(rng.choice(WORDS) for _ in range(count))
    after = " ".join(rng.choice(WORDS) for _ in range(60))

    def document(make: type[Flowable] | object) -> list[str]:
        return _pages(
            [gap(space), make(text, styles()[style]), heading("Next"), make(after, styles()["body"])]
        )  # type: ignore[operator]

    expected = document(lambda t, s: Paragraph(esc(t), s))
    assert document(PlainText) == expected


def test_text_plain_text_cannot_print_stays_a_paragraph() -> None:
    assert isinstance(p("two\nlines"), Paragraph)  # line breaks
    assert isinstance(p("東京の会社"), Paragraph)  # CJK needs its own font
    assert isinstance(p("Acme & Sons <b>"), PlainText)  # printed as typed, not as markup
    assert "Acme &amp; Sons &lt;b&gt;" not in "".join(_pages([p("Acme & Sons <b>")]))
    assert "Acme & Sons <b>" in "".join(_pages([p("Acme & Sons <b>")]))
