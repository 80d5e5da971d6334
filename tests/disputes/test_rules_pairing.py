"""What a denial or contradiction answers, on hand-built records (no spaCy).

Fictional sentences; each test builds its own text so offsets are easy to follow.
"""

from __future__ import annotations

from claimmap.disputes.rules import Context, find_disputes
from claimmap.types import Actor, Quote, Speaker, TextSpan


class Builder:
    """Quote and actor records over one text, found by their words."""

    def __init__(self, text: str) -> None:
        self.text = text

    def span(self, sub: str, start_at: int = 0) -> TextSpan:
        start = self.text.index(sub, start_at)
        return TextSpan(start, start + len(sub), sub)

    def actor(self, aid: str, name: str, *mentions: str, role: str | None = None) -> Actor:
        spans = []
        for m in mentions:
            pos = self.text.find(m)
            while pos >= 0:
                spans.append(TextSpan(pos, pos + len(m), m))
                pos = self.text.find(m, pos + 1)
        return Actor(id=aid, name=name, role=role, kind="person", mentions=tuple(spans))

    def quote(self, qid: str, cue: str, cls: str, content: str, speaker: str,
              cue_at: int = 0) -> Quote:
        return Quote(id=qid, kind="indirect", cue=self.span(cue, cue_at),
                     cue_class=cls,  # type: ignore[arg-type]
                     content=self.span(content), speaker=Speaker(speaker, None))


def _target(text: str, quotes: list[Quote], actors: list[Actor], kind: str) -> str | None:
    disputes, _ = find_disputes(Context(text, quotes, actors, [], "k"))
    found = [d for d in disputes if d.kind == kind]
    assert len(found) == 1, found
    return found[0].b


def test_rules_denial_answers_where_the_accusation_was_first_voiced() -> None:
    text = ('"The crew were never trained for night crossings," said harbour master Ida Brun, '
            "who accused the operator of cutting corners.\n\n"
            "Vestby Ferries has denied cutting corners.\n")
    b = Builder(text)
    actors = [b.actor("brun", "Ida Brun", "Ida Brun"),
              b.actor("vestby", "Vestby Ferries", "Vestby Ferries")]
    quotes = [
        b.quote("q_said", "said", "say",
                '"The crew were never trained for night crossings,"', "brun"),
        b.quote("q_acc", "accused", "accuse", "the operator of cutting corners", "brun"),
        b.quote("q_deny", "has denied", "deny", "cutting corners.", "vestby",
                text.index("Vestby")),
    ]
    # The echo of "cutting corners" points at the accusation clause, but quote and clause are
    # one statement by one speaker.
    assert _target(text, quotes, actors, "denial") == "q_said"


def test_rules_summing_up_sentence_joins_the_quote_before_it() -> None:
    text = ('"The mill poisoned the brook," said Oda Lind. She blamed the mill for the '
            "dead fish.\n\nThe mill's manager, Per Aske, rejected that.\n")
    b = Builder(text)
    actors = [b.actor("lind", "Oda Lind", "Oda Lind", "She"),
              b.actor("aske", "Per Aske", "Per Aske")]
    quotes = [
        b.quote("q_said", "said", "say", '"The mill poisoned the brook,"', "lind"),
        b.quote("q_blame", "blamed", "accuse", "the mill for the dead fish", "lind"),
        b.quote("q_deny", "rejected", "deny", "that", "aske", text.index("rejected")),
    ]
    assert _target(text, quotes, actors, "denial") == "q_said"


def test_rules_paragraph_break_keeps_statements_apart() -> None:
    text = ('"The mill poisoned the brook," said Oda Lind.\n\nShe blamed the mill for the '
            "dead fish.\n\nThe mill's manager, Per Aske, rejected that.\n")
    b = Builder(text)
    actors = [b.actor("lind", "Oda Lind", "Oda Lind", "She"),
              b.actor("aske", "Per Aske", "Per Aske")]
    quotes = [
        b.quote("q_said", "said", "say", '"The mill poisoned the brook,"', "lind"),
        b.quote("q_blame", "blamed", "accuse", "the mill for the dead fish", "lind"),
        b.quote("q_deny", "rejected", "deny", "that", "aske", text.index("rejected")),
    ]
    assert _target(text, quotes, actors, "denial") == "q_blame"


def test_rules_contradiction_resolves_an_appositive_title() -> None:
    text = ("Fisher Kai Moen accused the owner of dumping oil.\n\n"
            "The owner, Norrhavn Shipping, denied dumping oil.\n\n"
            "Norrhavn Shipping said 2 tonnes were lost.\n\n"
            "Diver Sif Alm disputed the owner's account, saying the slick was visible.\n")
    b = Builder(text)
    actors = [b.actor("moen", "Kai Moen", "Kai Moen"),
              b.actor("norr", "Norrhavn Shipping", "Norrhavn Shipping"),
              b.actor("alm", "Sif Alm", "Sif Alm")]
    quotes = [
        b.quote("q_acc", "accused", "accuse", "the owner of dumping oil", "moen"),
        b.quote("q_deny", "denied", "deny", "dumping oil.", "norr", text.index("denied")),
        b.quote("q_said", "said", "say", "2 tonnes were lost", "norr", text.index("2 tonnes") - 6),
        b.quote("q_disp", "disputed", "contradict", "the owner's account", "alm"),
    ]
    assert _target(text, quotes, actors, "contradiction") == "q_deny"
    _, accusations = find_disputes(Context(text, quotes, actors, [], "k"))
    assert accusations[0].accused == "norr"


def test_rules_organisation_account_includes_its_officers() -> None:
    text = ("Parent Lea Voss accused the school board of cutting lunches.\n\n"
            '"Nothing was cut," said board chair Tor Eng, who denied that lunches had been cut.\n\n'
            "The board said it served 900 meals a day.\n\n"
            "Cook Mia Dahl pushed back against the board's account, saying portions shrank.\n")
    b = Builder(text)
    actors = [b.actor("voss", "Lea Voss", "Lea Voss"),
              b.actor("eng", "Tor Eng", "Tor Eng", role="chair"),
              b.actor("board", "board", "The board"),
              b.actor("dahl", "Mia Dahl", "Mia Dahl")]
    quotes = [
        b.quote("q_acc", "accused", "accuse", "the school board of cutting lunches", "voss"),
        b.quote("q_q", "said", "say", '"Nothing was cut,"', "eng"),
        b.quote("q_deny", "denied", "deny", "that lunches had been cut", "eng"),
        b.quote("q_board", "said", "say", "it served 900 meals a day", "board",
                text.index("The board said")),
        b.quote("q_push", "pushed back against", "contradict", "the board's account", "dahl"),
    ]
    # What the board itself said is older news; its chair's denial is the account disputed.
    assert _target(text, quotes, actors, "contradiction") == "q_deny"


def test_rules_subject_of_a_verb_is_no_title() -> None:
    text = ("The dockers' union accused Holm Freight of ignoring the crane faults.\n\n"
            "Holm Freight rejected the union's allegations.\n\n"
            "Engineer Rune Sand disputed the union's version, saying the faults were fixed.\n")
    b = Builder(text)
    actors = [b.actor("union", "dockers' union", "The dockers' union"),
              b.actor("holm", "Holm Freight", "Holm Freight"),
              b.actor("sand", "Rune Sand", "Rune Sand")]
    quotes = [
        b.quote("q_acc", "accused", "accuse", "Holm Freight of ignoring the crane faults",
                "union"),
        b.quote("q_deny", "rejected", "deny", "the union's allegations", "holm"),
        b.quote("q_disp", "disputed", "contradict", "the union's version", "sand"),
    ]
    # "The dockers' union accused Holm Freight": the union is not Holm Freight's title, so the
    # union's version is its accusation, not Holm Freight's denial.
    assert _target(text, quotes, actors, "contradiction") == "q_acc"


def test_rules_one_dispute_per_disputing_verb() -> None:
    text = ("Councillor Ana Berg charged that the mayor had hidden the audit.\n\n"
            "The city's auditor, Nils Ek, later contradicted Berg, saying the audit was "
            "published.\n")
    b = Builder(text)
    actors = [b.actor("berg", "Ana Berg", "Ana Berg", "Berg"),
              b.actor("auditor", "city's auditor", "The city's auditor"),
              b.actor("ek", "Nils Ek", "Nils Ek"),
              b.actor("mayor", "mayor", "the mayor", role="mayor")]
    quotes = [
        b.quote("q_acc", "charged", "accuse", "that the mayor had hidden the audit", "berg"),
        # Attribution splits the subject: the verb's own quote and the participle's quote
        # come back with different speakers.
        b.quote("q_con", "later contradicted", "contradict", "Berg", "ek",
                text.index("later")),
        b.quote("q_say", "saying", "contradict", "the audit was published", "auditor"),
    ]
    disputes, accusations = find_disputes(Context(text, quotes, actors, [], "k"))
    assert [d.kind for d in disputes].count("contradiction") == 1
    # "charged" + "that the mayor had ...": the accused opens the that-clause.
    assert accusations[0].accused == "mayor"
    assert accusations[0].of.text == "had hidden the audit"


def test_rules_denial_answers_its_accuser_beyond_the_window() -> None:
    # The accusation stands in the lede; another speaker's long quotes come between it and
    # the accused's denial, further away than the pairing window.
    filler = ("The mayor spoke at length about the new ferry timetable, the winter schedule "
              "and the cost of fuel, which has risen every month since the spring. ") * 6
    text = ("Fisher Kai Moen accused Norrhavn Shipping of dumping oil in the bay.\n\n"
            f'"{filler.strip()}" said mayor Lene Dahl.\n\n'
            "Norrhavn Shipping has denied any dumping.\n")
    b = Builder(text)
    actors = [b.actor("moen", "Kai Moen", "Kai Moen"),
              b.actor("dahl", "Lene Dahl", "Lene Dahl"),
              b.actor("norrhavn", "Norrhavn Shipping", "Norrhavn Shipping")]
    quotes = [
        b.quote("q_acc", "accused", "accuse", "Norrhavn Shipping of dumping oil in the bay",
                "moen"),
        b.quote("q_mayor", "said", "say", f'"{filler.strip()}"', "dahl",
                text.index("said mayor")),
        b.quote("q_deny", "has denied", "deny", "any dumping", "norrhavn",
                text.index("has denied")),
    ]
    assert text.index("has denied") - text.index("Norrhavn Shipping of") > 700
    assert _target(text, quotes, actors, "denial") == "q_acc"
