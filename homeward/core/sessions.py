"""Sessions in the database, as Django keeps them, read with one plain query.

Django's `db` backend looks a session up through the ORM on every request that carries a
cookie: ≈0.7 ms of query building for one indexed row (the portal home, profiled). This store
is that backend with the read done as fixed SQL; writing, expiry, cycling and flushing are
Django's own. Sessions stay in the database only: the cache backends would copy session data
(a phone waiting to be bound, `portal.identity`) into the shared cache, which holds no personal
data (S22).
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseStore):
    def _get_session_from_db(self):
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        using = router.db_for_read(Session)
        connection = connections[using]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(Session._meta.db_table)} "
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return Session(session_key=key, session_data=row[0])
