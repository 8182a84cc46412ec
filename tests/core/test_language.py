from django.urls import reverse


def test_chinese_even_for_an_english_browser(client, db):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in page.content.decode()


def test_english_when_chosen(client, db):
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("accounts:login"))
    assert "Sign in" in page.content.decode()


def test_times_are_in_shanghai(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
