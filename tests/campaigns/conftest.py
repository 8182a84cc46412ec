import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from homeward.campaigns.models import Campaign
from homeward.campaigns.text import DEFAULT_TEMPLATE
from homeward.outreach import gateways
from homeward.outreach.gateways import SendResult
from tests.factories import make_employer, make_posting, make_staff, make_worker

BEIJING = ZoneInfo("Asia/Shanghai")
COUNTY, SIBLING = "321302", "321311"
VILLAGE, SIBLING_VILLAGE = "321302001001", "321311001001"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _english():
    """Messages checked by their English text (pages switch to Chinese per request)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _campaign_settings(settings):
    settings.CAMPAIGN_RATES = {}  # no pacing unless a test asks for it
    settings.TASKS = IMMEDIATE
    settings.HOMEWARD_PUBLIC_URL = "https://hw.example"


@pytest.fixture
def daytime():
    """10:00 on a Monday in Beijing: no quiet hours in the way."""
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=BEIJING)) as traveller:
        yield traveller


@pytest.fixture
def sibling_staff(db):
    return make_staff(SIBLING, username="sibling-staff")


_sequence = iter(range(1, 10**6))


def person(village=VILLAGE, **fields):
    """A worker of `village` who may be contacted and has a mobile number, unless told."""
    n = next(_sequence)
    fields.setdefault("phone", f"139{n:08d}")
    fields.setdefault("consents_to_contact", True)
    fields.setdefault("status", "returned_unemployed")
    fields.setdefault("occupation_text", "电焊工")  # matching offers only jobs that fit the person
    return make_worker(village, sequence=n % 499 + 1, **fields)


def open_job(place="321302001", **fields):
    posting = make_posting(make_employer(place), **fields)
    posting.status = "published"
    posting.save()
    return posting


def campaign(region=COUNTY, *, by=None, channel="sms", audience="filter", postings=(), **fields):
    fields.setdefault("name", "春风行动")
    fields.setdefault("template", DEFAULT_TEMPLATE)
    row = Campaign(region_id=region, channel=channel, audience=audience, created_by=by, **fields)
    row.save()
    row.postings.set(postings)
    return row


class FakeGateway:
    """Records what it is asked to send; refuses the first `refuse` sends of each key."""

    dedupes_by_key = True

    def __init__(self, refuse: int = 0, delivered: bool = False):
        self.sent: list = []
        self.refuse = refuse
        self.refused: dict[str, int] = {}
        self.delivered = delivered

    def __call__(self):  # the registry calls the factory for a gateway
        return self

    def send(self, message):
        if self.refused.get(message.key, 0) < self.refuse:
            self.refused[message.key] = self.refused.get(message.key, 0) + 1
            return SendResult(accepted=False, error="HTTP 503 busy")
        self.sent.append(message)
        return SendResult(
            accepted=True, provider_message_id=f"fake-{len(self.sent)}", delivered=self.delivered
        )


@pytest.fixture
def fake_gateway(settings, monkeypatch):
    """The SMS and WeChat gateway of the test: FakeGateway (deduplicating by key)."""
    fake = FakeGateway()
    monkeypatch.setitem(gateways.GATEWAYS, "fake", fake)
    settings.HOMEWARD_SMS_GATEWAY = "fake"
    settings.HOMEWARD_WECHAT_GATEWAY = "fake"
    return fake
