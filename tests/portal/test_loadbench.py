"""The portal bench's small parts: the server's CPU from /proc, and the flags that choose it."""

import os
import sys

import pytest
from django.core.management import CommandError, call_command

from homeward.portal import loadbench


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_server_cpu_counts_a_process_and_its_children():
    used = loadbench._server_cpu(os.getpid())
    sum(i * i for i in range(2_000_000))  # some CPU of our own
    assert used is not None and loadbench._server_cpu(os.getpid()) > used
    assert loadbench._server_cpu(2**22 + 12345) is None  # no such process


def test_portal_only_and_no_portal_exclude_each_other():
    with pytest.raises(CommandError, match="exclude each other"):
        call_command("bench", "push", "--portal-only", "--no-portal")
