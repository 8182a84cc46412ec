"""The import pages: bad files explained, preview writes nothing, confirm imports once, discard."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from homeward.workers.models import LedgerUpload, Worker
from tests.factories import make_staff
from tests.workers.test_import import ident, ledger


@pytest.fixture
def town(client, db):
    client.force_login(make_staff("321302001", username="town"))


def _upload(client, content, name="台账.xlsx"):
    return client.post(
        reverse("workers:import"),
        {"file": SimpleUploadedFile(name, content), "region": "321302001"},
    )


def test_a_file_that_is_not_a_ledger_is_explained(client, town):
    response = _upload(client, b"just some words", "notes.csv")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not LedgerUpload.objects.exists()


def test_other_file_types_are_refused(client, town):
    response = _upload(client, b"%PDF-1.4", "ledger.pdf")
    assert "Excel" in str(response.context["form"].errors["file"])


def test_a_region_outside_the_area_is_not_a_choice(client, town):
    response = client.post(
        reverse("workers:import"),
        {"file": SimpleUploadedFile("t.xlsx", ledger([])), "region": "321311"},
    )
    assert "region" in response.context["form"].errors


def test_preview_then_confirm_imports_once_and_drops_the_file(client, town):
    content = ledger([["张三", ident(1), "", "凤凰居委会", "外出务工", "焊工", ""]])
    response = _upload(client, content)
    upload = LedgerUpload.objects.get()
    assert response["Location"] == reverse("workers:import-preview", args=[upload.pk])
    assert not Worker.objects.exists()  # the preview wrote nothing
    assert client.get(reverse("workers:import-result", args=[upload.pk])).status_code == 200
    client.post(reverse("workers:import-confirm", args=[upload.pk]))
    client.post(reverse("workers:import-confirm", args=[upload.pk]))  # a second click
    assert Worker.objects.count() == 1
    upload.refresh_from_db()
    assert upload.state == "imported" and bytes(upload.content) == b""
    assert client.get(reverse("workers:import-result", args=[upload.pk])).status_code == 403


def test_discard_keeps_nothing(client, town):
    _upload(client, ledger([["张三", ident(1), "", "凤凰居委会", "", "", ""]]))
    upload = LedgerUpload.objects.get()
    client.post(reverse("workers:import-discard", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.state == "discarded" and bytes(upload.content) == b""
    client.post(reverse("workers:import-confirm", args=[upload.pk]))
    assert not Worker.objects.exists()


def test_a_file_with_nothing_to_import_says_so_and_offers_no_import(client, town):
    """The blank template, or a file of rejected rows: no Import button that would do nothing."""
    _upload(client, ledger([["张三", "123", "", "凤凰居委会", "", "", ""]]))  # a bad ID: rejected
    upload = LedgerUpload.objects.get()
    page = client.get(reverse("workers:import-preview", args=[upload.pk])).content.decode()
    assert 'data-testid="nothing-to-import"' in page
    assert reverse("workers:import-confirm", args=[upload.pk]) not in page
    assert reverse("workers:import-discard", args=[upload.pk]) in page


def test_a_file_with_people_to_add_offers_the_import(client, town):
    _upload(client, ledger([["张三", ident(1), "", "凤凰居委会", "", "", ""]]))
    upload = LedgerUpload.objects.get()
    page = client.get(reverse("workers:import-preview", args=[upload.pk])).content.decode()
    assert 'data-testid="nothing-to-import"' not in page
    assert reverse("workers:import-confirm", args=[upload.pk]) in page
