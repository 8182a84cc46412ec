"""Materials: the policy booklet prints the area's policy articles (not another county's);
a town's weekly digest lists the jobs serving it, its poster is a PNG whose QR encodes the
digest's link, and each opening of the link is recorded and listed."""

from io import BytesIO

from django.urls import reverse
from PIL import Image

from homeward.agencies import materials
from homeward.agencies.models import Digest, DigestOpen
from homeward.content.models import Article


def test_the_booklet_prints_the_areas_policies(client, town_staff, county_a, county_b):
    Article.objects.create(
        region_id=county_a.code, kind="policy", title="一次性创业补贴", body="甲\n\n乙"
    )
    Article.objects.create(region_id=county_b.code, kind="policy", title="别县政策", body="丙")
    Article.objects.create(region_id=county_a.code, kind="guide", title="办事指南", body="丁")
    client.force_login(town_staff)
    page = client.get(reverse("agencies:booklet")).content.decode()
    assert "一次性创业补贴" in page and "别县政策" not in page and "办事指南" not in page


def test_a_towns_digest_text_poster_and_openings(client, town_staff, town, posting):
    client.force_login(town_staff)
    client.post(reverse("agencies:digest", args=[town.code]))
    digest = Digest.objects.get()
    assert list(digest.postings.all()) == [posting]
    page = client.get(reverse("agencies:digest", args=[town.code]))
    assert posting.title in page.context["text"] and digest.token in page.context["text"]
    poster = client.get(reverse("agencies:digest-poster", args=[town.code, digest.pk]))
    image = Image.open(BytesIO(poster.content))
    assert image.format == "PNG" and image.width == materials.WIDTH
    # The QR drawn on the poster is the digest's link, module by module.
    left, top = materials.poster_qr_offset(digest)
    matrix = materials.qr_matrix(materials.digest_link(digest))
    gray = image.convert("L")
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            x = left + c * materials.QR_SCALE + materials.QR_SCALE // 2
            y = top + r * materials.QR_SCALE + materials.QR_SCALE // 2
            assert (gray.getpixel((x, y)) < 128) == dark, (r, c)
    client.logout()
    link = reverse("portal:digest-link", args=[digest.token])
    assert client.head(link).status_code == 302 and not DigestOpen.objects.exists()
    response = client.get(link)
    assert response.status_code == 302 and "area=321302" in response["Location"]
    client.get(link)
    assert DigestOpen.objects.filter(digest=digest).count() == 2
    client.force_login(town_staff)
    opens = client.get(reverse("agencies:digest-opens", args=[town.code, digest.pk]))
    assert opens.context["page"].paginator.count == 2
    assert client.get(reverse("portal:digest-link", args=["nothing"])).status_code == 404


def test_another_towns_digest_is_404(client, town_staff):
    from tests.agencies.factories import make_digest

    other = make_digest("321302002")
    client.force_login(town_staff)
    assert client.get(reverse("agencies:digest", args=["321302002"])).status_code == 404
    url = reverse("agencies:digest-poster", args=["321302002", other.pk])
    assert client.get(url).status_code == 404
