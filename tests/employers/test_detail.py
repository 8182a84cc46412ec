"""An employer's page lists its postings, only those inside the user's area."""

from django.urls import reverse

from tests.factories import make_employer, make_posting


def test_detail_shows_the_employer_and_its_postings_in_the_area(client, town_staff):
    employer = make_employer("321302001", name="幸福电子厂", contact_phone="13912345678")
    make_posting(employer, title="插件工")
    make_posting(employer, region_code="321302002", title="邻镇的岗位")
    client.force_login(town_staff)
    response = client.get(reverse("employers:detail", args=[employer.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "幸福电子厂" in page and "插件工" in page
    assert "邻镇的岗位" not in page
    assert "139****5678" in page and "13912345678" not in page


def test_out_of_scope_employer_is_404(client, town_staff):
    other = make_employer("321311001")
    client.force_login(town_staff)
    assert client.get(reverse("employers:detail", args=[other.pk])).status_code == 404
