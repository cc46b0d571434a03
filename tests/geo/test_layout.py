"""Article layout: headline, dateline, lead paragraph, quotations, sentences about another time."""

from __future__ import annotations

import pytest

from eventcoder.geo.layout import read_layout
from eventcoder.rules.lexicon import Lexicon


def layout_of(nlp, text: str):
    doc = nlp(text)
    return doc, read_layout(doc, Lexicon().places)


@pytest.mark.parametrize(
    ("opening", "places", "agency"),
    [
        ("DHAKA (Reuters) - Police opened fire on farmers protesting in the north.", "DHAKA", "(Reuters)"),
        ("KYIV, Ukraine (AP) — Russian missiles struck an apartment building overnight.", "KYIV, Ukraine", "(AP)"),
        (
            "MAIDUGURI, Nigeria, March 3 (Reuters) - Insurgents killed 12 villagers overnight.",
            "MAIDUGURI, Nigeria",
            "(Reuters)",
        ),
        ("Mogadishu, Somalia (AP) — Somali troops recaptured a town from the militants.", "Mogadishu, Somalia", "(AP)"),
        ("MEXICO CITY — Gunmen ambushed a police patrol in the western state of Michoacan.", "MEXICO CITY", None),
        ("PESHAWAR: A suicide bomber blew himself up at a police checkpoint on Monday.", "PESHAWAR", None),
        ("Kabul, 3 March (AFP) - Gunmen shot dead two aid workers in the capital on Tuesday.", "Kabul", "(AFP)"),
        (
            "KHARTOUM/CAIRO (Reuters) - Shelling killed at least 15 civilians in El Fasher.",
            "KHARTOUM/CAIRO",
            "(Reuters)",
        ),
    ],
)
def test_datelines(nlp, opening, places, agency):
    text = "Headline without a full stop\n\n" + opening + " Witnesses said the attackers fled.\n"
    _doc, layout = layout_of(nlp, text)
    assert layout.dateline is not None
    assert text[slice(*layout.dateline)] == places
    assert (text[slice(*layout.agency)] if layout.agency else None) == agency


@pytest.mark.parametrize(
    "opening",
    [
        "Police - who had been deployed overnight - fired tear gas at the crowd in the town centre.",
        "Police: the crowd had gathered outside the governor's office before dawn on Monday.",
        "On 2 May 2020, protesters blocked the main road in Hasbaya with burning tyres.",
    ],
)
def test_no_dateline(nlp, opening):
    _doc, layout = layout_of(nlp, opening)
    assert layout.dateline is None and layout.agency is None


def test_headline_lead_and_furniture(nlp):
    text = (
        "Advertisement\n\nGunmen kill five in western town\n\nShare this article\n\n"
        "Gunmen killed five people in the town of Aguililla on Tuesday, officials said.\n\n"
        "Last year, 13 officers were killed in a similar ambush near Coalcoman.\n"
    )
    doc, layout = layout_of(nlp, text)
    sentences = [s.text.strip() for s in doc.sents]
    lead = [sentences[n] for n in sorted(layout.lead)]
    assert lead == ["Gunmen killed five people in the town of Aguililla on Tuesday, officials said."]
    assert any("Gunmen kill five" in sentences[n] for n in layout.headline)
    assert [sentences[n] for n in layout.background] == [sentences[-1]]


def test_a_note_is_one_lead_paragraph(nlp):
    text = "On 2 May 2020, militants attacked a checkpoint in Anbar province. In 2019, the same group attacked it."
    doc, layout = layout_of(nlp, text)
    assert layout.headline == frozenset() and layout.lead == frozenset(range(len(list(doc.sents))))
    assert layout.background == frozenset()  # background is read outside the lead only


def test_quotations(nlp):
    text = (
        "Police said the attackers fled on foot.\n"
        '"We will not let them turn this district into another Swat," Khan said.\n'
        "“They came at midnight,” said a farmer. “Then they burned the houses.\n"
        "“Nobody could stop them,” he added.\n"
    )
    _doc, layout = layout_of(nlp, text)
    assert layout.quoted(text.index("Swat")) and not layout.quoted(text.index("Khan"))
    assert layout.quoted(text.index("midnight")) and not layout.quoted(text.index("farmer"))
    assert layout.quoted(text.index("burned"))  # a quotation left open runs to the paragraph's end
    assert not layout.quoted(text.index("Police"))
