"""One actor per real entity, with a key that holds across articles (fictional texts)."""

from __future__ import annotations

import pytest
from spacy.language import Language

import claimmap
from claimmap.attribution.countries import country_key, load_countries
from claimmap.settings import Options
from claimmap.types import ClaimMap

pytestmark = pytest.mark.slow
ONLY_ATTRIBUTION = Options(claims=False, rhetoric=False, stance=False, disputes=False)


def _map(nlp: Language, text: str) -> ClaimMap:
    return claimmap.analyze(text, options=ONLY_ATTRIBUTION, nlp=nlp)


def test_countries_table_names_aliases_capitals_and_demonyms() -> None:
    countries = load_countries()
    for name in ("U.S", "U.S.", "United States", "the US", "USA", "America"):
        assert countries.country(name) == "United States", name
    assert countries.country("Washington") is None  # a capital only as a speaker
    assert countries.country("Washington", as_speaker=True) == "United States"
    assert countries.country("Kyiv", as_speaker=True) == "Ukraine"
    assert countries.demonym("Russian") == "Russia"
    assert country_key("United States") == "country:united-states"


def test_actors_one_country_by_every_name(nlp: Language) -> None:
    cm = _map(nlp, "The U.S. said the talks would resume. Washington said on Friday that "
                   "the US would send a delegation. United States officials declined to "
                   "comment, and the U.S had no further statement.")
    countries = [a for a in cm.actors if a.kind == "country"]
    assert [(a.name, a.key) for a in countries] == [("United States", "country:united-states")]


def test_actors_same_surname_two_people_and_bare_surname_is_the_first(nlp: Language) -> None:
    cm = _map(nlp, "Talia Brooks, the tennis player, retired on Wednesday. Her father, "
                   "Samuel Brooks, said the decision had been months in the making. Brooks "
                   "won 14 titles, she told reporters.")
    people = {a.name: a for a in cm.actors if a.kind == "person"}
    assert {"Talia Brooks", "Samuel Brooks"} <= set(people)
    assert people["Talia Brooks"].key != people["Samuel Brooks"].key
    told = next(q for q in cm.quotes if "14 titles" in q.content.text)
    assert cm.actor(told.speaker.actor_id) == people["Talia Brooks"]


def test_actors_assad_by_both_names_is_one_person(nlp: Language) -> None:
    cm = _map(nlp, "Bashar al-Assad ordered the release of 300 prisoners, state television "
                   "said. Assad signed the decree on Saturday, the broadcaster said.")
    assads = [a for a in cm.actors if "Assad" in a.name]
    assert len(assads) == 1 and assads[0].kind == "person"


def test_actors_fragments_merge_and_adjectives_are_no_actors(nlp: Language) -> None:
    cm = _map(nlp, "Russian officials said the Islamic State group had lost its last town. "
                   "American diplomats agreed. Russians said they were relieved.")
    names = {a.name for a in cm.actors}
    assert "Islamic" not in names and "State" not in names
    assert "Russian" not in names and "American" not in names
    assert any(a.name == "Russians" and a.kind == "group" for a in cm.actors)


def test_actors_things_never_speak_and_pronouns_agree(nlp: Language) -> None:
    cm = _map(nlp, "The freighter Marlin Star lost power off the coast. Its captain, Piotr "
                   "Nowak, praised the tug crew. She had drifted for hours, he said.")
    assert all("Marlin" not in a.name for a in cm.actors)
    quote = next(q for q in cm.quotes if "drifted" in q.content.text)
    speaker = cm.actor(quote.speaker.actor_id)
    assert speaker is not None and speaker.name == "Piotr Nowak"


def test_actors_description_noun_is_the_organisation_named_before(nlp: Language) -> None:
    cm = _map(nlp, "Norrvik Lines has run the route since 2009. The carrier said on Sunday "
                   "that replacement sailings would start on Monday.")
    quote = next(q for q in cm.quotes if "replacement sailings" in q.content.text)
    speaker = cm.actor(quote.speaker.actor_id)
    assert speaker is not None and speaker.name == "Norrvik Lines"


def test_actors_nested_report_keeps_inner_speaker_and_records_via(nlp: Language) -> None:
    cm = _map(nlp, "The Varna Herald reported on Thursday that the city's mayor, Dana Ruzic, "
                   "denied approving the sale of the old tram depot.")
    inner = next(q for q in cm.quotes if q.content.text.startswith("approving the sale"))
    speaker, via = cm.actor(inner.speaker.actor_id), cm.actor(inner.via)
    assert speaker is not None and speaker.name == "Dana Ruzic"
    assert via is not None and via.name == "Varna Herald"


@pytest.mark.parametrize("hidden", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
                                    "\u00ad", "\u202e", "\u2066"])
def test_actors_corpus_key_ignores_invisible_characters(hidden: str) -> None:
    from claimmap.attribution.referents import corpus_key

    for kind, name in (("person", "Mara Hale"), ("organisation", "Veldmark Port Authority"),
                       ("country", "Norway")):
        assert corpus_key(kind, name.replace("a", "a" + hidden, 1)) == corpus_key(kind, name)


def test_actors_invisible_characters_one_actor_across_articles(nlp: Language) -> None:
    plain = _map(nlp, '"The dam is sound," said Mara Hale, the port director.')
    hidden_text = '"The dam is sound," said Mara Ha\u200ble, the port director.'
    hidden = _map(nlp, hidden_text)
    hale = next(a for a in plain.actors if a.kind == "person")
    other = next(a for a in hidden.actors if a.kind == "person")
    assert other.key == hale.key
    assert other.name == "Mara Hale"
    # The text, and so every offset into it, is as given.
    assert hidden.article.text == hidden_text
    assert all(hidden_text[m.start:m.end] == m.text for m in other.mentions)


def test_actors_invisible_characters_one_actor_in_an_article(nlp: Language) -> None:
    cm = _map(nlp, '"The dam is sound," said Mara Ha\u200ble, the port director. '
                   '"We will check it again in May," Mara Hale added.')
    people = [a for a in cm.actors if a.kind == "person"]
    assert [a.name for a in people] == ["Mara Hale"]
    assert len(people[0].mentions) == 2


@pytest.mark.parametrize("text", ['"Sales are up," Tom & Jerry\'s chief said.',
                                  "Tom & Jerry's chief said on Tuesday that sales were up.",
                                  'Tom & Jerry Inc. reported. "Sales are up," Tom & Jerry\'s '
                                  "chief said."])
def test_actors_possessor_with_ampersand_speaker_is_the_role_noun(nlp: Language,
                                                                  text: str) -> None:
    # "X & Y's chief": the chief speaks, not the organisation X & Y.
    cm = _map(nlp, text)
    speakers = {cm.actor(q.speaker.actor_id) for q in cm.quotes}
    assert speakers and all(a is not None and a.kind != "organisation"
                            and a.name.endswith("chief") for a in speakers)


@pytest.mark.parametrize(("text", "name", "role", "organisation"), [
    ("Tom & Jerry chief Ana Ruiz said sales were up.", "Ana Ruiz", "chief", "Tom & Jerry"),
    ("Microsoft chief executive Satya Nadella said the deal would close in May.",
     "Satya Nadella", "chief executive", "Microsoft"),
    ("Microsoft's spokeswoman said the deal would close.", None, "spokeswoman", "Microsoft"),
    ("The chief of Tom & Jerry said sales were up.", None, "chief", "Tom & Jerry"),
    ("A spokesman for the Port Authority, who asked not to be named, said the pier would "
     "reopen in June.", None, "spokesman", "Port Authority"),
])
def test_actors_title_and_employer_of_the_speaker(nlp: Language, text: str, name: str | None,
                                                  role: str, organisation: str) -> None:
    # A named speaker keeps only the name; an unnamed one keeps its phrase as the name. Both
    # carry the title and the employer, so "who speaks for whom" can be counted.
    cm = _map(nlp, text)
    speaker = cm.actor(cm.quotes[0].speaker.actor_id)
    assert speaker is not None
    assert speaker.kind == ("person" if name else "anonymous")
    if name:
        assert speaker.name == name
    assert (speaker.role, speaker.organisation) == (role, organisation)


def test_actors_capitalised_middle_name_is_not_a_title(nlp: Language) -> None:
    cm = _map(nlp, "Michael Dean Smith said the pier would reopen.")
    speaker = cm.actor(cm.quotes[0].speaker.actor_id)
    assert speaker is not None and speaker.name == "Michael Dean Smith"
    assert speaker.role is None and speaker.organisation is None
