"""RSS and Atom feeds, from local files and from a server on localhost (never the internet)."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import io
import socket
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from eventcoder.models import Article, Failure
from eventcoder.readers import read_inputs

LONG_STORY = "".join(
    f"<p>Paragraph {number}: troops and rebels exchanged fire for hours near the town of Beni, "
    f"the army said, and residents fled towards the centre as the fighting spread.</p>"
    for number in range(1, 6)
)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Sahel Wire</title>
  <link>https://sahelwire.example/</link>
  <description>News from the Sahel</description>
  <item>
    <title>Bomb hits convoy near Ansongo</title>
    <link>https://sahelwire.example/2023/05/ansongo</link>
    <guid>sw-1</guid>
    <pubDate>Tue, 09 May 2023 23:30:00 +0000</pubDate>
    <description>&lt;p&gt;Three soldiers were &lt;b&gt;killed&lt;/b&gt;
      when a roadside bomb hit their convoy.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Clash near Beni</title>
    <link>https://sahelwire.example/2023/11/beni</link>
    <pubDate>Wed, 22 Nov 2023 01:15:00 +0300</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<div class="share">Share this article</div>{LONG_STORY}]]></content:encoded>
  </item>
  <item>
    <title>Picture gallery</title>
    <link>https://sahelwire.example/gallery</link>
  </item>
  <item>
    <description>An entry with neither link nor guid.</description>
  </item>
  <item>
    <title>Undated</title>
    <link>https://sahelwire.example/undated</link>
    <description>Police arrested 30 people after the riot in Kankan.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Lake Region Times</title>
  <id>urn:lrt</id>
  <updated>2024-03-14T08:00:00+03:00</updated>
  <entry>
    <title>Police fire tear gas at Kisumu traders</title>
    <id>urn:lrt:1</id>
    <link href="https://lakeregion.example/kisumu"/>
    <published>2024-03-14T01:00:00+03:00</published>
    <updated>2024-03-15T10:00:00+03:00</updated>
    <summary type="html">&lt;p&gt;Police fired tear gas and arrested 23 traders
      on Wednesday.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Text summary</title>
    <id>urn:lrt:2</id>
    <updated>2024-03-13T12:00:00Z</updated>
    <summary type="text">Traders held a sit-in outside the county assembly.</summary>
  </entry>
</feed>
"""


def test_each_rss_item_is_an_article_or_a_failure_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "sahel.rss"
    path.write_text(RSS, encoding="utf-8")

    items = list(read_inputs([str(path)], published=dt.date(2023, 12, 1)))

    assert items[0] == Article(
        id="https://sahelwire.example/2023/05/ansongo",
        text="Three soldiers were killed when a roadside bomb hit their convoy.",
        title="Bomb hits convoy near Ansongo", published=dt.date(2023, 5, 9),
        url="https://sahelwire.example/2023/05/ansongo", source="Sahel Wire")
    clash = items[1]
    assert isinstance(clash, Article)
    assert clash.published == dt.date(2023, 11, 22)  # the outlet's date, not UTC's 21 November
    assert clash.text.splitlines()[0].startswith("Paragraph 1: troops and rebels exchanged fire")
    assert len(clash.text.splitlines()) == 5 and "Share this article" not in clash.text
    assert items[2:4] == [
        Failure(f"{path} entry 3 (https://sahelwire.example/gallery)",
                "entry has no text (no content and no summary)"),
        Failure(f"{path} entry 4", "entry has neither a link nor an id"),
    ]
    assert items[4] == Article(
        id="https://sahelwire.example/undated", text="Police arrested 30 people after the riot in Kankan.",
        title="Undated", published=dt.date(2023, 12, 1), url="https://sahelwire.example/undated",
        source="Sahel Wire")
    assert len(items) == 5


def test_atom_entries_are_read_with_their_published_date(tmp_path: Path) -> None:
    path = tmp_path / "lrt.atom"
    path.write_text(ATOM, encoding="utf-8")

    first, second = read_inputs([str(path)])

    assert first == Article(
        id="https://lakeregion.example/kisumu",
        text="Police fired tear gas and arrested 23 traders on Wednesday.",
        title="Police fire tear gas at Kisumu traders", published=dt.date(2024, 3, 14),
        url="https://lakeregion.example/kisumu", source="Lake Region Times")
    assert second == Article(id="urn:lrt:2", text="Traders held a sit-in outside the county assembly.",
                             title="Text summary", published=dt.date(2024, 3, 13),
                             source="Lake Region Times")


def test_xml_that_is_not_a_feed_and_a_broken_feed_are_failures(tmp_path: Path) -> None:
    (tmp_path / "config.xml").write_text('<?xml version="1.0"?><settings><a>1</a></settings>')
    (tmp_path / "broken.rss").write_text('<?xml version="1.0"?><rss><channel><title>X</tit')

    items = list(read_inputs([str(tmp_path / "config.xml"), str(tmp_path / "broken.rss")]))

    assert items[0] == Failure(str(tmp_path / "config.xml"), "not an RSS or Atom feed")
    assert items[1].source == str(tmp_path / "broken.rss")
    assert isinstance(items[1], Failure) and items[1].reason.startswith("not a readable feed: ")


def test_a_feed_with_an_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "feed.php"
    path.write_text(ATOM, encoding="utf-8")

    assert [item.id for item in read_inputs([str(path)])] == [  # type: ignore[union-attr]
        "https://lakeregion.example/kisumu", "urn:lrt:2"]


@pytest.fixture
def local_server(tmp_path: Path) -> Iterator[str]:
    """An HTTP server on localhost serving ``tmp_path``; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_feed_url_is_fetched_and_read(tmp_path: Path, local_server: str) -> None:
    (tmp_path / "feed.atom").write_text(ATOM, encoding="utf-8")

    items = list(read_inputs([f"{local_server}/feed.atom"]))

    assert [item.id for item in items] == ["https://lakeregion.example/kisumu", "urn:lrt:2"]  # type: ignore[union-attr]


def test_a_page_url_is_one_article(tmp_path: Path, local_server: str) -> None:
    (tmp_path / "story.html").write_text(
        "<html><head><title>Riot in Kankan</title></head><body><nav>Home | Africa</nav><article>"
        "<p>Youths burned tyres and threw stones at police in Kankan on Monday, witnesses said.</p>"
        "</article></body></html>", encoding="utf-8")
    url = f"{local_server}/story.html"

    [article] = read_inputs([url], published=dt.date(2023, 9, 12))

    assert article == Article(
        id=url, text="Youths burned tyres and threw stones at police in Kankan on Monday, witnesses said.",
        title="Riot in Kankan", published=dt.date(2023, 9, 12), url=url)


def test_network_errors_are_one_failure_naming_the_url(local_server: str) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/feed.rss"
    missing = f"{local_server}/missing.rss"

    items = list(read_inputs([closed, missing], fetch_timeout=5))

    assert items[0].source == closed and items[0].reason.startswith("cannot fetch: ")  # type: ignore[union-attr]
    assert items[1] == Failure(missing, "cannot fetch: HTTP 404 File not found")


# A feed's root tag after a long prolog (issue 10): files by name, sniffed files, stdin, URLs.

ATOM_BODY = ATOM.split("\n", 1)[1]  # from the root tag on
PROLOGS = {
    "comment": '<?xml version="1.0"?>\n<!-- ' + "Licence: all rights reserved. " * 300 + "-->\n",
    "whitespace": '<?xml version="1.0"?>' + "\n" * 4_500,
    "instructions": '<?xml version="1.0"?>\n' + '<?xml-stylesheet href="feed.xsl" type="text/xsl"?>\n' * 200,
    "doctype": '<?xml version="1.0"?>\n<!DOCTYPE feed [\n<!-- "quoted" ]> -->\n'
               + "".join(f'<!ENTITY e{n} "entity {n}">\n' for n in range(300)) + "]>\n",
}
ATOM_IDS = ["https://lakeregion.example/kisumu", "urn:lrt:2"]


@pytest.mark.parametrize("prolog", PROLOGS)
def test_a_feed_whose_root_comes_after_a_long_prolog_is_read(tmp_path: Path, local_server: str, prolog: str) -> None:
    data = (PROLOGS[prolog] + ATOM_BODY).encode()
    assert data.index(b"<feed") > 4096
    for name in ("feed.atom", "feed.php"):  # by its name, and sniffed
        (tmp_path / name).write_bytes(data)
    sources = [str(tmp_path / "feed.atom"), str(tmp_path / "feed.php"), "-", f"{local_server}/feed.php"]

    items = list(read_inputs(sources, stdin=io.BytesIO(data)))

    assert [item.id for item in items] == ATOM_IDS * 4  # type: ignore[union-attr]


def test_the_root_tag_is_looked_for_only_so_far(tmp_path: Path) -> None:
    path = tmp_path / "far.rss"
    path.write_text("<!-- " + "x" * 70_000 + " -->" + ATOM_BODY)

    assert list(read_inputs([str(path)])) == [Failure(str(path), "not an RSS or Atom feed")]


def test_a_page_after_a_long_comment_is_still_a_page() -> None:
    page = ("<!-- " + "build 42; " * 1000 + "-->\n<!DOCTYPE html><html><head><title>Kankan</title></head>"
            "<body><article><p>Rioters set fire "
            "to the electricity company's office in Kankan on Monday, witnesses said.</p></article></body></html>")

    [article] = read_inputs(["-"], stdin=io.BytesIO(page.encode()))

    assert isinstance(article, Article) and article.text.startswith("Rioters set fire")


def entity_feed(doctype: str, description: str) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [{doctype}]>\n<rss version="2.0"><channel><title>Wire</title>'
            f"<item><link>https://wire.example/1</link><description>{description}</description></item>"
            "</channel></rss>")


def test_entities_a_feed_declares_are_read(tmp_path: Path) -> None:
    path = tmp_path / "entities.rss"
    path.write_text(entity_feed('\n<!ENTITY nbsp "&#160;">\n<!ENTITY town "Ansongo">\n',
                                "Three soldiers were killed near&nbsp;&town; on Monday."))

    [article] = read_inputs([str(path)])

    assert isinstance(article, Article) and article.text == "Three soldiers were killed near Ansongo on Monday."


@pytest.mark.parametrize(("doctype", "description", "reason"), [
    # 50 times the input, under expat's own limit of 100: 1.2 MB became 60 MB of text in memory
    # (feedparser drops entity declarations that reference others, but only on lines of their own).
    ('<!ENTITY a "' + "lol " * 25 + '"><!ENTITY b "&a;&a;">', "&b;" * 300_000,
     "refused: its entities expand to more than the feed size limit of 50 MB (an entity bomb?)"),
    ('<!ENTITY % p "<!ENTITY a \'x\'>"> %p;', "&a;", "refused: the DOCTYPE uses parameter entities, which are refused"),
    ('<!ENTITY a "&b;"><!ENTITY b "&a;">', "&a;", "refused: the entity 'a' refers to itself"),
])
def test_entities_that_could_expand_without_bound_are_refused(
    tmp_path: Path, doctype: str, description: str, reason: str
) -> None:
    path = tmp_path / "bomb.rss"
    path.write_text(entity_feed(doctype, description))

    assert list(read_inputs([str(path)])) == [Failure(str(path), reason)]


# Hostile servers (issue 10): a body compressed unasked, a gzip bomb, a body sent a byte at a time.

Route = tuple[dict[str, str], Iterable[bytes]]


@pytest.fixture
def scripted_server() -> Iterator[tuple[str, dict[str, Route]]]:
    """An HTTP server on localhost that answers each path with the headers and body pieces set
    in the dict it yields, beside its base URL."""
    routes: dict[str, Route] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers, pieces = routes[self.path]
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                for piece in pieces:
                    self.wfile.write(piece)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the reader gave up, as it should

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()


def gzipped(data: bytes) -> bytes:
    compressor = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def test_a_body_compressed_unasked_is_decompressed(scripted_server: tuple[str, dict[str, Route]]) -> None:
    base, routes = scripted_server
    routes["/feed"] = ({"Content-Type": "application/atom+xml", "Content-Encoding": "gzip"}, [gzipped(ATOM.encode())])

    assert [item.id for item in read_inputs([f"{base}/feed"])] == ATOM_IDS  # type: ignore[union-attr]


def test_a_body_that_is_a_gzip_bomb_is_refused_and_the_next_source_read(
    scripted_server: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    base, routes = scripted_server
    zeros = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = b"".join(zeros.compress(b"\0" * (1 << 20)) for _ in range(200)) + zeros.flush()
    routes["/bomb"] = ({"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}, [bomb])
    (tmp_path / "next.atom").write_text(ATOM)

    items = list(read_inputs([f"{base}/bomb", str(tmp_path / "next.atom")]))

    assert items[0] == Failure(f"{base}/bomb", "more than 50 MB, the download size limit")
    assert [item.id for item in items[1:]] == ATOM_IDS  # type: ignore[union-attr]


def test_a_body_sent_a_byte_at_a_time_is_given_up(scripted_server: tuple[str, dict[str, Route]]) -> None:
    base, routes = scripted_server

    def drip() -> Iterator[bytes]:
        for byte in ATOM.encode()[:250]:  # 5 s in all, never more than 0.02 s between bytes
            time.sleep(0.02)
            yield bytes([byte])

    routes["/slow"] = ({"Content-Type": "application/atom+xml"}, drip())

    started = time.monotonic()
    items = list(read_inputs([f"{base}/slow"], fetch_timeout=0.1))

    assert items == [Failure(f"{base}/slow",
                             "cannot fetch: the download took more than 1 s (10 times the fetch timeout)")]
    assert time.monotonic() - started < 3
