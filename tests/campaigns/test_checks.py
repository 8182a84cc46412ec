"""The deploy check: a production that sends SMS through Tencent needs the receipt token."""

import pytest
from django.core.checks.registry import registry

from homeward.campaigns.checks import tencent_receipts_have_a_token

CHECK = "homeward.E003"


def _deploy_errors():
    return [m.id for m in tencent_receipts_have_a_token(None)]


@pytest.fixture
def production_tencent(settings):
    settings.PRODUCTION = True
    settings.HOMEWARD_MESSAGE_GATEWAY = "outbox"
    settings.HOMEWARD_SMS_GATEWAY = "tencent"
    settings.HOMEWARD_TENCENT_RECEIPT_TOKEN = ""
    return settings


def test_production_with_tencent_sms_and_no_token_fails_the_deploy_check(production_tencent):
    assert CHECK in _deploy_errors()


def test_tencent_as_the_default_gateway_counts_too(production_tencent):
    production_tencent.HOMEWARD_SMS_GATEWAY = ""
    production_tencent.HOMEWARD_MESSAGE_GATEWAY = "tencent"
    assert CHECK in _deploy_errors()


def test_a_token_passes_it(production_tencent):
    production_tencent.HOMEWARD_TENCENT_RECEIPT_TOKEN = "a-long-random-token"
    assert CHECK not in _deploy_errors()


def test_other_gateways_and_the_embedded_mode_pass(production_tencent):
    production_tencent.HOMEWARD_SMS_GATEWAY = "webhook"
    assert CHECK not in _deploy_errors()
    production_tencent.HOMEWARD_SMS_GATEWAY = "tencent"
    production_tencent.PRODUCTION = False
    assert CHECK not in _deploy_errors()


def test_it_is_registered_as_a_deploy_check():
    assert tencent_receipts_have_a_token in registry.get_checks(include_deployment_checks=True)
    assert tencent_receipts_have_a_token not in registry.get_checks()
