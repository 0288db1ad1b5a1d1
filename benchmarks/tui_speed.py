"""How fast the reader feels: start to first paint, keystroke to updated view, scrolling.

    python benchmarks/tui_speed.py ARCHIVE_DIR [--runs 5]

ARCHIVE_DIR holds ``articles/`` (and ``index/``, built first if missing), for
example one written by ``benchmarks/synth.py``. Every figure is a median (and
p95) over several runs, next to a baseline measured in the same run on the same
machine, because these machines are shared and noisy:

- start to first paint: ``brreader``'s reader showing its article list, against
  a bare Textual app that paints one line;
- keystroke to updated list (the list drawn again with the new hits: issue
  16's measure) and to the list and the viewer (the top hit read and laid
  out), both after the typing debounce, against the search call alone; and
  the reader's own part of it: the same results handed to the screen again
  (as the search worker does) to the list drawn again, without the search.
  The search call is asked as the reader asks it (the best pairs of the first
  screenful only, when the checkout can), timed on the clock and in CPU time
  of its thread; the keystroke to the list also in CPU time of the process
  (both threads: less noisy than the clock on a loaded machine); "to every
  question" is the keystroke to the last hit's best question found (the
  reader finds the first screen's with the hits, the rest's after the list
  is drawn and the top hit shown);
  "garbage collection in list" is the time Python's garbage collector ran
  inside each keystroke-to-list, and how many of those were full collections.
  The keystrokes start once the reader has rested after opening (past its
  warm-up and, in checkouts that collect garbage while the user rests, past
  the first such collection), and each query set in the box counts as input;
  Each query is typed ``--runs`` times in a row and then listed again, so a
  reader that keeps what it drew for a hit draws less after the first run;
  ``--runs 1`` in several processes gives the first listing of each query;
- keystroke to updated list for queries that match nothing (``--misses``,
  near-misses of synth.py's planted words): the list drawn again, empty,
  with "No matches." above it ("did you mean" may follow later);
- a 3,000-pair article: opening it (wrap and layout) and drawing one screen
  after a jump, against drawing a one-screen article.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import inspect
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from brreader.search import Archive  # noqa: E402

FIRST_PAINT_CHILD = textwrap.dedent(
    """
    import sys, time
    started = float(sys.argv[1])
    kind = sys.argv[2]
    if kind == "bare":
        from textual.app import App
        from textual.widgets import Static

        class Bare(App):
            def compose(self):
                yield Static("hello")

            def on_mount(self):
                self.call_after_refresh(self.done)

            def done(self):
                print(time.time() - started)
                self.exit()

        Bare().run(headless=True)
    else:
        from pathlib import Path
        from brreader.search import Archive
        from brreader.tui.app import ReaderApp
        from brreader.tui.screens import ReaderScreen

        class TimedScreen(ReaderScreen):
            painted = False

            def _br_show_article(self, article):
                super()._br_show_article(article)
                if article is not None and not self.painted:
                    self.painted = True
                    self.call_after_refresh(self.done)

            def done(self):
                print(time.time() - started)
                self.app.exit()

        class Timed(ReaderApp):
            def get_default_screen(self):
                self._br_reader = TimedScreen(self.archive, self.state, update_index=False)
                return self._br_reader

        root = Path(sys.argv[3])
        Timed(Archive(root / "articles", root / "index"), update_index=False).run(headless=True)
    """
)


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:8.1f} ms median {p95 * 1000:8.1f} ms p95"


def first_paint(root: Path, runs: int) -> tuple[list[float], list[float]]:
    def once(kind: str) -> float:
        done = subprocess.run(
            [sys.executable, "-c", FIRST_PAINT_CHILD, repr(time.time()), kind, str(root)],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=120,
        )
        return float(done.stdout.strip().splitlines()[-1])

    bare, reader = [], []
    for _ in range(runs):
        bare.append(once("bare"))
        reader.append(once("reader"))
    return bare, reader


async def rested(app: object, pilot: object, warm_up_after: float) -> None:
    """Wait as a user who opens the reader and looks before typing: past the warm-up,
    and past the first garbage collection at rest (in checkouts that collect at rest)."""
    await pilot.pause(0.5 + warm_up_after)  # type: ignore[attr-defined]
    collector = getattr(app, "collector", None)
    deadline = time.perf_counter() + 30
    while collector is not None and not collector.tidied and time.perf_counter() < deadline:
        await pilot.pause(0.1)  # type: ignore[attr-defined]


def typed(app: object, query: str) -> None:
    """The query in the search box, as typing leaves it (a key counts as input: a
    checkout that collects garbage at rest waits for the user to rest again)."""
    collector = getattr(app, "collector", None)
    if collector is not None:
        collector.touch()
    app.query_one("#query").value = query  # type: ignore[attr-defined]


class Collections:
    """Python's garbage collections while it watches: (generation, start, end) each."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, float, float]] = []
        self._started = 0.0

    def start(self) -> None:
        gc.callbacks.append(self._note)

    def stop(self) -> None:
        gc.callbacks.remove(self._note)

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seen.append((info["generation"], self._started, time.perf_counter()))

    def within(self, start: float, end: float) -> tuple[float, int]:
        """Seconds spent collecting between ``start`` and ``end``, and full collections."""
        inside = [(g, s, e) for g, s, e in self.seen if s >= start and e <= end]
        return sum(e - s for _, s, e in inside), sum(1 for g, _, _ in inside if g == 2)


def unpaired(screen: object) -> bool:
    """The shown hits still wait for some best pairs (never, in older checkouts)."""
    shown = getattr(screen, "_br_shown", None)
    results = getattr(shown, "results", None)
    return getattr(results, "unpaired", None) is not None


async def keystrokes(archive: Archive, queries: list[str]) -> tuple[list[float], ...]:
    """Per query: the search call alone (clock, CPU), keystroke to updated list (drawn),
    to the list and the top hit in the viewer, and to every hit's question; and results
    in hand to updated list."""
    from brreader.tui.app import ReaderApp
    from brreader.tui.screens import ReaderScreen, _reader, _reader_work
    from brreader.tui.widgets import _results

    warm_up_after = getattr(_reader, "WARM_UP_AFTER", 0.0)  # older checkouts have none
    page = _reader_work.HIT_LIMIT
    asked: dict[str, object] = {"limit": page, "snippets": False}
    if "pairs_for" in inspect.signature(Archive.search).parameters:
        asked["pairs_for"] = getattr(_results, "FIRST_DRAWN", 12)  # as the reader asks
    from brreader.tui.widgets import ArticleView

    shown: dict[str, float] = {}
    listed: dict[str, float] = {}
    listed_cpu: dict[str, float] = {}

    class TimedScreen(ReaderScreen):
        def _br_show_article(self, article):  # type: ignore[no-untyped-def]
            super()._br_show_article(article)
            if self._br_shown is not None and article is not None:
                shown.setdefault(self._br_shown.query, time.perf_counter())

    class Timed(ReaderApp):
        def get_default_screen(self) -> ReaderScreen:
            self._br_reader = TimedScreen(self.archive, self.state, update_index=False)
            return self._br_reader

    # The debounce timer is fired by hand below: with its usual delay it could fire on its
    # own while the pilot waits for the reader to be idle, and the search would be done
    # (and the list drawn) before the clock starts.
    _reader.DEBOUNCE_SECONDS = 3600.0
    search_only, cpu, ui, lists, list_cpu, reader, filled = [], [], [], [], [], [], []
    collecting: list[float] = []  # garbage collection inside each keystroke-to-list
    full = 0  # full collections among them
    collections = Collections()
    app = Timed(archive, update_index=False)
    collections.start()
    async with app.run_test(size=(120, 40)) as pilot:
        await rested(app, pilot, warm_up_after)  # the reader loads numpy a second after start
        for query in queries:
            started, thread = time.perf_counter(), time.thread_time()
            found = archive.search(query, **asked)  # type: ignore[arg-type]
            search_only.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - thread)
            await pilot.pause(0.05)
            shown.pop(query, None)
            listed.pop(query, None)
            listed_cpu.pop(query, None)
            app.reader._br_article_id = None  # a repeated query must reload its top hit too
            app.reader._br_viewing = None  # (and its questions further down wait for it)
            before = app.reader._br_shown  # the search's results replace it
            typed(app, query)
            await pilot.pause()  # the box's change arms the typing debounce timer...
            if app.reader._br_debounce is not None:
                app.reader._br_debounce.stop()  # ...which is fired here, by hand
            started, process = time.perf_counter(), time.process_time()
            app.reader._br_search()  # what the debounce timer fires
            deadline = time.perf_counter() + 60
            waiting = True
            while not (query in shown and query in listed) and time.perf_counter() < deadline:
                if waiting and app.reader._br_shown is not before:
                    # The list holds the new hits once the screen has been drawn again.
                    waiting = False
                    app.reader.call_after_refresh(
                        lambda q=query: (
                            listed.setdefault(q, time.perf_counter()),
                            listed_cpu.setdefault(q, time.process_time()),
                        )
                    )
                await asyncio.sleep(0.0005)
            if query not in shown or query not in listed:
                raise RuntimeError(f"the reader never showed a hit for {query!r}")
            while unpaired(app.reader) and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            filled.append(time.perf_counter() - started)
            await pilot.pause()
            ui.append(shown[query] - started)
            lists.append(listed[query] - started)
            spent, fulls = collections.within(started, listed[query])
            collecting.append(spent)
            full += fulls
            list_cpu.append(listed_cpu[query] - process)
            assert app.query_one(ArticleView).article is not None

            # The reader's own part: the search's results handed over as its worker does.
            await pilot.pause(0.05)
            shown.pop(query, None)
            app.reader._br_article_id = None
            app.reader._br_viewing = None
            done = _reader_work.Shown(query, found, ())
            done.marks = (frozenset(app.state.read_ids()), frozenset(app.state.bookmarked_ids()))
            drawn: list[float] = []
            started = time.perf_counter()
            app.reader.post_message(_reader_work.SearchDone(done))
            while app.reader._br_shown is not done and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            app.reader.call_after_refresh(lambda d=drawn: d.append(time.perf_counter()))
            while not (drawn and query in shown) and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            if not drawn or query not in shown:
                raise RuntimeError(f"the reader never showed the results for {query!r}")
            reader.append(drawn[0] - started)
            while unpaired(app.reader) and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)  # its questions found before the next query
            await pilot.pause()
    collections.stop()
    return search_only, cpu, lists, list_cpu, ui, filled, reader, collecting, full


async def misses(archive: Archive, queries: list[str], before: str) -> list[float]:
    """Per query that matches nothing: keystroke (debounce fired) to the list drawn again,
    each typed after ``before`` (a query with hits) is listed."""
    from brreader.tui.app import ReaderApp
    from brreader.tui.screens import ReaderScreen, _reader

    _reader.DEBOUNCE_SECONDS = 3600.0  # fired by hand, as in keystrokes()

    class Timed(ReaderApp):
        def get_default_screen(self) -> ReaderScreen:
            self._br_reader = ReaderScreen(self.archive, self.state, update_index=False)
            return self._br_reader

    async def search(query: str) -> float:
        typed(app, query)
        await pilot.pause()
        if app.reader._br_debounce is not None:
            app.reader._br_debounce.stop()
        started = time.perf_counter()
        app.reader._br_search()  # what the debounce timer fires
        return started

    times = []
    app = Timed(archive, update_index=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await rested(app, pilot, getattr(_reader, "WARM_UP_AFTER", 0.0))
        for query in queries:
            await search(before)
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
            shown = app.reader._br_shown
            started = await search(query)
            drawn: list[float] = []
            deadline = started + 60
            while app.reader._br_shown is shown and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            app.reader.call_after_refresh(lambda d=drawn: d.append(time.perf_counter()))
            while not drawn and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            if not drawn or app.query_one("#results").option_count:
                raise RuntimeError(f"{query!r} did not list an empty result")
            times.append(drawn[0] - started)
            await app.workers.wait_for_complete()  # "did you mean", before the next one
            await pilot.pause(0.2)
    return times


async def scrolling(runs: int) -> tuple[list[float], list[float], list[float]]:
    from brreader.tui.app import ReaderApp
    from brreader.tui.widgets import ArticleView

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "articles").mkdir()
        parts = ["Big Outlet", "", "A Very Long Interview", "", "June 1, 2024", ""]
        parts += ["Dara Kheng talks at length.", ""]
        for number in range(3000):
            parts += [f"What about topic {number} and the river?", ""]
            parts += ["The answer runs on for a while, sentence after sentence. " * 8, ""]
        (root / "articles" / "big.txt").write_text("\n".join(parts), encoding="utf-8")
        (root / "articles" / "small.txt").write_text(
            "Small\n\nJune 2, 2024\n\nDara Kheng.\n\nWhy?\n\nBecause.\n", encoding="utf-8"
        )
        archive = Archive(root / "articles", root / "index")
        archive.update()
        big, small = archive.article("big"), archive.article("small")
        opened, page, baseline = [], [], []
        app = ReaderApp(archive, update_index=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            view = app.query_one(ArticleView)
            for _ in range(runs):
                started = time.perf_counter()
                view.show(big, {})
                opened.append(time.perf_counter() - started)
                await pilot.pause()
                for target in (5000, 20000, 45000, 70000):
                    view.scroll_to(y=target, animate=False)
                    await pilot.pause()
                    started = time.perf_counter()
                    for y in range(view.size.height):
                        view.render_line(y)
                    page.append(time.perf_counter() - started)
                view.show(small, {})
                await pilot.pause()
                started = time.perf_counter()
                for y in range(view.size.height):
                    view.render_line(y)
                baseline.append(time.perf_counter() - started)
        return opened, page, baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder with articles/ (and index/)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--queries",
        default="railwaymarker,mekongia,quokkalith,zanzibarite,ka,lo mi,ren*",
        help="comma-separated queries typed in the keystroke test (synth.py's planted "
        "words from 1 to 1,000 articles, common words, a prefix)",
    )
    parser.add_argument(
        "--misses",
        default="mekongiaa,zanzibarit,quokalith,railwaymarkr",
        help="comma-separated queries that match nothing (empty: skip them)",
    )
    parser.add_argument(
        "--keystrokes-only", action="store_true", help="skip first paint and scrolling"
    )
    args = parser.parse_args()
    archive = Archive(args.root / "articles", args.root / "index")
    report = archive.update()
    count = archive.article_count()
    print(f"archive: {count:,} articles ({len(report.indexed)} indexed now)")

    if not args.keystrokes_only:
        bare, reader = first_paint(args.root, args.runs)
        print(f"first paint, bare Textual app  {summary(bare)}")
        print(f"first paint, brreader          {summary(reader)}")
        print(f"  ratio of medians: {statistics.median(reader) / statistics.median(bare):.2f}x")

    queries = [q for q in args.queries.split(",") for _ in range(args.runs)]
    found = asyncio.run(keystrokes(archive, queries))
    search_only, cpu, lists, list_cpu, ui, filled, reader, collecting, full = found
    print(f"search call alone              {summary(search_only)}")
    print(f"  its CPU time                 {summary(cpu)}")
    print(f"keystroke to updated list      {summary(lists)}")
    print(f"  its CPU time (process)       {summary(list_cpu)}")
    print(f"keystroke to list and viewer   {summary(ui)}")
    print(f"keystroke to every question    {summary(filled)}")
    print(f"same results again, to list    {summary(reader)}")
    print(f"  garbage collection in list   {summary(collecting)}; {full} full collections")
    for query in dict.fromkeys(queries):

        def of(times: list[float], query: str = query) -> str:
            return summary([t for q, t in zip(queries, times, strict=True) if q == query])

        print(f"  {query:<14} list {of(lists)}; viewer {of(ui)}; search {of(search_only)}")
        print(f"  {'':<14} search CPU {of(cpu)}; list CPU {of(list_cpu)}")
        print(f"  {'':<14} every question {of(filled)}")
        print(f"  {'':<14} same results again, to list {of(reader)}")

    missed = [q for q in args.misses.split(",") if q for _ in range(args.runs)]
    if missed:
        first = args.queries.split(",")[0]
        no_match = asyncio.run(misses(archive, missed, first))
        print(f"no match, keystroke to list    {summary(no_match)}")
        for query in dict.fromkeys(missed):
            times = [t for q, t in zip(missed, no_match, strict=True) if q == query]
            print(f"  {query:<14} list {summary(times)} (after {first!r})")

    if args.keystrokes_only:
        return
    opened, page, baseline = asyncio.run(scrolling(args.runs))
    print(f"open a 3,000-pair article      {summary(opened)}")
    print(f"draw one screen of it          {summary(page)}")
    print(f"draw one screen, short article {summary(baseline)}")


if __name__ == "__main__":
    main()
