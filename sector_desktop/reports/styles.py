"""One place for the documents' look: fonts, colours, margins, paragraph styles, and safe text.

User text goes through `esc()` before it reaches a Paragraph: markup characters are escaped,
line breaks kept, and runs of CJK text switched to a built-in CID font so that no character
is dropped (DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew and Arabic letters).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

PAGE = LETTER
MARGIN = 0.75 * inch
BODY_FONT = "DejaVuSans"
BOLD_FONT = "DejaVuSans-Bold"
CJK_FONT = "STSong-Light"
HANGUL_FONT = "HYSMyeongJo-Medium"

INK = colors.HexColor("#1f2d3d")
MUTED = colors.HexColor("#5b6570")
ACCENT = colors.HexColor("#2f6fb0")
RULE = colors.HexColor("#d6dbe0")
ZEBRA = colors.HexColor("#f4f6f8")
ALERT = colors.HexColor("#b00020")

_CJK = re.compile(r"([\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+)")
_HANGUL = re.compile(r"([\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+)")
# Characters no PDF font can show: control characters other than tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def register_fonts() -> None:
    """Register the embedded fonts once per process."""
    rl_config.useA85 = 0  # binary streams: smaller files, and no time spent in ASCII85 encoding
    fonts = resources.files("sector_desktop.resources") / "fonts"
    with (
        resources.as_file(fonts / "DejaVuSans.ttf") as regular,
        resources.as_file(fonts / "DejaVuSans-Bold.ttf") as bold,
    ):
        pdfmetrics.registerFont(TTFont(BODY_FONT, str(regular)))
        pdfmetrics.registerFont(TTFont(BOLD_FONT, str(bold)))
    pdfmetrics.registerFontFamily(
        BODY_FONT, normal=BODY_FONT, bold=BOLD_FONT, italic=BODY_FONT, boldItalic=BOLD_FONT
    )
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    pdfmetrics.registerFont(UnicodeCIDFont(HANGUL_FONT))


def esc(text: object) -> str:
    """User text made safe for reportlab's paragraph markup, keeping every printable character."""
    if text is None:
        return ""
    s = _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    s = escape(s)
    s = _CJK.sub(lambda m: f'<font name="{CJK_FONT}">{m.group(1)}</font>', s)
    s = _HANGUL.sub(lambda m: f'<font name="{HANGUL_FONT}">{m.group(1)}</font>', s)
    return s.replace("\n", "<br/>")


def is_plain_line(text: str) -> bool:
    """True when `text` prints as it is in the body font: one line, no CJK, Hangul or control characters."""
    return not (
        "\n" in text
        or "\r" in text
        or "\t" in text
        or _CONTROL.search(text)
        or _CJK.search(text)
        or _HANGUL.search(text)
    )


def _style(name: str, **kw: object) -> ParagraphStyle:
    base = {"fontName": BODY_FONT, "fontSize": 9.5, "leading": 12.5, "textColor": INK, "alignment": TA_LEFT}
    base.update(kw)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        "title": _style("title", fontName=BOLD_FONT, fontSize=22, leading=27, spaceAfter=6),
        "subtitle": _style("subtitle", fontSize=12, leading=16, textColor=MUTED, spaceAfter=14),
        "h1": _style(
            "h1", fontName=BOLD_FONT, fontSize=14, leading=18, spaceBefore=10, spaceAfter=6, textColor=ACCENT
        ),
        "h2": _style("h2", fontName=BOLD_FONT, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4),
        "body": _style("body", spaceAfter=4),
        "small": _style("small", fontSize=8, leading=10, textColor=MUTED),
        "cell": _style("cell", fontSize=8.5, leading=10.5),
        "cell_bold": _style("cell_bold", fontName=BOLD_FONT, fontSize=8.5, leading=10.5),
        "cell_alert": _style("cell_alert", fontSize=8.5, leading=10.5, textColor=ALERT),
        "label": _style("label", fontName=BOLD_FONT, fontSize=8.5, leading=11, textColor=MUTED),
    }


def table_style(header: bool = True, zebra: bool = True) -> list[tuple]:
    """The grid every table shares: a tinted header row, light rules, alternate shading."""
    cmds: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), ZEBRA), ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
    if zebra:
        cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#fafbfc")]))
    return cmds
