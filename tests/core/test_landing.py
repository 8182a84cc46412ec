"""The public front page "/" and the error pages in the same layout, in Chinese."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_staff


def test_the_front_page_is_public_and_leads_to_the_portals(client, db):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    for url in (reverse("portal:home"), reverse("portal:employer-home"), reverse("accounts:login")):
        assert f'href="{url}"' in content, url
    assert "用户名" not in content  # not the staff sign-in form any more
    assert 'name="viewport"' in content
    assert 'data-testid="no-stations"' in content  # no station records yet: said so, none made up
    assert reverse("home") not in content


def test_it_lists_published_articles_only(client, db):
    from homeward.content.models import Article

    Article.objects.create(region_id="3213", kind="policy", title="返乡创业补贴", body="正文")
    Article.objects.create(
        region_id="3213", kind="guide", title="未发布的指南", body="正文", is_published=False
    )
    content = client.get("/").content.decode()
    assert "返乡创业补贴" in content and "未发布的指南" not in content


def test_it_lists_a_guide_several_cities_publish_once_and_keeps_to_the_served_area(
    client, db, settings
):
    from homeward.content.models import Article

    settings.HOMEWARD_SERVICE_AREA = ""  # a platform serving several cities (the demo)
    for city in ("3213", "5110"):
        Article.objects.create(region_id=city, kind="guide", title="求职防骗提醒", body="正文")
    Article.objects.create(region_id="5110", kind="policy", title="内江的补贴", body="正文")
    content = client.get("/").content.decode()
    assert content.count("求职防骗提醒") == 1 and "内江的补贴" in content
    settings.HOMEWARD_SERVICE_AREA = "3213"  # one city: another city's articles are not its own
    content = client.get("/").content.decode()
    assert "求职防骗提醒" in content and "内江的补贴" not in content


def test_signed_in_staff_see_the_way_to_their_workbench(client, db):
    client.force_login(make_staff("321302001001", username="villager"))
    content = client.get("/").content.decode()
    assert f'href="{reverse("home")}"' in content and "进入工作台" in content


def test_the_staff_home_moved_and_still_asks_to_sign_in(client, db, settings):
    assert reverse("home") == "/staff/"
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert settings.LOGIN_REDIRECT_URL == "home"


@pytest.fixture
def production_errors(settings):
    settings.DEBUG = False


def test_404_is_chinese_in_the_phone_layout(client, db, production_errors):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "页面不存在" in content and 'data-testid="error-404"' in content
    assert 'name="viewport"' in content and "portal.css" in content
    assert "Not Found" not in content


def test_a_record_outside_the_area_gets_the_same_404(client, db, production_errors):
    from tests.factories import make_employer

    employer = make_employer("321311")
    client.force_login(make_staff("321302", username="county-a"))
    response = client.get(reverse("employers:detail", args=[employer.pk]))
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_403_is_chinese(client, db, production_errors):
    from django.core.exceptions import PermissionDenied
    from django.urls import path

    from homeward import urls

    def refuse(request):
        raise PermissionDenied

    extra = [path("refuse-for-test/", refuse)]
    try:
        urls.urlpatterns += extra
        from django.urls import clear_url_caches

        clear_url_caches()
        response = client.get("/refuse-for-test/")
    finally:
        urls.urlpatterns.remove(extra[0])
        clear_url_caches()
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def test_csrf_failure_is_chinese(db, production_errors):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    content = response.content.decode()
    assert 'data-testid="error-csrf"' in content and "表单已过期" in content


def test_500_is_chinese(db, production_errors):
    from django.test import RequestFactory
    from django.views import defaults

    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert 'data-testid="error-500"' in content and "出错了" in content


def test_every_layout_names_its_icon_and_favicon_ico_finds_it(db, client):
    """No page asks the server for an icon that is not there (a 404 in every browser console)."""
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")
