"""Credit codes on the employer form: checked by GB 32100, errors in Chinese, unique nationwide."""

import pytest
from django.urls import reverse

from homeward.codes import uscc
from homeward.employers.models import Employer
from tests.factories import TOWN, make_employer

GOOD = uscc.make("321302", 4_000_001)


def _post(client, **overrides):
    data = {"name": "宿迁焊接厂", "uscc": GOOD, "industry": "C", "region": TOWN, **overrides}
    return client.post(reverse("employers:create"), data)


def _errors(response, field="uscc"):
    return " ".join(response.context["form"].errors.get(field, []))


def test_a_wrong_check_character_is_explained_in_chinese(client, county_staff):
    client.force_login(county_staff)
    wrong = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")
    response = _post(client, uscc=wrong)
    assert response.status_code == 200
    assert "校验位不对" in _errors(response)
    assert not Employer.objects.exists()


def test_letters_never_used_in_codes_are_named(client, county_staff):
    client.force_login(county_staff)
    response = _post(client, uscc="91321302MA1OOOOOOO")
    assert "不允许的字符“O”" in _errors(response)


def test_a_short_code_gives_its_length(client, county_staff):
    client.force_login(county_staff)
    response = _post(client, uscc="9132130203")
    assert "应为18位，实际为10位" in _errors(response)


def test_full_width_and_lower_case_are_stored_clean(client, county_staff):
    client.force_login(county_staff)
    typed = "".join(chr(ord(c) + 0xFEE0) for c in GOOD).lower()  # full-width, as IMEs type
    response = _post(client, uscc=typed)
    assert response.status_code == 302
    assert Employer.objects.get().uscc == GOOD


def test_a_code_registered_in_another_county_is_refused_without_saying_where(client, county_staff):
    make_employer("321311001", uscc=GOOD, name="别县的公司")
    client.force_login(county_staff)
    response = _post(client)
    assert response.status_code == 200
    assert _errors(response) == "该统一社会信用代码已经登记过了。"
    assert "别县的公司" not in response.content.decode()
    assert Employer.objects.in_area("321302").count() == 0


def test_the_admin_checks_codes_too(db):
    from django.core.exceptions import ValidationError

    from homeward.employers.models import validate_uscc

    with pytest.raises(ValidationError) as caught:
        validate_uscc(GOOD[:-1] + "Z")
    assert "不允许的字符“Z”" in caught.value.messages[0]


def test_out_of_scope_edit_of_another_countys_employer_is_404(client, county_staff):
    other = make_employer("321311001")
    client.force_login(county_staff)
    response = client.post(reverse("employers:edit", args=[other.pk]), {"uscc": GOOD})
    assert response.status_code == 404


def test_spaces_and_dashes_typed_in_a_code_are_dropped(client, county_staff):
    client.force_login(county_staff)
    spaced = f"{GOOD[:6]} {GOOD[6:12]}-{GOOD[12:]}"
    assert _post(client, uscc=spaced).status_code == 302
    assert Employer.objects.get().uscc == GOOD
