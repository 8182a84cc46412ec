"""Tencent Cloud SMS (腾讯云短信) through its official SDK: the ``"tencent"`` gateway.

Chinese SMS providers send only templates approved in advance, under an approved signature
(签名). So the gateway sends Tencent's TemplateId mapped from `OutgoingMessage.template` (our
code, e.g. ``"signin_code"``) with `params` as TemplateParamSet; `text` is what the outbox would
have kept and is not sent. The message's key travels as SessionContext.

Configured by the HOMEWARD_TENCENT_SMS setting (see homeward/settings.py). The SDK signs each
request with TC3-HMAC-SHA256 and POSTs it to the endpoint; Tencent answers with one status per
number: ``"Ok"`` means accepted (delivery comes later, by the status callback in `views.py`),
anything else is a refusal with its code (``LimitExceeded.PhoneNumberDailyLimit``, …). Like every
gateway it never raises for a failed send: errors are ``accepted=False`` with the reason.
"""

from __future__ import annotations

import logging
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111.models import SendSmsRequest
from tencentcloud.sms.v20210111.sms_client import SmsClient

from homeward.codes import phone as mobile

from .gateways import OutgoingMessage, SendResult

logger = logging.getLogger(__name__)

DEFAULTS = {
    "region": "ap-guangzhou",
    "endpoint": "sms.tencentcloudapi.com",
    "scheme": "https",
    "timeout": 5.0,  # seconds; an SMS that cannot be handed over quickly is better reported
}
REQUIRED = ("secret_id", "secret_key", "sdk_app_id", "sign_name")
OK = "Ok"


class TencentSmsGateway:
    """Sends SMS through Tencent Cloud's SendSms (API version 2021-01-11)."""

    def __init__(self, config: dict | None = None):
        given = config if config is not None else getattr(settings, "HOMEWARD_TENCENT_SMS", {})
        config = {**DEFAULTS, **{k: v for k, v in given.items() if v not in ("", None)}}
        missing = [name for name in REQUIRED if not config.get(name)]
        if missing:
            raise ImproperlyConfigured(f"HOMEWARD_TENCENT_SMS needs {', '.join(missing)}")
        if config["scheme"] not in ("http", "https"):
            raise ImproperlyConfigured("HOMEWARD_TENCENT_SMS scheme must be http or https")
        self.config = config
        self.templates: dict[str, str] = {
            str(code): str(template_id) for code, template_id in config.get("templates", {}).items()
        }

    @cached_property
    def client(self) -> SmsClient:
        """One client (one HTTP session) per gateway: a campaign reuses its connection."""
        http = HttpProfile(
            protocol=self.config["scheme"],
            endpoint=self.config["endpoint"],
            reqTimeout=float(self.config["timeout"]),
        )
        return SmsClient(
            Credential(self.config["secret_id"], self.config["secret_key"]),
            self.config["region"],
            ClientProfile(signMethod="TC3-HMAC-SHA256", httpProfile=http),
        )

    def request(self, message: OutgoingMessage, template_id: str) -> SendSmsRequest:
        request = SendSmsRequest()
        request.SmsSdkAppId = str(self.config["sdk_app_id"])
        request.SignName = self.config["sign_name"]
        request.TemplateId = template_id
        request.TemplateParamSet = list(message.params)
        request.PhoneNumberSet = [f"+86{message.phone}"]
        request.SessionContext = message.key
        return request

    def send(self, message: OutgoingMessage) -> SendResult:
        if message.channel != "sms" or not message.phone:
            return self._failed(message, "Tencent Cloud SMS sends only SMS to a phone number")
        if not mobile.is_valid(message.phone):
            return self._failed(message, "not a mainland China mobile number")
        template_id = self.templates.get(message.template)
        if not template_id:
            return self._failed(
                message,
                f"no Tencent SMS template for {message.template or '(none)'!r}: "
                "map it in HOMEWARD_TENCENT_SMS_TEMPLATES",
            )
        try:
            response = self.client.SendSms(self.request(message, template_id))
        except TencentCloudSDKException as error:
            # The SDK wraps everything here: Tencent's error answers (AuthFailure.…), network
            # errors and timeouts (ClientNetworkError), answers it cannot read.
            return self._failed(message, f"{error.code}: {error.message}")
        except OSError as error:  # the SDK wraps these too; this is the belt to its braces
            return self._failed(message, f"no answer: {error}")
        statuses = response.SendStatusSet or []
        if not statuses:
            return self._failed(message, f"no send status in the answer {response.RequestId}")
        status = statuses[0]
        if status.Code != OK:
            return self._failed(message, f"{status.Code}: {status.Message}")
        return SendResult(accepted=True, provider_message_id=status.SerialNo or "")

    def _failed(self, message: OutgoingMessage, error: str) -> SendResult:
        logger.warning("Tencent SMS refused message key=%s: %s", message.key, error)
        return SendResult(accepted=False, error=error)
