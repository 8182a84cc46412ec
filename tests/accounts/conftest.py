import datetime

import pytest
import time_machine
from django.utils import timezone


@pytest.fixture
def clock():
    # Start on a time step's boundary so a whole test stays inside one 30-second window.
    start = datetime.datetime.fromtimestamp(
        (int(timezone.now().timestamp()) // 30) * 30 + 1, tz=datetime.UTC
    )
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller
