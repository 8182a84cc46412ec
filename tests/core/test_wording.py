"""Chinese wording that read wrong: a person's name, an applicant's home place, the applied
sentence, punctuation in the catalogue, audit actions as labels, the outbox's hidden codes."""

import re
from pathlib import Path

import polib
from django.urls import reverse

from homeward import settings
from homeward.audit.labels import action_label
from homeward.outreach.models import CODE_MASK, OutboxMessage
from homeward.placements.services import apply
from homeward.portal.forms import IdentityForm
from tests.factories import (
    VILLAGE,
    make_employer,
    make_published,
    make_staff,
    make_worker,
)
from tests.portal.helpers import sign_in_worker
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer

CATALOGUE = Path(settings.BASE_DIR) / "homeward/locale/zh_Hans/LC_MESSAGES/django.po"
CJK = re.compile(r"[\u4e00-\u9fff]")
# placeholders, links, and the API's scope names (workers:read), written as the API takes them
PLACEHOLDERS = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|https?://\S+|\{[a-z_]+\}|\b[a-z_]+:[a-z_]+\b")


def test_chinese_messages_use_full_width_punctuation():
    po = polib.pofile(str(CATALOGUE))
    ascii_marks = [
        e.msgid
        for e in po
        if not e.obsolete
        for text in (e.msgstr, *e.msgstr_plural.values())
        if CJK.search(text) and re.search(r"[:,;()?!]", PLACEHOLDERS.sub("", text))
    ]
    assert ascii_marks == []


def test_a_persons_name_reads_xingming_and_a_things_name_mingcheng(client, db):
    make_worker(VILLAGE, sequence=3)
    make_employer("321302001")
    client.force_login(make_staff("321302", username="county"))
    workers = client.get(reverse("workers:list")).content.decode()
    assert "<th>姓名</th>" in workers and "<th>名称</th>" not in workers
    assert "<th>名称</th>" in client.get(reverse("employers:list")).content.decode()
    form = client.get(reverse("employers:create")).content.decode()
    assert "名称" in form and "姓名" not in form
    assert str(IdentityForm.base_fields["name"].label) == "姓名"  # /m/bind and registering


def test_the_applicant_page_says_home_place_not_front_page(client, db):
    hr = make_employer_user()
    sign_in_employer(client, hr)
    posting = make_published(hr.employer, title="插件工")
    application = apply(make_worker(VILLAGE, sequence=7), posting)[0]
    page = client.get(
        reverse("portal:employer-application", args=[application.pk])
    ).content.decode()
    assert "<dt>户籍地</dt>" in page and "<dt>首页</dt>" not in page


def test_the_job_page_says_when_the_worker_applied_in_one_sentence(client, db):
    worker = make_worker(VILLAGE, sequence=5)
    sign_in_worker(client, worker)
    posting = make_published(make_employer("321302001"), title="电焊工")
    client.post(f"/m/jobs/{posting.pk}/apply")
    page = client.get(f"/m/jobs/{posting.pk}").content.decode()
    sentence = re.search(r'data-testid="applied">(.*?)</p>', page, re.S).group(1)
    assert re.match(r"你已于 \d{4}-\d\d-\d\d 报名，目前状态：", sentence)
    assert "查看我的全部申请" in sentence and ": " not in sentence


def test_audit_actions_read_as_chinese_labels(client, db, settings):
    assert action_label("accounts.login") == "登录"
    assert action_label("jobs.posting.published") == "发布岗位"
    assert action_label("accounts.user.created") == "新建工作人员账号"
    assert action_label("placements.application.hired") == "录用"
    assert action_label("something.new") == "something.new"  # unknown codes are shown as they are
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    admin = make_staff("321302", role="admin", username="county-admin")
    client.force_login(admin)
    from homeward.audit.services import log_action

    log_action("accounts.login", actor=admin, obj=admin)
    page = client.get(reverse("admin:audit_auditevent_changelist")).content.decode()
    assert ">登录<" in page
    assert "accounts.login</td>" not in page


def test_the_outbox_hides_only_the_sign_in_code():
    message = OutboxMessage(
        template="signin_code",
        text="【农民工服务平台】您的登录验证码是 482913，5 分钟内有效。请勿告诉任何人，包括工作人员。",
    )
    hidden = message.text_without_code
    assert "482913" not in hidden and CODE_MASK in hidden
    assert "5 分钟内有效" in hidden
