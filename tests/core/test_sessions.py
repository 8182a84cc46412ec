"""Sessions read with one plain query: the same data as Django's database store, expired and
unknown keys refused, and nothing of them in the cache."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

from homeward.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_stored_session_is_read_back(django_assert_num_queries):
    session = SessionStore()
    session["portal_worker"] = 7
    session.create()
    with django_assert_num_queries(1):
        again = SessionStore(session_key=session.session_key)
        assert again["portal_worker"] == 7
    assert again.session_key == session.session_key


def test_expired_and_unknown_sessions_are_empty():
    session = SessionStore()
    session["portal_worker"] = 7
    session.create()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(session_key=session.session_key)
    assert expired.get("portal_worker") is None and expired.session_key is None
    unknown = SessionStore(session_key="x" * 32)
    assert unknown.get("portal_worker") is None and unknown.session_key is None


def test_sign_out_deletes_the_row_and_the_cache_holds_no_session(client, settings):
    assert settings.SESSION_ENGINE == "homeward.core.sessions"
    session = SessionStore()
    session["portal_worker"] = 7
    session.create()
    key = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    client.post("/m/signout")
    assert not Session.objects.filter(pk=key).exists()
    assert not any(key in str(k) for k in getattr(cache, "_cache", {}))
