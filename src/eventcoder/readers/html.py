"""HTML pages: the article's text without the page around it, its title and its date.

trafilatura removes the boilerplate (navigation, cookie banners, share buttons, footers) and
keeps each paragraph on a line of its own; htmldate, through trafilatura, finds the
publication date in the page. Nothing here touches the network: htmldate would download a
string that looks like a URL, but trafilatura hands it the parsed tree, never our string.

libxml2, which parses for both, stops at 256 levels of nesting and drops the rest of the page
without an error, so a page that nests deeper is first flattened (``_shallow``); past the
2048 levels that even its "huge" mode reads, the page is refused, saying so.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import lxml.etree
import lxml.html
import trafilatura
from charset_normalizer.md import mess_ratio

from ..errors import InputError
from ..models import Article
from ..safetext import replaced_warning, safe_text
from .files import read_article_file
from .meta import parse_published, read_sidecar

logger = logging.getLogger(__name__)

# A page whose main text is shorter is a navigation page, an error page or a cookie wall, not
# an article: the shortest wire brief is a sentence of a dozen words.
MIN_ARTICLE_WORDS = 8
# original_date: the date the article was first published, not its last update.
# extensive_search: also look at the page's text and URL; both are local, nothing is fetched.
DATE_SEARCH = {"original_date": True, "extensive_search": True}

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do the pages' authors.
WINDOWS_1252_ALIASES = {"iso-8859-1", "latin-1", "latin1", "ascii", "us-ascii"}
# How much of an undeclared page to judge, and charset-normalizer's "mess" above which a
# decoding is garbled (an English page in windows-1252 scores 0, Russian read as it 2).
SAMPLE_CHARS = 65_536
GARBLED = 0.1
WHITESPACE = re.compile(r"\s+")  # a line break inside a paragraph's source is a space
# Block elements: their text starts on a new line in the plain-text fallback.
BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
))
# Nesting: what libxml2 reads by default and in huge mode, and the depth below which a page
# too deep is unwrapped. Text blocks are kept there, so paragraphs stay paragraphs.
PARSER_DEPTH = 256
HUGE_DEPTH = 2048
FLAT_DEPTH = 200
TEXT_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td", "th")
_IS_TEXT_BLOCK = " or ".join(f"self::{tag}" for tag in TEXT_BLOCKS)
_HAS_TEXT_BLOCK = " or ".join(f".//{tag}" for tag in TEXT_BLOCKS)
UNWRAPPED = f"//*[count(ancestor::*) >= {FLAT_DEPTH}][not({_IS_TEXT_BLOCK}) or {_HAS_TEXT_BLOCK}]"


@dataclass(frozen=True, slots=True)
class Page:
    """What trafilatura found in a page."""

    text: str
    title: str | None
    published: dt.date | None
    url: str | None


def extract_page(html: str, *, source: str, url: str | None = None) -> Page | None:
    """The main text of ``html`` (paragraphs on separate lines), with its title, publication
    date and canonical URL; None when the page holds no article text. Raises InputError
    naming ``source`` for a page nested too deep to read.

    favor_precision: a stray menu or cookie notice in the text can become a false event, which
    costs more than a lost paragraph; on a page with no article it also yields nothing rather
    than the menu."""
    try:
        document = trafilatura.bare_extraction(
            _shallow(html, source=source),
            url=url,
            favor_precision=True,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params=dict(DATE_SEARCH),
        )
    except (lxml.etree.LxmlError, ValueError) as error:  # trafilatura catches most; not all
        logger.debug("trafilatura failed on %s: %s", url, error)
        return None
    if document is None or isinstance(document, dict) or not document.text:
        return None
    if len(document.text.split()) < MIN_ARTICLE_WORDS:
        return None
    published = None
    if document.date:
        try:
            published = dt.date.fromisoformat(document.date[:10])
        except ValueError:
            logger.debug("htmldate gave an unusable date %r for %s", document.date, url)
    return Page(text=document.text, title=document.title or None, published=published, url=document.url)


def article_from_html(
    html: str,
    *,
    id: str,
    url: str | None = None,
    published: dt.date | str | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Article:
    """The article in an HTML page. ``published``, ``title`` and ``url`` given here win over
    what the page says; without them the page's own are used. Raises InputError naming ``id``
    when the page holds no article text or ``published`` cannot be parsed."""
    if isinstance(published, str):
        published = parse_published(published, source=id)
    # The parser stops at a lone surrogate and drops the rest of the page: replace them first.
    html, replaced = safe_text(html)
    page = extract_page(html, source=id, url=url)
    if page is None:
        raise InputError(id, "no article text found in the HTML")
    return Article(
        id=id,
        text=page.text,
        title=title or page.title,
        published=published or page.published,
        url=url or page.url,
        source=source,
        warnings=(replaced_warning("html", replaced),) if replaced else (),
    )


def decode_html(data: bytes, *, source: str, declared: str | None = None) -> str:
    """The markup in ``data``, decoded by (in order) its BOM, the charset the server
    ``declared``, its ``<meta charset>``, UTF-8, and charset-normalizer's best guess.
    Guessing is fine here, unlike for text files: pages routinely mislabel themselves, and
    trafilatura rebuilds the text from the markup anyway. Raises InputError naming ``source``."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    match = META_CHARSET.search(data[:8192])
    for label in (declared, match[1].decode("ascii") if match else None):
        if labelled := _codec(label):
            return data.decode(labelled, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Undeclared and not UTF-8. Browsers then read windows-1252 (WHATWG Encoding), the legacy
    # encoding of English-language news. charset-normalizer ranks its guesses by how garbled
    # they look, which a handful of accented letters does not move (it reads such a page as
    # Baltic cp775), so it is asked only when windows-1252 reads as garbled.
    western = data.decode("cp1252", errors="replace")
    if mess_ratio(western[:SAMPLE_CHARS], 1.0) < GARBLED:
        return western
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(source, "cannot tell the character encoding of the HTML")
    return str(best)


def read_html_file(path: Path, *, name: str, limit: int) -> Article:
    """The article in an HTML file; ``name`` (the path as given) is its id. An ``X.meta.json``
    beside it wins over the page's own metadata. Raises InputError."""
    html = decode_html(read_article_file(path, name=name, limit=limit), source=name)
    meta = read_sidecar(path)
    return article_from_html(
        html, id=name, url=meta.url, published=meta.published, title=meta.title, source=meta.source
    )


def html_to_text(fragment: str, *, source: str = "HTML") -> str:
    """Plain text from a fragment of HTML (a feed entry's summary): block elements on lines of
    their own, whitespace collapsed, scripts and styles dropped. For snippets too short for
    trafilatura, which is tuned for whole pages. Raises InputError naming ``source`` for a
    fragment nested too deep to read."""
    if not fragment.strip():
        return ""
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div", parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return " ".join(fragment.split())
    if _hit_depth_limit(parser):
        raise InputError(source, _too_deep(HUGE_DEPTH))
    for element in root.xpath("//script|//style"):
        element.drop_tree()
    parts: list[str] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        is_block = isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS
        if event == "start":
            if is_block:
                parts.append("\n")
            if element.text and isinstance(element.tag, str):
                parts.append(WHITESPACE.sub(" ", element.text))
        else:
            if is_block:
                parts.append("\n")
            if element.tail and element is not root:
                parts.append(WHITESPACE.sub(" ", element.tail))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _shallow(html: str, *, source: str) -> str:
    """``html`` as it is, or, when it nests deeper than libxml2 reads by default, with the
    elements below FLAT_DEPTH unwrapped (their text kept, their text blocks too). One more
    parse of every page: a few milliseconds against trafilatura's tens."""
    data = html.encode("utf-8", "surrogatepass")
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return html  # trafilatura says what it makes of it
    if not _hit_depth_limit(parser):
        return html
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    tree = lxml.html.document_fromstring(data, parser=parser)
    if _hit_depth_limit(parser):
        raise InputError(source, _too_deep(HUGE_DEPTH))
    for element in tree.xpath(UNWRAPPED):
        element.drop_tag()
    logger.info("%s nests elements more than %d deep; read flattened below %d", source, PARSER_DEPTH, FLAT_DEPTH)
    return str(lxml.html.tostring(tree, encoding="unicode"))


def _hit_depth_limit(parser: lxml.etree.HTMLParser) -> bool:
    return any(error.type == lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT and "depth" in error.message
               for error in parser.error_log)


def _too_deep(depth: int) -> str:
    return (f"the page nests elements more than {depth} deep, past what the HTML parser reads; "
            "its text would be cut short")


def charset_of(content_type: str | None) -> str | None:
    """The charset an HTTP Content-Type header names (``text/html; charset=utf-8``), or None."""
    charset = (content_type or "").partition("charset=")[2].split(";")[0].strip(" \"'")
    return charset or None


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None for a missing or unknown label."""
    if not label:
        return None
    label = label.strip().lower()
    if label in WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):  # ValueError: a NUL in a server's label
        return None

