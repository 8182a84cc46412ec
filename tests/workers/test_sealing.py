"""Sealing many workers at once (`sealed_rows`, `FastInsert.rows`) gives what sealing one by one
gives: the same hashes, the same plaintext under the encryption, the same database rows."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from homeward.codes import idnumber
from homeward.core.bulk import FastInsert
from homeward.crypto import (
    ID_NUMBER,
    NORMALIZERS,
    PHONE,
    decrypt,
    lookup_hash,
    lookup_hashes,
    normalized_many,
)
from homeward.workers.models import Worker
from homeward.workers.services import SEALED_FIELDS, sealed_rows, sealed_values

ZHANG = idnumber.make("430381", date(1990, 1, 1), 117, male=True)  # ends in X
ZHAO = idnumber.make("430381", date(1985, 6, 15), 42, male=False)

ROWS = [
    {"id_number": ZHANG.lower(), "phone": "13800138000", "name": "张三"},
    {"id_number": "４３０３８１" + ZHAO[6:], "phone": "+86 138-0013-8001", "name": "赵四"},
    {"id_number": f" {ZHAO}-", "phone": "8613800138002", "name": "赵五"},
    {"id_number": ZHANG, "phone": "008613800138003"},
    {"id_number": ZHAO, "phone": "", "name": "无电话"},
    {"id_number": ZHANG, "name": "没有电话这一项"},
    {"id_number": ZHAO, "phone": "---"},  # normalises to nothing: no phone
]


def _opened(sealed: dict) -> dict:
    """A sealed row with its ciphertext decrypted (Fernet tokens differ on every call)."""
    return {
        **sealed,
        "id_number": decrypt(sealed["id_number"]),
        "phone": decrypt(sealed["phone"]) if sealed["phone"] else "",
    }


def test_sealed_rows_are_sealed_values_one_by_one():
    one_by_one = [_opened(sealed_values(values)) for values in ROWS]
    assert [_opened(row) for row in sealed_rows(ROWS)] == one_by_one
    assert one_by_one[0]["id_number"] == ZHANG
    assert one_by_one[1]["id_number"] == ZHAO and one_by_one[1]["phone"] == "13800138001"
    assert one_by_one[2]["phone"] == "13800138002" and one_by_one[3]["phone"] == "13800138003"
    assert [row["phone_hash"] for row in one_by_one[4:]] == ["", "", ""]
    assert one_by_one[0]["id_number_hash"] == lookup_hash(ID_NUMBER, ZHANG)
    assert one_by_one[0]["phone_hash"] == lookup_hash(PHONE, "13800138000")
    assert set(sealed_values(ROWS[0])) == SEALED_FIELDS | {"name"}
    assert ROWS[0]["id_number"] == ZHANG.lower()  # the caller's dict is left as it was


def test_sealed_rows_take_the_importers_id_hashes():
    hashes = lookup_hashes(ID_NUMBER, [values["id_number"] for values in ROWS])
    given_hashes = sealed_rows(ROWS, id_hashes=hashes)
    assert [row["id_number_hash"] for row in given_hashes] == [
        row["id_number_hash"] for row in sealed_rows(ROWS)
    ]
    try:
        sealed_rows(ROWS, id_hashes=hashes[:-1])
    except ValueError:
        pass
    else:
        raise AssertionError("a missing ID hash must be refused")
    assert sealed_rows([]) == []


@given(st.lists(st.one_of(st.none(), st.text(max_size=20), st.from_regex(r"[0-9]{0,16}"))))
def test_normalized_many_is_the_normalisers(values):
    for kind in (ID_NUMBER, PHONE):
        assert normalized_many(kind, values) == [NORMALIZERS[kind](v) if v else "" for v in values]
        assert lookup_hashes(kind, values) == [lookup_hash(kind, v) for v in values]


def test_lookup_hashes_hash_a_value_that_normalises_to_nothing():
    assert lookup_hashes(PHONE, ["---"]) == [lookup_hash(PHONE, "---")] != [""]
    assert lookup_hashes(PHONE, [""], normalized=True) == [""]


def test_column_wise_rows_are_the_rows():
    table = FastInsert(Worker)
    many = [
        {
            "id": 1,
            "name": "张三",
            "birth_date": date(1990, 1, 1),
            "monthly_income": Decimal("4500"),
        },
        {"id": 2, "name": "李四", "birth_date": None, "monthly_income": None, "status": "employed"},
        {"id": 3},
    ]
    assert table.rows(many) == [table.row(values) for values in many]
    assert table.rows([]) == []
