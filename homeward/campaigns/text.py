"""A campaign's message text: the template staff write, and one person's message rendered from it.

A template may hold `{name}` (张师傅 / 张女士), `{jobs}` (the person's jobs, title and wage) and
`{link}` (their personal link /r/<token>); an SMS must say how to opt out. `{jobs}` is not
required: a template without it is a message that names no jobs (a subsidy invitation, a fair's
date), sent to each person whether or not a job matches them, as the provider's template of such
messages (`provider_template`). Each send carries the
key ``campaign-<id>:worker-<id>``, which the gateways and the receipts use to find it again.
"""

from __future__ import annotations

import re
import secrets
import string

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from homeward.jobs.models import Posting
from homeward.workers.names import family_name

DEFAULT_TEMPLATE = "{name}，为您推荐：{jobs}。详情：{link} 回T退订"
FIELDS = ("name", "jobs", "link")
JOB_PUSH = "job_push"  # the SMS provider's template: params (name, jobs, link)
NOTICE = "notice"  # the provider's template of a message naming no jobs: params (name, link)
TOKEN_BYTES = 9  # 12 URL-safe characters, 72 random bits
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,24}")
KEY_PATTERN = re.compile(r"campaign-(\d+):worker-(\d+)")
WAGE_UNITS = {"month": "元/月", "day": "元/天", "piece": "元/件"}


def template_problems(text: str, channel: str) -> list[str]:
    """What is wrong with a message template, in words for staff (empty: nothing)."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return [_("Braces may only enclose {name}, {jobs} or {link}.")]
    problems = []
    for _literal, name, spec, conversion in parts:
        if name is not None and (name not in FIELDS or spec or conversion):
            problems.append(_("Braces may only enclose {name}, {jobs} or {link}."))
            break
    if "{link}" not in text:
        problems.append(_("The message must contain {link}, each person's own link."))
    if channel == "sms" and "退订" not in text:
        problems.append(_("An SMS must say how to opt out, e.g. 回T退订."))
    return problems


def names_jobs(template: str) -> bool:
    """Does the template name the person's jobs (then a person without one is skipped)?"""
    return "{jobs}" in template


def provider_template(campaign) -> str:
    """The SMS provider's approved template the campaign's messages go out as: the one its
    creator named (`Campaign.sms_template`, e.g. a subsidy invitation's own), else the job push
    for a template naming jobs and the notice for one that does not."""
    return campaign.sms_template or (JOB_PUSH if names_jobs(campaign.template) else NOTICE)


def salutation(name: str, gender: str) -> str:
    """张师傅 / 张女士 / 欧阳师傅: short and polite; a name in Latin letters stays whole."""
    name = (name or "").strip()
    if not name or not ("\u4e00" <= name[0] <= "\u9fff"):
        return name or "您好"
    return family_name(name) + ("女士" if gender == "female" else "师傅")


def job_line(posting: Posting) -> str:
    """电焊工 4000-6000元/月."""
    low, high = int(posting.wage_min), int(posting.wage_max)
    wage = f"{low}" if low == high else f"{low}-{high}"
    return f"{posting.title[:12]} {wage}{WAGE_UNITS.get(posting.wage_unit, '元')}"


def short_link(token: str) -> str:
    return settings.HOMEWARD_PUBLIC_URL.rstrip("/") + reverse("short-link", args=[token])


def link_prefix() -> str:
    """The personal links' common start: a link is this and its token."""
    return short_link("X")[:-1]


class Template:
    """A message template parsed once (a campaign's messages share it): its literal text and
    fields in order, joined for each person without parsing the template again."""

    def __init__(self, text: str):
        self.text = text
        self.parts = [
            (literal, name) for literal, name, _spec, _conv in string.Formatter().parse(text)
        ]
        self.names_jobs = names_jobs(text)

    def render(self, values: dict) -> str:
        out = []
        for literal, name in self.parts:
            out.append(literal)
            if name is not None:
                out.append(values[name])
        return "".join(out)


def render_message(
    template: str | Template,
    *,
    name: str,
    gender: str,
    postings,
    token: str,
    prefix=None,
    lines=None,
):
    """(text, provider template params) of one person's message.

    `template` is the text, or a `Template` parsed from it once for many messages. `lines`, a
    dict the caller keeps for a chunk of messages, holds each posting's job line once (posting
    id → line), as the same few jobs are named in many messages."""
    lines = {} if lines is None else lines
    for p in postings:
        if p.pk not in lines:
            lines[p.pk] = job_line(p)
    values = {
        "name": salutation(name, gender),
        "jobs": "；".join(dict.fromkeys(lines[p.pk] for p in postings)),  # no line twice
        "link": (prefix or link_prefix()) + token,
    }
    if isinstance(template, Template):
        text, with_jobs = template.render(values), template.names_jobs
    else:
        text, with_jobs = template.format_map(values), names_jobs(template)
    if not with_jobs:  # the provider's template of a message naming no jobs takes no jobs
        return text, (values["name"], values["link"])
    return text, (values["name"], values["jobs"], values["link"])


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def message_key(campaign_id: int, worker_id: int) -> str:
    return f"campaign-{campaign_id}:worker-{worker_id}"
