"""`PhoneField` and `IdNumberField`: the one cleaning of a typed mobile or ID number, used by
every form that takes one (a test below keeps each form on them)."""

import datetime

import pytest
from django import forms

from homeward.codes import idnumber
from homeward.core.fields import IdNumberField, PhoneField

VALID_ID = idnumber.make("321302", datetime.date(1985, 3, 1), 7, True)


@pytest.mark.parametrize(
    "typed", ["13812345678", "138 1234 5678", "+86 138-1234-5678", "１３８１２３４５６７８"]
)
def test_phone_is_cleaned_to_11_digits(typed):
    assert PhoneField().clean(typed) == "13812345678"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1381234", "手机号应为11位"),
        ("12812345678", "手机号应以1开头"),
        ("138abc45678", "只能填数字"),
    ],
)
def test_a_bad_phone_says_why_in_chinese(typed, reason):
    with pytest.raises(forms.ValidationError) as error:
        PhoneField().clean(typed)
    assert reason in error.value.messages[0]
    assert error.value.code.startswith("phone_")


def test_a_form_may_word_every_bad_number_its_own_way():
    field = PhoneField(error_messages={"invalid": "请输入11位手机号。"})
    with pytest.raises(forms.ValidationError) as error:
        field.clean("1381234")
    assert error.value.messages == ["请输入11位手机号。"]


def test_an_optional_phone_may_stay_empty_and_a_required_one_may_not():
    assert PhoneField(required=False).clean("  ") == ""
    with pytest.raises(forms.ValidationError):
        PhoneField().clean("")


def test_id_number_is_cleaned_to_its_18_characters():
    spaced = f" {VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:].lower()} "
    assert IdNumberField().clean(spaced) == VALID_ID
    assert IdNumberField().clean(VALID_ID[:6] + VALID_ID[8:17]) == VALID_ID  # 15 digits


def test_a_bad_id_number_says_why_in_chinese():
    wrong = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
    with pytest.raises(forms.ValidationError) as error:
        IdNumberField().clean(wrong)
    assert "校验位" in error.value.messages[0] and error.value.code == "id_number_checksum"


def _forms():
    from homeward.accounts.admin import StaffChangeForm, StaffCreationForm
    from homeward.employers.forms import EmployerForm, InviteForm
    from homeward.portal.forms import CodeForm, IdentityForm, PhoneForm, RegisterForm
    from homeward.workers.forms import WorkerForm

    return {
        WorkerForm: {"phone_number": PhoneField, "id_number": IdNumberField},
        EmployerForm: {"new_contact_phone": PhoneField},
        InviteForm: {"phone": PhoneField},
        StaffCreationForm: {"new_phone": PhoneField},
        StaffChangeForm: {"new_phone": PhoneField},
        PhoneForm: {"phone": PhoneField},
        CodeForm: {"phone": PhoneField},
        IdentityForm: {"id_number": IdNumberField},
        RegisterForm: {"id_number": IdNumberField},
    }


def test_every_form_that_takes_a_phone_or_id_number_uses_the_fields():
    for form, fields in _forms().items():
        for name, kind in fields.items():
            assert isinstance(form.base_fields[name], kind), f"{form.__name__}.{name}"
