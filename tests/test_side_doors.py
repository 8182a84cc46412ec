"""S12, S22: after a clerk's day of searches, exports and imports with full numbers in every
written form, and a failure whose message holds them, no artefact around the pages holds a full
ID or mobile number: not the audit trail, not a log record (tracebacks included), not the task
queue's rows, not a session, not the cache. The detector is the tests' own (tests/leaks.py)."""

import datetime
import json
import logging
import pickle

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from homeward import crypto
from homeward.audit.models import AuditEvent
from homeward.codes import idnumber
from homeward.matching.tasks import place_worker_in_matches, run_area
from homeward.workers.models import LedgerUpload
from tests.factories import TOWN, VILLAGE, WORKER_PHONE, make_staff
from tests.leaks import id_forms, leaked, phone_forms
from tests.portal.helpers import ask_code, enter_code, sign_in_worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
STRANGER = "15011112222"  # signs in on the portal, never binds a record


@pytest.fixture
def numbers(worker):
    other = idnumber.make(VILLAGE[:6], datetime.date(1991, 2, 3), 77, False)
    return {"id": worker.id_number, "phone": WORKER_PHONE, "other": other}


def _a_clerks_day(client, county_staff, numbers, settings):
    ids = id_forms(numbers["id"]) + id_forms(numbers["other"])
    phones = phone_forms(numbers["phone"]) + phone_forms(STRANGER)
    client.post(reverse("accounts:login"), {"username": phones[3], "password": "wrong"})
    client.force_login(county_staff)
    for term in ids + phones:
        assert client.get(reverse("workers:list"), {"q": term}).status_code == 200
        assert client.get(reverse("workers:export"), {"q": term}).status_code == 200
    rows = "\n".join(
        f"李{n},{i},{p},凤凰居委会,联系人 {p}"
        for n, (i, p) in enumerate(zip(ids, phones, strict=False))
    )
    content = f"姓名,身份证号,手机号码,所在村,备注\n{rows}\n".encode()
    name = f"台账-{numbers['phone']}.csv"  # a file named after a person
    response = client.post(
        reverse("workers:import"),
        {"file": _file(name, content), "region": TOWN},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    upload = LedgerUpload.objects.latest("pk")
    assert client.get(reverse("workers:import-result", args=[upload.pk])).status_code == 200
    client.post(reverse("workers:import-confirm", args=[upload.pk]))
    # A failure with the numbers in its message, inside a request and outside one.
    client.raise_request_exception = False
    with pytest.MonkeyPatch.context() as patch:

        def broken(*args, **kwargs):
            raise ValueError(f"cannot export {numbers['id']} {phones[4]}")

        patch.setattr("homeward.workers.views.export_ledger", broken)
        assert client.get(reverse("workers:export")).status_code == 500
    logger = logging.getLogger("homeward.workers")
    try:
        raise RuntimeError(f"row of {ids[1]} tel {phones[2]}")
    except RuntimeError:
        logger.exception("import failed for %s", phones[5], extra={"person": ids[2]})
    logger.warning("looked up %s", {"q": ids[3], "phone": int(numbers["phone"])}, stack_info=True)
    return ids + phones


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


def _planted(numbers):
    return {numbers["id"], numbers["other"], numbers["phone"], STRANGER}


def _texts_of_logs(caplog):
    for record in caplog.records:
        yield record.getMessage()
        yield record.exc_text or ""
        yield record.stack_info or ""
        yield repr(record.args)
        yield repr(record.exc_info[1].args) if record.exc_info else ""
        yield json.dumps({k: str(v) for k, v in vars(record).items()}, ensure_ascii=False)
    yield caplog.text


def test_no_artefact_holds_a_full_number(client, county_staff, worker, numbers, settings, caplog):
    settings.TASKS = DATABASE_TASKS
    caplog.set_level(logging.INFO)
    _a_clerks_day(client, county_staff, numbers, settings)
    planted = _planted(numbers)

    events = list(AuditEvent.objects.all())
    assert {"accounts.login.failed", "workers.ledger.exported", "workers.ledger.imported"} <= {
        e.action for e in events
    }
    for event in events:
        row = json.dumps(
            [event.actor_name, event.object_repr, event.object_id, event.detail],
            ensure_ascii=False,
        )
        assert not leaked(row, planted), (event.action, row)
    # Search terms are kept as keyed hashes: an auditor can still find who looked for someone.
    searched = crypto.lookup_hash(crypto.ID_NUMBER, numbers["id"])
    assert any(searched in e.detail.get("hashes", []) for e in events)

    logs = list(_texts_of_logs(caplog))
    assert any("cannot export" in t for t in logs) and any("row of" in t for t in logs)
    for text in logs:
        assert not leaked(text, planted), text

    # django-axes keeps each failed sign-in's typed name (a phone, here).
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        for row in model.objects.all():
            text = json.dumps({f.name: str(getattr(row, f.name)) for f in model._meta.fields})
            assert not leaked(text, planted), text
    assert AccessAttempt.objects.exists()

    for stored in LedgerUpload.objects.all():
        assert stored.content == b""  # confirmed: the file is gone
        assert not leaked(json.dumps(stored.report, ensure_ascii=False), planted)


def test_the_task_queue_holds_no_full_number(db, worker, numbers, settings):
    settings.TASKS = DATABASE_TASKS
    place_worker_in_matches.enqueue(worker.pk)
    for form in phone_forms(numbers["phone"]) + id_forms(numbers["id"]):
        with pytest.raises(ValueError, match="must not hold a full ID or mobile number"):
            run_area.enqueue(form)
        with pytest.raises(ValueError):
            run_area.enqueue("321302", note={"for": [form]})
    stored = DBTaskResult.objects.get()
    try:
        raise ValueError(f"worker {numbers['id']} phone +86 {numbers['phone']}")
    except ValueError as error:
        stored.set_failed(error)
    stored.set_successful({"phone": numbers["phone"], "id": numbers["other"]})
    for row in DBTaskResult.objects.all():
        text = json.dumps(
            [row.args_kwargs, row.return_value, row.traceback, row.exception_class_path],
            ensure_ascii=False,
        )
        assert not leaked(text, _planted(numbers)), text
    assert DBTaskResult.objects.count() == 1  # the refused ones were never stored


def test_sessions_and_the_cache_hold_no_full_number(client, worker, numbers):
    ask_code(client, STRANGER)  # a phone that passed its code, not bound yet: kept in the session
    from tests.portal.helpers import last_code

    enter_code(client, STRANGER, last_code(STRANGER))
    other = client.__class__()
    sign_in_worker(other, worker)
    other.get(reverse("portal:home"))  # the worker's recommendations go to the cache
    staff = client.__class__()
    staff.force_login(make_staff("321302", username="pd", may_see_personal_data=True))
    staff.post(reverse("workers:reveal", args=[worker.pk]))
    sessions = [s.get_decoded() for s in Session.objects.all()]
    assert sessions
    for data in sessions:
        assert not leaked(json.dumps(data, ensure_ascii=False, default=str), _planted(numbers))
    for value in list(cache._cache.values()):
        assert not leaked(repr(pickle.loads(value)), _planted(numbers))


def test_a_task_carries_a_search_term_as_its_hash(db, worker, numbers, settings):
    """A background export or preview passes `search_key(q)`: the row holds no number, and the
    search finds the same person."""
    from homeward.workers.models import Worker, search_key

    settings.TASKS = DATABASE_TASKS
    for term in (numbers["id"], f"{numbers['id'][:6]} {numbers['id'][6:]}", WORKER_PHONE):
        key = search_key(term)
        run_area.enqueue("321302", q=key)
        assert list(Worker.objects.search(key)) == [worker]
    assert search_key("张") == "张"
    for row in DBTaskResult.objects.all():
        assert not leaked(json.dumps(row.args_kwargs), _planted(numbers))


def test_no_search_key_reads_as_a_number():
    """A lookup hash in hex holds a run of digits that reads as a mobile number about once in
    300 keys (the guard then refused a task at random, by the test run's hash key): a search key
    carries the digest's digits as letters, and still finds the same filter."""
    from homeward.crypto import PHONE, lookup_hash, personal_numbers
    from homeward.workers.models import search_filter, search_key

    for n in range(3000):
        number = f"139{n:08d}"
        key = search_key(number)
        assert not personal_numbers(key), key
        assert search_filter(key) == {"phone_hash": lookup_hash(PHONE, number)}
