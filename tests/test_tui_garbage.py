"""Garbage is collected while the user rests, never while they type (brreader/tui/garbage.py)."""

from __future__ import annotations

import gc
import time
import weakref
from pathlib import Path

from textual.widgets import Input

from brreader.tui.app import ReaderApp
from brreader.tui.garbage import FULL_AFTER, FULL_EVERY, Collector
from tests.conftest import LABELLED, PLAIN
from tests.test_tui import settle, write


class Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_a_tidy_waits_for_rest_frees_cycles_and_freezes_the_rest() -> None:
    collector = Collector(quiet=0.2)
    try:
        collector.touch()
        garbage = Cycle()
        gone = weakref.ref(garbage)
        del garbage
        collector.check()
        assert collector.tidied == 0  # the user has not rested yet
        time.sleep(0.25)
        collector.check()
        assert collector.tidied == 1 and gone() is None
        assert gc.get_freeze_count() > 0
        collector.check()  # no input since: nothing to do
        assert collector.tidied == 1
    finally:
        collector.close()
    assert gc.get_freeze_count() == 0


def test_garbage_among_frozen_objects_is_freed_by_the_next_full_tidy() -> None:
    collector = Collector(quiet=0.0)
    try:
        kept = Cycle()
        gone = weakref.ref(kept)
        collector.tidy()  # alive now: frozen
        del kept  # then garbage, while frozen
        for _ in range(FULL_EVERY - 1):  # these look only at objects made since
            collector.touch()
            collector.check()
        assert gone() is not None
        collector.touch()
        collector.check()  # every object examined again
        assert gone() is None
        assert collector.tidied == FULL_EVERY + 1
    finally:
        collector.close()


async def test_the_reader_collects_once_the_user_rests_not_while_typing(tmp_path: Path) -> None:
    archive = write(tmp_path, {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED})
    python = gc.get_threshold()
    app = ReaderApp(archive, update_index=False)
    app.collector.quiet = 1.5
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.collector.touch()
        start = app.collector.tidied
        for key in "mekong delta":  # a key every 0.1 s: never a rest of 1.5 s
            await pilot.press(key if key != " " else "space")
            await pilot.pause(0.1)
        assert app.collector.tidied == start
        await settle(pilot)
        rested = time.monotonic() + 5
        while app.collector.tidied == start and time.monotonic() < rested:
            await pilot.pause(0.1)  # at rest: the reader's timer looks every 0.5 s
        assert app.collector.tidied == start + 1
        assert gc.get_freeze_count() > 0
        assert app.query_one("#query", Input).value == "mekong delta"
        assert gc.get_threshold()[2] == FULL_AFTER
    assert gc.get_freeze_count() == 0  # given back when the reader closed
    assert gc.get_threshold() == python
