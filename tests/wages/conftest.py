import datetime

import pytest
import time_machine


@pytest.fixture
def freezer():
    """A stopped clock the test moves with `freezer.move_to(day)` (noon in Beijing)."""

    class Clock:
        def __init__(self, traveller):
            self.traveller = traveller

        def move_to(self, day):
            moment = datetime.datetime.combine(day, datetime.time(4), tzinfo=datetime.UTC)
            self.traveller.move_to(moment)

    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False) as traveller:
        yield Clock(traveller)
