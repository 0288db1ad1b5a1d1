"""Python's garbage collection in the reader: when the user rests, not inside a keystroke.

Measured on the 20k benchmark archive (the reader at 120x40 on a shared
2-core machine): the reader's process tracks 120,000-150,000 objects (Textual,
Rich, numpy, the list's kept option drawings, the archive's tables), and a full
collection of them took 50-210 ms. Python starts one by itself after enough
objects have been made, and a keystroke makes thousands (the search, the new
options and their drawings): one keystroke in about twenty waited for a full
collection, which made the p95 of keystroke-to-list.

So the reader collects while the user rests. Once nothing has been typed,
clicked or scrolled for ``QUIET_SECONDS``, :meth:`Collector.tidy` collects and
freezes the objects left (``gc.freeze``): Python's own collections then look
only at objects made since. A tidy examines the objects made since the last
one (20-50 ms); every ``FULL_EVERY``-th, the first included, unfreezes and
examines everything (130-180 ms of CPU at 20k), so garbage among frozen
objects (a reference cycle that was alive when frozen) is freed then. An
object freed by its reference count is freed at once, frozen or not.

Python's own full collections still come while the user types, only later:
after ``FULL_AFTER`` collections of the younger generations instead of
Python's 10 (and no sooner than a quarter of the objects examined at the last
full collection have been made since, Python's own rule). Without that, a
quick typist who never rests two seconds met one every few dozen keystrokes
(3 in 21 keystrokes in one benchmark run, 40-110 ms each at load 6-8). The
young generations are collected as Python does (a few ms each).

Python's settings are put back, and the objects unfrozen, when the reader closes.
"""

from __future__ import annotations

import gc
import time

QUIET_SECONDS = 2.0  # no key, click or scroll for this long: the user reads or thinks
CHECK_EVERY = 0.5  # seconds between looks at the clock (a timer, not a thread)
FULL_EVERY = 10  # every tenth tidy (the first included) examines every object
FULL_AFTER = 100  # collections of generation 1 before Python's own full one (Python: 10)


class Collector:
    """Collects (and freezes what is left) once the user has rested after some input."""

    def __init__(self, quiet: float = QUIET_SECONDS) -> None:
        self.quiet = quiet
        self.tidied = 0  # tidies so far (for tests and benchmarks)
        self._br_last_input = time.monotonic()
        self._br_busy = True  # input since the last tidy (the start counts as input)
        self._br_python: tuple[int, int, int] | None = None  # Python's thresholds, to restore

    def start(self) -> None:
        """Make Python's own full collections rarer while the reader runs."""
        if self._br_python is None:
            self._br_python = gc.get_threshold()
            young, middle, _full = self._br_python
            gc.set_threshold(young, middle, FULL_AFTER)

    def touch(self) -> None:
        """The user did something: a tidy waits until they rest again."""
        self._br_last_input = time.monotonic()
        self._br_busy = True

    def check(self) -> None:
        """Tidy if the user has rested long enough since their last input."""
        if self._br_busy and time.monotonic() - self._br_last_input >= self.quiet:
            self.tidy()

    def tidy(self) -> None:
        """Free the garbage among the objects not frozen (every ``FULL_EVERY``-th time:
        among all), and freeze the rest."""
        self._br_busy = False
        if self.tidied % FULL_EVERY == 0:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.tidied += 1

    def close(self) -> None:
        """Give the frozen objects back to Python's collector, with its settings (the
        reader is closing)."""
        gc.unfreeze()
        if self._br_python is not None:
            gc.set_threshold(*self._br_python)
            self._br_python = None
