"""What a one-shot search loads: only what a plain search needs.

Every command is a new Python process, so a module imported or a pattern
compiled for nothing is paid by every search (tens of milliseconds each for
the no-space-script classes). These tests pin the cheap path down; the
timings themselves are in ``benchmarks/startup.py --archive``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from brreader.engine import analysis
from tests.conftest import PLAIN, write_files

ASCII_TEXT = st.text(alphabet=st.sampled_from("abcXYZ019_*.-' \n\t?!:,()\"$"), max_size=60)


@settings(max_examples=300, deadline=None)
@given(ASCII_TEXT)
def test_the_ascii_pattern_cuts_ascii_text_as_the_full_one_does(text: str) -> None:
    full = [m.span() for m in analysis.TOKENS.finditer(text)]
    quick = [m.span() for m in analysis.ASCII_TOKENS.finditer(text)]
    assert quick == full


def test_terms_of_mixed_text_still_come_from_the_full_pattern() -> None:
    got = [t[0] for t in analysis.tokens("rail 北京站 depot", "", analysis.english)]
    assert got == ["rail", "北京", "京站", "depot"]


PROBE = """
import sys, json
from brreader import cli
from brreader.engine import analysis
status = cli.main(sys.argv[1:])
print(json.dumps({
    "status": status,
    "server module": "brreader.cli.server" in sys.modules,
    "numpy": "numpy" in sys.modules,
    "no-space pattern compiled": "match" in vars(analysis.TOKENS),
}), file=sys.stderr)
"""


def test_a_plain_search_loads_no_server_code_and_no_script_patterns(tmp_path: Path) -> None:
    write_files(tmp_path / "articles", {"2021/sensors.txt": PLAIN})
    env = {**os.environ, "BRREADER_SERVER": "off"}
    command = [sys.executable, "-c", PROBE, "--articles", str(tmp_path / "articles")]
    command += ["--index", str(tmp_path / "index")]
    subprocess.run([*command, "index"], env=env, capture_output=True, check=True, timeout=120)
    done = subprocess.run(
        [*command, "search", "--json", "mekong"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    assert json.loads(done.stdout)["total"] == 1
    assert seen == {
        "status": 0,
        "server module": False,
        "no-space pattern compiled": False,
        "numpy": False,
    }


def test_copying_a_query_term_is_a_deep_copy() -> None:
    import copy

    from whoosh import query

    import brreader.engine._load  # noqa: F401 - installs the quick copy of terms

    class Listed(query.Term):  # a term holding something that can change
        pass

    term = Listed("answers", "rail", boost=2.0)
    term.extra = ["a"]  # type: ignore[attr-defined]
    copied = copy.deepcopy(query.Or([term, query.Term("title", "rail")]))
    assert copied == query.Or([term, query.Term("title", "rail")])
    inner = copied.subqueries[0]
    assert inner is not term and type(inner) is Listed
    inner.boost = 5.0
    inner.extra.append("b")
    assert term.boost == 2.0 and term.extra == ["a"]  # the original is untouched
