"""Every input, button and view gets a name a screen reader can say, from what a sighted user reads.

`install(app)` names each control as Qt polishes it (and again when its window shows, once the
form around it is complete): from its form label or buddy label, else its placeholder, else its
tooltip. A button with text needs nothing: Qt reads the text itself, so a count in it stays live.
A control with none of these (a table, an unlabelled filter) is named where it is made, with
`setAccessibleName` or a buddy label (`QLabel("&Files").setBuddy(view)`, which also gives Alt+F).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
)
# Decorations that read as noise: the "more follows" ellipsis and the "press Enter" arrow.
_TRAILING = " …:↵⏎"


def clean(text: str) -> str:
    """A label's words without the mnemonic '&', rich-text tags, or trailing '…', ':' and '↵'."""
    if "<" in text:
        from PySide6.QtGui import QTextDocumentFragment

        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split()).rstrip(_TRAILING).strip()


def label_for(w: QWidget, buddies: dict[QWidget, str] | None = None) -> str:
    """The text of the label that names `w`: its QFormLayout row label, or a QLabel whose buddy it is.

    `buddies` (buddy -> label text, from `buddy_labels`) finds labels anywhere in the window;
    without it only the labels beside `w` are looked at.
    """
    parent = w.parentWidget()
    layout = parent.layout() if parent is not None else None
    for form in [layout, *(layout.findChildren(QFormLayout) if layout is not None else [])]:
        if isinstance(form, QFormLayout):
            label = form.labelForField(w)
            if isinstance(label, QLabel) and label.text():
                return label.text()
    if buddies is None and parent is not None:
        buddies = buddy_labels(parent, Qt.FindChildOption.FindDirectChildrenOnly)
    return (buddies or {}).get(w, "")


def buddy_labels(
    root: QWidget, options: Qt.FindChildOption = Qt.FindChildOption.FindChildrenRecursively
) -> dict[QWidget, str]:
    return {
        label.buddy(): label.text()
        for label in root.findChildren(QLabel, options=options)
        if label.buddy() is not None and label.text()
    }


def derived_name(w: QWidget, buddies: dict[QWidget, str] | None = None) -> str:
    """What names `w` for a sighted user: its label, else its placeholder, else its tooltip ("" if none)."""
    placeholder = getattr(w, "placeholderText", None)
    line = w.lineEdit() if isinstance(w, QComboBox) and w.isEditable() else None
    if line is not None:
        placeholder = line.placeholderText
    for text in (label_for(w, buddies), placeholder() if callable(placeholder) else "", w.toolTip()):
        if text and clean(text):
            return clean(text)
    return ""


def is_control(w: QObject) -> bool:
    """An input, a button or a view (any scrolling viewer, e.g. a PDF view; not a plain scroll area)."""
    viewer = isinstance(w, QAbstractScrollArea) and not isinstance(w, QScrollArea)
    return viewer or isinstance(w, CONTROLS)


def name_control(w: QWidget, buddies: dict[QWidget, str] | None = None) -> None:
    """Give `w` an accessible name from its label, placeholder or tooltip, if it has none yet."""
    if w.accessibleName() or not is_control(w):
        return
    if isinstance(w, QAbstractButton) and w.text():
        return  # Qt says the button's own text, kept current when the text changes
    name = derived_name(w, buddies)
    if name:
        w.setAccessibleName(name)


def name_controls(root: QWidget) -> None:
    """Name every control under `root` (a window) that has no name yet."""
    buddies = buddy_labels(root)
    for w in root.findChildren(QWidget):
        name_control(w, buddies)


class _Namer(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, QWidget) and is_control(watched):
            name_control(watched)
        elif kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            name_controls(watched)
        return False


_namer: _Namer | None = None


def install(app: QApplication) -> None:
    """Name every control of every window from now on (idempotent)."""
    global _namer
    if _namer is None:
        _namer = _Namer(app)
        app.installEventFilter(_namer)


def focus_into(page: QWidget) -> None:
    """Put the keyboard focus in `page` (a section just opened by its shortcut): where it last was,
    else on the page's focus proxy (its main list), else on its first control in tab order."""
    focus = QApplication.focusWidget()
    if focus is not None and page.isAncestorOf(focus):
        return
    last = page.focusWidget()
    if last is not None and last.isVisible() and last.isEnabled():
        last.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    proxy = page.focusProxy()
    if proxy is not None and proxy.isVisible():
        page.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    w = page.nextInFocusChain()
    while w is not None and w is not page and page.isAncestorOf(w):
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            w.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        w = w.nextInFocusChain()
