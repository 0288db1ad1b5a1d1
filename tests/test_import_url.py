"""``brreader import URL`` against a local web server the test starts (issue 18).

Pages, a redirect, a redirect loop, a 404, a slow server, an oversized page,
a type that is no web page, a charset named only by the server, and a link
that is neither http nor https. Nothing leaves the machine.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from brreader.articles import MAX_ARTICLE_BYTES
from brreader.cli import main
from tests.test_import_hardening import page


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes, float]] = {}

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        status, headers, body, delay = self.routes.get(self.path, (404, {}, b"gone", 0.0))
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (too large, timed out)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    latin = page().replace("Solvang", "Sølvang").replace('<meta charset="utf-8">', "")
    _Handler.routes = {
        "/interview": (200, html, page().encode(), 0.0),
        "/short": (301, {"Location": "/interview"}, b"", 0.0),
        "/loop": (302, {"Location": "/loop"}, b"", 0.0),
        "/slow": (200, html, page().encode(), 3.0),
        "/huge": (200, html, b"<p>" + b"x" * (MAX_ARTICLE_BYTES + 10) + b"</p>", 0.0),
        "/photo.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n", 0.0),
        "/latin": (
            200,
            {"Content-Type": "text/html; charset=ISO-8859-1"},
            latin.encode("latin-1"),
            0.0,
        ),
        "/notes.txt": (
            200,
            {"Content-Type": "text/plain"},
            b"Salt Notes\n\nThe Lamp Keeper\n\nMay 2, 2024\n\nImre Solvang keeps lamps.\n\n"
            b"Why lamps?\n\nTravellers need them.\n",
            0.0,
        ),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def run(capsys, arts: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--articles", str(arts), "--index", str(arts.parent / "idx"), "import", *args])
    out, err = capsys.readouterr()
    return status, out, err


def files(arts: Path) -> list[Path]:
    return sorted(p for p in arts.rglob("*.txt"))


def test_a_link_is_fetched_read_and_kept_with_its_address(
    server: str, tmp_path: Path, capsys
) -> None:
    arts = tmp_path / "articles"
    status, out, _ = run(capsys, arts, f"{server}/interview")
    assert status == 0, out
    assert "imported 1, duplicates 0, failed 0" in out
    [written] = files(arts)
    text = written.read_text(encoding="utf-8")
    assert f"url: {server}/interview" in text
    assert "title: Lights Over the Salt Flats" in text and "outlet: Dune Courier" in text
    # The same page again, through a short link that redirects to it: a duplicate.
    status, out, _ = run(capsys, arts, f"{server}/short")
    assert status == 0 and "imported 0, duplicates 1, failed 0" in out
    assert len(files(arts)) == 1


def test_a_plain_text_link_and_a_charset_named_only_by_the_server(
    server: str, tmp_path: Path, capsys
) -> None:
    arts = tmp_path / "articles"
    status, out, _ = run(capsys, arts, f"{server}/notes.txt", f"{server}/latin")
    assert status == 0, out
    texts = [p.read_text(encoding="utf-8") for p in files(arts)]
    assert any("title: The Lamp Keeper" in text for text in texts)
    assert any("Sølvang" in text for text in texts)  # not "SÃ¸lvang"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/loop", "more than 5 redirects"),
        ("/slow", "no answer within 0.5 s"),
        ("/huge", "larger than"),
        ("/photo.png", "not a web page (image/png)"),
    ],
)
def test_a_bad_link_fails_in_one_line_and_writes_nothing(
    server: str, path: str, reason: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("BRREADER_FETCH_TIMEOUT", "0.5")
    arts = tmp_path / "articles"
    status, out, err = run(capsys, arts, f"{server}{path}")
    assert status == 1
    assert reason in out and "imported 0, duplicates 0, failed 1" in out
    assert "Traceback" not in out + err
    assert files(arts) == []


@pytest.mark.parametrize(
    "link", ["ftp://example.org/interview.html", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_only_http_and_https_links_are_fetched(link: str, tmp_path: Path, capsys) -> None:
    arts = tmp_path / "articles"
    status, out, _ = run(capsys, arts, link)
    assert status == 1
    if link.startswith("javascript"):
        assert "no such file or folder" in out  # not a link at all: a (missing) file name
    else:
        assert "only http:// and https:// links are imported" in out
    assert files(arts) == []
