"""S12: no page shows a full mobile or ID number to a role that may not see it."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from homeward.codes import idnumber
from tests.factories import make_staff, make_worker
from tests.test_scoping_matrix import AREA_FREE, POST_ONLY, REGIONAL

FULL_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
FULL_ID = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


@pytest.fixture
def signed_in_admin(client, db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    admin_user = make_staff("321302", role="admin", username="county-admin", phone="13900001111")
    for n in range(3):
        make_staff("321302001001", username=f"v{n}", phone=f"1381234567{n}")
        make_worker("321302001001", sequence=n + 1, phone=f"1391234567{n}")
    client.force_login(admin_user)
    return admin_user


def _pages():
    for name in sorted(AREA_FREE - POST_ONLY - {"accounts:logout", "workers:export"}):
        yield reverse(name)
    for name, kwargs in REGIONAL.items():
        if name not in POST_ONLY | {"workers:import-result"}:  # not a page: an Excel file
            yield reverse(name, kwargs=kwargs("321302", "321302"))
    for model in admin.site._registry:
        if getattr(model, "region_field", None):
            yield reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_no_page_shows_a_full_phone_number(client, signed_in_admin):
    from homeward.accounts.models import User
    from homeward.employers.models import Employer

    # An employer's business contact is for handing out (job sheets, job pages) and is not a
    # worker's personal data (homeward/personal_data.py): it may appear in full.
    pages = [*_pages()]
    business = {e.contact_phone for e in Employer.objects.all()}
    pages += [reverse("admin:accounts_user_change", args=[u.pk]) for u in User.objects.all()]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith(("text/", "application/json")):
            continue  # a file (the blank ledger template); exports have their own masking tests
        content = response.content.decode()
        assert not set(FULL_PHONE.findall(content)) - business, url
        ids = [n for n in FULL_ID.findall(content) if idnumber.is_valid(n)]  # not credit codes
        assert not ids, url
    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "138****5670" in listing  # the numbers are there, masked
    assert "139****5670" in client.get(reverse("workers:list")).content.decode()
