"""The summary cells kept current by the writes that change them: each saved or deleted row of
the records the figures are counted from names the cells it touches (a person to snapshot
again, a (month, village) of the registry's figures, an event figure's code); they are
gathered while the transaction runs and counted again once, right after it commits
(`services.update_cells`), in a short transaction of their own.

A savepoint that rolls back leaves its names behind: counting a cell again from the committed
records is harmless. Bulk writes (`bulk_create`, `update()`: the ledger import, a campaign's
dispatch, the demo) send no signals; the watermark refresh (`services.refresh`, queued by the
pages when the table is a minute old, and `homeward stats refresh`) reads those. A failure of
the update after the commit is logged and left to that refresh too.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone

log = logging.getLogger(__name__)
_pending = threading.local()


def _state() -> dict:
    if not hasattr(_pending, "state"):
        discard()
    return _pending.state


def _month(day):
    return day.replace(day=1)


def _local_month(moment):
    return _month(timezone.localtime(moment).date() if timezone.is_aware(moment) else moment)


def _transaction_key(connection):
    """Which transaction a write is in: the savepoint of its outermost atomic block ("" for a
    real transaction), None when it has none (autocommit: a transaction of each write).
    The blocks a test case opens around a test (Django marks them, as its `durable` check
    reads them) are not the write's transaction: a test's service calls commit on their own."""
    for n, block in enumerate(connection.atomic_blocks):
        if not getattr(block, "_from_testcase", False):
            # (a block without a savepoint inside a test's blocks has nothing that names it)
            return connection.savepoint_ids[n - 1] if n else ""
    return None


def _later(using: str | None) -> None:
    # One callback per transaction: the first write registers it, the later ones find it
    # waiting. A savepoint that rolls back drops the callbacks registered inside it, so a
    # write after it registers again when its transaction's callback is gone.
    connection = transaction.get_connection(using)
    key = _transaction_key(connection) if connection.in_atomic_block else None
    waiting = getattr(_pending, "callback", None)
    if (
        key is not None
        and waiting is not None
        and waiting.key == (connection.alias, key)
        and any(callback is waiting for _sids, callback, _robust in connection.run_on_commit)
    ):
        return

    def callback():
        flush()

    callback.__name__ = "flush"
    callback.key = (connection.alias, key)
    _pending.callback = callback
    transaction.on_commit(callback, using=using)


def discard() -> None:
    """Forget the cells gathered so far (the refresh will find their writes)."""
    _pending.state = {
        "workers": set(),
        "cells": set(),
        "codes": set(),
        "history": set(),
        "trainees": set(),
        "event_cells": set(),
    }


def flush() -> dict | None:
    """Count again the cells gathered so far (after a commit; at once outside a transaction)."""
    state = _state()
    if not any(state.values()):
        return None
    discard()
    from . import services

    try:
        return services.update_cells(**state)
    except Exception:  # the data is committed; the refresh brings the cells up to date
        log.exception("stats: updating %d cells after a commit failed", len(state["cells"]))
        return None


def _touch(
    *,
    using,
    workers: Iterable[int] = (),
    cells=(),
    codes: Iterable[str] = (),
    history: Iterable[tuple] = (),
    trainees: Iterable[int] = (),
    event_cells: Iterable[tuple] = (),
) -> None:
    """Gather what a write touched: people to snapshot again, (month, village, part of
    `compute.PARTS`) cells, event figures' codes, (person, day) status changes that may be the
    one before a later return, people whose employment after training may have moved (a
    status change, a hire)."""
    state = _state()
    state["workers"].update(w for w in workers if w is not None)
    state["cells"].update((m, r, p) for m, r, p in cells if m is not None and r)
    state["codes"].update(codes)
    state["history"].update(history)
    state["trainees"].update(w for w in trainees if w is not None)
    state["event_cells"].update(event_cells)
    _later(using)


def _worker(sender, instance, using, **kwargs):
    if kwargs.get("signal") is not post_delete:  # a delete: `_worker_deleted`, before it
        _touch(using=using, workers=[instance.pk])


def _worker_deleted(sender, instance, using, **kwargs):
    """A person deleted leaves every month they were counted in (their snapshots go with
    them): the stocks and returns of each (month, village) of their snapshots, read before
    the delete, and this month's of their village."""
    from .models import PersonMonth
    from .services import this_month

    held = {(this_month(), instance.region_id)}
    held |= set(
        PersonMonth._base_manager.filter(worker_id=instance.pk).values_list("month", "region_id")
    )
    _touch(
        using=using,
        cells=[(month, region, p) for month, region in held for p in ("stocks", "returns")],
    )


def _status_event(sender, instance, using, **kwargs):
    from .compute import RETURNED

    returned = instance.status in RETURNED
    _touch(
        using=using,
        workers=[instance.worker_id],
        # a return counts in its month; any change may be the one before a later return
        cells=[(_month(instance.occurred_on), instance.region_id, "returns")] if returned else [],
        history=[(instance.worker_id, instance.occurred_on)],
        trainees=[instance.worker_id],
    )


def _insurance(sender, instance, using, **kwargs):
    _touch(using=using, workers=[instance.worker_id])


def _application(sender, instance, using, **kwargs):
    cells = [(_local_month(instance.applied_at), instance.region_id, "applications")]
    if instance.hired_on:
        cells.append((_month(instance.hired_on), instance.region_id, "applications"))
    _touch(using=using, cells=cells, trainees=[instance.worker_id])


def _delivery(sender, instance, using, **kwargs):
    cells = [
        (_local_month(at), instance.region_id, "push")
        for at in (instance.sent_at, instance.clicked_at)
        if at is not None
    ]
    _touch(using=using, cells=cells)


def _new_row_cells(model, instance, codes) -> tuple[list[tuple], list[str]]:
    """A new row of the records an event figure counts moves that figure only in its own month
    and region (and the areas above): those (code, month, region) cells, counted again alone
    (`services.update_cells`); the figures it moves otherwise — a row its count reads through,
    a special or distinct count, a row with no day or region yet — are counted again in full."""
    from homeward.scoping import region_of

    from .events import BY_CODE

    cells, whole = [], []
    for code in codes:
        count = BY_CODE[code]
        day = getattr(instance, count.day, None) if "__" not in count.day else None
        region = region_of(instance, count.region)
        if (
            count.special is not None
            or count.distinct is not None
            or count.rows().model is not model
            or not isinstance(day, dt.date)
            or not region
        ):
            whole.append(code)
            continue
        month = _local_month(day) if count.aware else _month(day)
        cells.append((code, month, region))
    return cells, whole


def _path_models(model, path: str | None) -> list:
    """The models a lookup path (`fair__region_id`) passes through, after `model`."""
    found = []
    for part in (path or "").split("__")[:-1]:
        model = model._meta.get_field(part).related_model
        found.append(model)
    return found


def event_models() -> dict:
    """{model: the event figures its rows are counted in}: the counted model, the models its
    area and summed amount are read through (a check-in's fair, a payment's entitlement), and
    the reporting rule that says which employers are larger."""
    from homeward.employers.models import ReportingRule

    from .events import COUNTS

    found: dict = {}
    for count in COUNTS:
        model = count.rows().model
        models = {model, *_path_models(model, count.region), *_path_models(model, count.total)}
        if count.code.endswith("_large"):
            models.add(ReportingRule)
        for m in models:
            found.setdefault(m, set()).add(count.code)
    return found


def connect() -> None:
    from homeward.campaigns.models import Delivery
    from homeward.placements.models import Application
    from homeward.workers.models import SocialInsurance, StatusEvent, Worker

    receivers = [
        (Worker, _worker),
        (StatusEvent, _status_event),
        (SocialInsurance, _insurance),
        (Application, _application),
        (Delivery, _delivery),
    ]
    for model, codes in event_models().items():

        def receiver(sender, instance, using, _codes=frozenset(codes), **kwargs):
            if kwargs.get("created"):
                cells, codes = _new_row_cells(sender, instance, _codes)
                _touch(using=using, codes=codes, event_cells=cells)
            else:
                _touch(using=using, codes=_codes)

        receivers.append((model, receiver))
    for n, (model, receiver) in enumerate(receivers):
        for signal in (post_save, post_delete):
            signal.connect(
                receiver, sender=model, weak=False, dispatch_uid=f"stats:{model._meta.label}:{n}"
            )
    pre_delete.connect(_worker_deleted, sender=Worker, weak=False, dispatch_uid="stats:deleted")
