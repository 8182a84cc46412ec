"""The sign-in code services on their own, without the portal's pages: a code serves once, for
its own audience, and a second request within the minute is refused."""

import pytest

from homeward.signin_codes.models import SignInCode
from homeward.signin_codes.services import CodeRefused, check_code, request_code
from tests.portal.helpers import WORKER_PHONE, last_code

pytestmark = pytest.mark.django_db


def test_a_code_serves_once(worker):
    request_code(WORKER_PHONE, SignInCode.Audience.WORKER)
    code = last_code(WORKER_PHONE)
    assert check_code(WORKER_PHONE, SignInCode.Audience.WORKER, code) == WORKER_PHONE
    with pytest.raises(CodeRefused):
        check_code(WORKER_PHONE, SignInCode.Audience.WORKER, code)


def test_a_workers_code_does_not_sign_in_an_employer_user(worker):
    request_code(WORKER_PHONE, SignInCode.Audience.WORKER)
    with pytest.raises(CodeRefused):
        check_code(WORKER_PHONE, SignInCode.Audience.EMPLOYER, last_code(WORKER_PHONE))


def test_a_second_code_within_the_minute_is_refused(worker):
    request_code(WORKER_PHONE, SignInCode.Audience.WORKER)
    with pytest.raises(CodeRefused):
        request_code(WORKER_PHONE, SignInCode.Audience.WORKER)
    assert SignInCode.objects.count() == 1


def test_a_number_that_is_not_a_mobile_is_refused_before_anything_is_stored(db):
    with pytest.raises(CodeRefused):
        request_code("12345", SignInCode.Audience.WORKER)
    assert SignInCode.objects.count() == 0
