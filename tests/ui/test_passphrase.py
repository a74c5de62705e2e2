"""Without a keyring the app asks for the passphrase: a wrong one is said and asked again, a new
profile asks for it twice, and Cancel opens nothing (there is no plaintext fallback)."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import keyring
import pytest
from keyring.backends import null
from pytestqt.qtbot import QtBot

from sector_desktop.store import keys, open_database
from sector_desktop.ui.passphrase import PassphraseDialog, unlock


@pytest.fixture(autouse=True)
def _no_keyring_no_passphrase() -> object:
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    with mock.patch.dict("os.environ", {keys.PASSPHRASE_ENV: ""}):
        yield
    keys.use_passphrase(None)
    keyring.set_keyring(before)


def test_a_wrong_passphrase_is_said_and_asked_again(paths: object) -> None:
    asked: list[tuple[str, bool]] = []
    answers = iter(["wrong passphrase", "test suite passphrase"])

    def ask(message: str, new: bool) -> str | None:
        asked.append((message, new))
        return next(answers)

    db = unlock(lambda: open_database(paths.database), ask)  # type: ignore[attr-defined]
    assert db is not None
    db.close()
    assert "no usable keyring" in asked[0][0] and not asked[0][1]
    assert "the passphrase is wrong" in asked[1][0]


def test_cancel_opens_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "sector.db"
    asked: list[bool] = []
    assert unlock(lambda: open_database(path), lambda _m, new: asked.append(new)) is None
    assert asked == [True]  # a new profile: choose a passphrase
    assert not path.exists()


def test_a_new_passphrase_is_typed_twice(qtbot: QtBot) -> None:
    dialog = PassphraseDialog("Choose a passphrase", new=True)
    qtbot.addWidget(dialog)
    dialog.first.setText("harbor welding 42")
    dialog.again.setText("harbor welding 24")
    dialog.accept()
    assert dialog.problem.text() == "The two passphrases differ."
    assert dialog.result() != PassphraseDialog.DialogCode.Accepted
    dialog.again.setText("harbor welding 42")
    dialog.accept()
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    assert dialog.passphrase() == "harbor welding 42"
