"""Actor resolution on our own fictional sentences, through the whole attribution stage."""

from __future__ import annotations

import pytest

import claimmap
from claimmap.settings import Options

pytestmark = pytest.mark.slow
ONLY_ATTRIBUTION = Options(claims=False, rhetoric=False, stance=False, disputes=False)


def speakers(text: str) -> list[tuple[str | None, str]]:
    cm = claimmap.analyze(text, options=ONLY_ATTRIBUTION)
    out = []
    for quote in cm.quotes:
        actor = cm.actor(quote.speaker.actor_id)
        out.append((actor.name if actor else None, quote.content.text))
    return out


def test_actors_one_person_whatever_the_ner_calls_the_name(nlp: object) -> None:
    text = ("Councillor Ivo Brandt accused the transport director of steering the contract. "
            "Brandt said the documents proved it.\n\nThe city's ethics officer, Dag Lunde, "
            "later contradicted Brandt, saying the contract had been tendered properly. "
            "\"Nothing was hidden,\" Lunde said.")
    cm = claimmap.analyze(text, options=ONLY_ATTRIBUTION)
    people = {a.name: a for a in cm.actors if a.kind == "person"}
    assert set(people) == {"Ivo Brandt", "Dag Lunde"}
    assert people["Ivo Brandt"].role == "councillor"
    assert people["Dag Lunde"].role == "ethics officer"
    said = {name for name, _ in speakers(text)}
    assert said == {"Ivo Brandt", "Dag Lunde"}


def test_actors_relative_pronoun_and_pronoun_sources(nlp: object) -> None:
    text = ("\"There were far more people on board than allowed,\" said coast guard captain "
            "Jens Holm, who accused the ferry's owner of overloading the vessel. He added "
            "that the inquiry would start on Monday.")
    found = speakers(text)
    assert all(name == "Jens Holm" for name, _ in found) and len(found) == 3


def test_actors_figure_put_at_is_an_estimate(nlp: object) -> None:
    cm = claimmap.analyze("The canal trust put the figure at 20 homes.",
                          options=ONLY_ATTRIBUTION)
    [quote] = cm.quotes
    assert quote.cue_class == "estimate" and quote.content.text == "the figure at 20 homes"


def test_actors_two_speakers_in_one_sentence_stay_apart(nlp: object) -> None:
    found = speakers("The union said 5,000 students joined the occupation, while the "
                     "university said roughly 600 students took part.")
    assert any("5,000" in content and "600" not in content for _, content in found)
    assert any("roughly 600" in content for _, content in found)


def test_actors_signed_quote_after_a_dash_and_a_colon_introduction(nlp: object) -> None:
    text = ("The council met on Monday to discuss the harbour fees.\n\n"
            "“We will not back down on the fees this year.” — Commissioner Ana Holt\n\n"
            "And from Chairwoman Rita Sand: “The fishers deserve a fair hearing first.”")
    cm = claimmap.analyze(text, options=ONLY_ATTRIBUTION)
    by_speaker = {cm.actor(q.speaker.actor_id).name: q for q in cm.quotes
                  if cm.actor(q.speaker.actor_id) is not None}
    assert by_speaker["Ana Holt"].kind == "direct"
    assert "back down" in by_speaker["Ana Holt"].content.text
    assert "fair hearing" in by_speaker["Rita Sand"].content.text
    roles = {a.name: a.role for a in cm.actors}
    assert roles["Ana Holt"] == "commissioner" and roles["Rita Sand"] == "chairwoman"


def test_actors_quote_after_a_sentence_naming_its_speaker(nlp: object) -> None:
    found = speakers("Alice Moran turned to the board members after the vote. "
                     "“We are out of time and out of money.”")
    assert found == [("Alice Moran", "“We are out of time and out of money.”")]


def test_actors_definite_plural_is_a_group_and_doubled_forms_are_cues(nlp: object) -> None:
    cm = claimmap.analyze("The mine's owners admitted that safety checks had been skipped.",
                          options=ONLY_ATTRIBUTION)
    [quote] = cm.quotes
    actor = cm.actor(quote.speaker.actor_id)
    assert quote.cue_class == "say" and quote.score >= 0.5
    assert actor is not None and actor.kind == "group"
    bare = claimmap.analyze("Residents complained that the water tasted of metal.",
                            options=ONLY_ATTRIBUTION)
    assert [a.kind for a in bare.actors] == ["vague"]


def test_actors_her_office_speaks_for_her(nlp: object) -> None:
    text = ("Mayor Dana Ruzic denied the claim on Monday. Ruzic faces a re-election campaign "
            "next spring. Her office said she would publish her diary for January. The prime "
            "minister's office said it had no comment.")
    found = speakers(text)
    assert ("Dana Ruzic", "she would publish her diary for January") in found
    # A named owner's office is the office, not a person guessed from it.
    assert not any(name == "Dana Ruzic" and "no comment" in content for name, content in found)


def test_actors_vox_pop_sign_off_with_a_quotation_dash(nlp: object) -> None:
    # Reader quotes signed with U+2015, no-break spaces and a trailing full stop.
    text = ("The harbour vote filled our mailbag this week.\n\n"
            "“The fees will drive every small boat out of this town.”\xa0― Lena Ostrova\xa0\n"
            "“Nobody asked the people who fish here.”― Tomas Breck.\n\nPhoto: Harbour Desk.")
    assert speakers(text) == [
        ("Lena Ostrova", "“The fees will drive every small boat out of this town.”"),
        ("Tomas Breck", "“Nobody asked the people who fish here.”")]


def test_actors_a_day_after_the_cue_is_no_speaker(nlp: object) -> None:
    found = speakers("The water was rising fast, said Monday the harbour master.")
    assert all(name != "Monday" for name, _ in found)


def test_actors_relative_pronoun_mention_resolves_past_the_apposition(nlp: object) -> None:
    cm = claimmap.analyze("Tomas Breck, a clerk at the harbour office who told his colleagues "
                          "never to open the files, resigned on Friday.",
                          options=ONLY_ATTRIBUTION)
    [quote] = cm.quotes
    assert quote.speaker.mention is not None and quote.speaker.mention.text == "who"
    assert cm.actor(quote.speaker.actor_id).name == "Tomas Breck"


def test_actors_it_speaks_for_an_organisation_but_not_for_seem(nlp: object) -> None:
    found = speakers("The Harbour Gazette, the city's oldest paper, ran a long editorial on "
                     "Sunday. Meanwhile, it attacked the mayor, saying he had misled the "
                     "council.")
    assert ("Harbour Gazette", "he had misled the council") in found
    # A country that only modifies a noun ("a former U.S. senator") is not what "it" is.
    found = speakers("The Harbour Gazette, the city's oldest paper, ran a long editorial on "
                     "Sunday. It praised a former U.S. senator for her work on the pier. "
                     "Meanwhile, it attacked the mayor, saying he had misled the council.")
    assert ("Harbour Gazette", "he had misled the council") in found
    cm = claimmap.analyze("It seems that the pier will close.", options=ONLY_ATTRIBUTION)
    assert all(q.speaker.mention is None for q in cm.quotes)


def test_actors_speaker_before_a_party_label_and_after_said(nlp: object) -> None:
    found = speakers("The vote is close.\n\n\"She would be a fine mayor. Not good, great. One "
                     "of the sharpest minds on the council,\" Rep. Dora Lind (D-Ore.) said in "
                     "a phone interview.\n\nThe plan would make the code more complicated. "
                     "Said Ellis: “I do not think she cares about the harbour at all.”")
    assert any(name == "Dora Lind" and "fine mayor" in content for name, content in found)
    assert any(name == "Ellis" and "harbour at all" in content for name, content in found)


def test_actors_has_asked_is_the_subject_asking(nlp: object) -> None:
    found = speakers("The mayor's campaign has asked the moderator to check every figure "
                     "during the debate.")
    assert found and found[0][0] is not None and "campaign" in found[0][0]
