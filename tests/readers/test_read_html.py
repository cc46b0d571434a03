"""HTML pages: boilerplate out, paragraphs on their own lines, title and date from the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventcoder.errors import InputError
from eventcoder.models import Article, Failure
from eventcoder.readers import article_from_html, read_inputs
from eventcoder.readers.html import decode_html, html_to_text

BOILERPLATE = (
    "Connect with us", "Share on Facebook", "Share on Twitter", "Share this article", "cookies",
    "Accept all", "Home", "Sport", "Most read", "All rights reserved", "Privacy", "Advertisement",
    "Follow us", "Sign up", "Read more",
)

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>Police fire tear gas at Kisumu traders | Lake Region Times</title>
<meta property="og:title" content="Police fire tear gas at Kisumu traders">
<meta property="article:published_time" content="2024-03-14T08:15:00+03:00">
<link rel="canonical" href="https://lakeregion.example/news/kisumu-traders">
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Police fire tear gas at Kisumu traders</h1>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<p>Police in Kisumu fired tear gas and arrested 23 people on Wednesday as market traders marched on the
county offices to protest against a new levy.</p>
<div class="ad"><span>Advertisement</span></div>
<p>“We were only singing,” said a vegetable seller at Kibuye market, who called the levy unaffordable.</p>
<p>Two traders were treated at a clinic for breathing difficulties, a café owner nearby said.</p>
<aside><h3>Read more</h3><ul><li><a href="/a">Fuel prices rise again</a></li></ul></aside>
<div class="share"><span>Share this article</span></div>
</article>
<section class="newsletter"><h2>Connect with us</h2><p>Follow us on Twitter and Facebook.</p>
<form><input type="email"><button>Sign up</button></form></section>
<section><h2>Most read</h2><ol><li><a href="/b">Cup final tickets sold out in hours</a></li></ol></section>
</main>
<footer><a href="/privacy">Privacy policy</a><p>© 2024 Lake Region Times. All rights reserved.</p></footer>
</body></html>"""


def test_boilerplate_is_removed_and_paragraphs_keep_their_own_lines(tmp_path: Path) -> None:
    path = tmp_path / "kisumu.html"
    path.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")

    [article] = read_inputs([str(path)])

    assert isinstance(article, Article)
    assert article.text.splitlines()[1:] == [
        "Police in Kisumu fired tear gas and arrested 23 people on Wednesday as market traders marched on "
        "the county offices to protest against a new levy.",
        "“We were only singing,” said a vegetable seller at Kibuye market, who called the levy unaffordable.",
        "Two traders were treated at a clinic for breathing difficulties, a café owner nearby said.",
    ]
    for line in BOILERPLATE:
        assert line not in article.text
    assert article.title == "Police fire tear gas at Kisumu traders"
    assert article.published == dt.date(2024, 3, 14)
    assert article.url == "https://lakeregion.example/news/kisumu-traders"
    assert article.id == str(path)


def test_a_page_in_a_declared_legacy_charset_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    path.write_bytes(PAGE.format(charset="windows-1252").encode("cp1252"))

    [article] = read_inputs([str(path)])

    assert isinstance(article, Article)
    assert "“We were only singing,”" in article.text and "café" in article.text


def test_an_undeclared_legacy_charset_is_guessed() -> None:
    data = PAGE.replace('<meta charset="{charset}">', "").encode("cp1252")

    assert "a café owner nearby said" in decode_html(data, source="x")


@pytest.mark.parametrize("declared", ["no-such-charset", "utf\x00-8", ""])
def test_a_charset_label_that_names_no_codec_is_ignored(declared: str) -> None:
    assert decode_html("café".encode(), source="x", declared=declared) == "café"


def test_the_callers_date_title_and_url_win_over_the_pages() -> None:
    article = article_from_html(PAGE.format(charset="utf-8"), id="k1", url="https://mirror.example/k1",
                                published="2024-03-15", title="Traders tear-gassed", source="Wire")

    assert (article.published, article.title, article.url, article.source) == (
        dt.date(2024, 3, 15), "Traders tear-gassed", "https://mirror.example/k1", "Wire")


def test_the_sidecar_wins_over_the_page_and_the_page_over_the_default(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE.format(charset="utf-8"))
    (tmp_path / "b.html").write_text(PAGE.format(charset="utf-8"))
    (tmp_path / "b.meta.json").write_text('{"published": "2024-03-13", "source": "Lake Region Times"}')

    a, b = read_inputs([str(tmp_path / "a.html"), str(tmp_path / "b.html")], published=dt.date(2000, 1, 1))

    assert isinstance(a, Article) and a.published == dt.date(2024, 3, 14)
    assert isinstance(b, Article) and (b.published, b.source) == (dt.date(2024, 3, 13), "Lake Region Times")


@pytest.mark.parametrize("html", [
    "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></body></html>",
    "<html><head><script>render()</script></head><body><div id='app'></div></body></html>",
    "<html><body><div class='cookie'>We use cookies. Accept all</div>"
    "<footer>© 2024 Times</footer></body></html>",
])
def test_html_with_no_article_is_a_failure(tmp_path: Path, html: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(html)

    assert list(read_inputs([str(path)])) == [Failure(str(path), "no article text found in the HTML")]
    with pytest.raises(InputError, match="no article text found in the HTML"):
        article_from_html(html, id="x")


def test_an_unparseable_date_from_the_caller_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        article_from_html(PAGE, id="k1", published="mid-March")

    assert str(caught.value) == (
        "k1: unparseable published date 'mid-March' (expected YYYY-MM-DD or an ISO datetime)")


def test_html_to_text_puts_blocks_on_lines_and_drops_scripts() -> None:
    fragment = ("<p>Gunmen <b>abducted</b> 31 people.</p><script>x()</script>"
                "<ul><li>Kajuru</li><li>Kaduna  state</li></ul>Tail<br>end")

    assert html_to_text(fragment) == "Gunmen abducted 31 people.\nKajuru\nKaduna state\nTail\nend"
    assert html_to_text("plain words, no tags") == "plain words, no tags"
    assert html_to_text("   ") == ""


NESTED_PARAGRAPHS = (
    "Three Malian soldiers were killed and five wounded on Monday when a roadside bomb hit a convoy.",
    "No group has claimed responsibility for the blast near the town of Ansongo.",
)
BEFORE = "Police arrested twenty protesters in the capital on Tuesday, officials said."
AFTER = "The army said two more soldiers were wounded and taken to hospital in Gao."


def nested_page(depth: int) -> str:
    inner = "".join(f"<p>{text}</p>" for text in NESTED_PARAGRAPHS)
    return (f"<html><head><title>Blast</title></head><body><p>{BEFORE}</p>"
            f"{'<div>' * depth}{inner}{'</div>' * depth}<p>{AFTER}</p></body></html>")


@pytest.mark.parametrize("depth", [300, 2000])
def test_a_page_nested_deeper_than_the_parser_reads_keeps_all_its_text(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "nested.html"
    path.write_text(nested_page(depth))

    [article] = read_inputs([str(path)])

    # libxml2 alone stops at 256 levels and drops the rest: here all but the first paragraph.
    assert isinstance(article, Article)
    assert article.text.splitlines() == [BEFORE, *NESTED_PARAGRAPHS, AFTER]


def test_a_page_nested_past_what_the_parser_reads_is_a_failure_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text(nested_page(100_000))

    assert list(read_inputs([str(path)])) == [Failure(str(path), (
        "the page nests elements more than 2048 deep, past what the HTML parser reads; "
        "its text would be cut short"))]


def test_a_fragment_nested_too_deep_is_an_input_error_and_deep_ones_keep_their_text() -> None:
    assert html_to_text("<div>" * 1000 + "<p>Deep text.</p>" + "</div>" * 1000 + "Tail") == "Deep text.\nTail"
    with pytest.raises(InputError) as caught:
        html_to_text("<div>" * 3000 + "Deep text.", source="feed.rss entry 1")

    assert caught.value.source == "feed.rss entry 1"
    assert caught.value.reason.startswith("the page nests elements more than 2048 deep")
