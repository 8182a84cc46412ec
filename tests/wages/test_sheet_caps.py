"""A wage sheet meets the registry ledger's caps (tests/test_upload_paths.py lists this door):
a zip bomb and a file taller than the row cap are refused in Chinese before anything is kept."""

from datetime import date

import pytest

from homeward.wages import sheets
from homeward.wages.sheets import SheetError
from tests.workers.test_upload_caps import _bomb

from .helpers import ROSTER_HEAD, csv_bytes, person_id


def test_a_zip_bomb_is_refused_before_it_is_read():
    with pytest.raises(SheetError, match="解压后"):
        sheets.read(_bomb(5 * 2**20), "花名册.xlsx", "roster", today=date(2026, 6, 1))


def test_a_sheet_taller_than_the_cap_is_refused(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 3)
    rows = [f"工人{n},{person_id(n)},,,是,2026-03-01,日薪,300,2026-03-01," for n in range(5)]
    content = csv_bytes(ROSTER_HEAD, *rows)
    with pytest.raises(SheetError, match="超过 3 行"):
        sheets.read(content, "花名册.csv", "roster", today=date(2026, 6, 1))
