"""Who is who: actors from named entities and source phrases, merged across mentions, with
roles and organisations, and speakers resolved (pronouns, "the spokesman", capitals)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claimmap.attribution.countries import load_countries
from claimmap.attribution.cues import Lexicon, load_lexicon
from claimmap.attribution.referents import (
    DESCRIPTION_ROLES,
    DISTINCT_ORG_TYPES,
    MEDIA_NAMES,
    MEDIA_NOUNS,
    ORG_DESCRIPTIONS,
    acronym_of,
    corpus_key,
    gender_of_word,
    is_thing,
    is_title_or_event,
    known_alias,
    merged_entities,
    org_key,
    same_given_name,
    surname_of,
)
from claimmap.attribution.roles import (
    clean_name,
    employer_of,
    inner_title,
    person_details,
    title_of,
)
from claimmap.attribution.rules import doc_text, sentence_of
from claimmap.attribution.shapes import PLATFORMS
from claimmap.text import drop_zero_width
from claimmap.types import Actor, ActorKind, TextSpan, make_id

ENTITY_KINDS: dict[str, ActorKind] = {"PERSON": "person", "ORG": "organisation",
                                      "GPE": "country", "NORP": "group"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_PRONOUNS = {"they", "them", "it", "we"}
DEFINITE = {"the", "this", "these", "those", "its", "their", "our", "his", "her"}


@dataclass
class ActorDraft:
    key: str
    name: str
    kind: ActorKind
    role: str | None = None
    organisation: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    first: int = 0
    gender: str | None = None  # "f" / "m" when the text gives it away

    def add(self, start: int, end: int) -> None:
        if (start, end) not in self.mentions:
            self.mentions.append((start, end))


def _latest(entries: list[tuple[int, str]], before: int) -> Iterator[tuple[int, str]]:
    """(offset, key) entries before ``before``, latest first; ``entries`` is kept sorted."""
    for k in range(bisect.bisect_left(entries, (before, "")) - 1, -1, -1):
        yield entries[k]


class ActorIndex:
    """Actors of one document, built in text order so pronouns find their antecedents."""

    def __init__(self, doc: Doc, lexicon: Lexicon | None = None) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.lexicon = lexicon or load_lexicon()
        self.actors: dict[str, ActorDraft] = {}
        self.surnames: dict[str, str] = {}
        # Surnames the NER tags as a person somewhere in the text: the small model often
        # calls the same name an organisation or a place elsewhere ("Brandt", "Dag Lunde").
        self.person_surnames: set[str] = set()
        # (char offset, actor key) of speakers and entity mentions, for pronoun resolution.
        self.timeline: list[tuple[int, str]] = []
        self.speakers: list[tuple[int, str]] = []
        self.countries = load_countries()
        self.entities = merged_entities(doc)

    # --- entities --------------------------------------------------------------------

    def add_entities(self, excluded: list[tuple[int, int]]) -> None:
        for ent in self.entities:
            if ent.label_ != "PERSON":
                continue
            # ``ent.text`` is this slice, but joins the entity's tokens on every call.
            written = self.text[ent.start_char:ent.end_char]
            if any(c.isupper() for c in written) and clean_name(written):
                self.person_surnames.add(clean_name(written).split()[-1].lower())
        for ent in self.entities:
            if ent.label_ not in ENTITY_KINDS:
                continue
            if any(s <= ent.start_char < e for s, e in excluded):
                continue
            if _stage_direction(self.text, ent.start_char, ent.end_char):
                continue
            self.actor_for_entity(ent)

    def actor_for_entity(self, ent: Span) -> ActorDraft | None:
        kind = ENTITY_KINDS[ent.label_]
        name = clean_name(self.text[ent.start_char:ent.end_char])  # ``ent.text``
        if not name or not any(ch.isalpha() for ch in name):
            return None
        if kind == "person" and not any(ch.isupper() for ch in name):
            return None  # the small model tags words like "café" as people; names are capitalised
        if is_thing(ent) or is_title_or_event(ent):
            return None  # a ship, a pet, "Syrian President" before a name, a war
        lowered = name.lower()
        as_speaker = ent.root.dep_ in ("nsubj", "nsubjpass", "pobj") and ent.root.head.pos_ in (
            "VERB", "ADP")
        if kind in ("country", "organisation", "group"):
            country = self.countries.country(name, as_speaker=as_speaker or (
                ent.label_ == "GPE" and self._country_named(name))) or \
                self.lexicon.country_aliases.get(lowered)
            if kind == "group" and country is None and self.countries.demonym(name):
                # "Russian officials", "American": an adjective is no actor; "Russians" are.
                if ent.root.dep_ in ("amod", "compound", "poss") or not name.endswith("s"):
                    return None
            elif country:
                kind, name = "country", country
        words = name.split()
        if kind in ("organisation", "country") and len(words) >= 2 and \
                words[0].lower().rstrip(".") in self.lexicon.role_nouns and \
                all(w[:1].isupper() for w in words):
            kind = "person"  # "Captain Ilse Hale" tagged as an organisation
        in_role_apposition = ent.root.dep_ == "appos" and ent.root.head.lower_ in \
            self.lexicon.role_nouns
        if kind != "person" and len(words) <= 3 and (words[-1].lower() in self.person_surnames
                                                      or in_role_apposition) \
                and all(w[:1].isupper() for w in words) and not any(
                    w.lower() in self.lexicon.org_heads for w in words) \
                and lowered not in self.lexicon.country_aliases:
            kind = "person"
        org_noun = ent.root.head.lower_ if ent.root.dep_ in ("appos", "compound") and \
            ent.root.head.i < ent.start else ""
        if kind == "person" and (org_noun in ORG_DESCRIPTIONS or org_noun in
                                 self.lexicon.org_heads):
            kind = "organisation"  # "the software company Brightwave", "the union SATH"
        if kind == "person" and len(words) >= 2 and words[-1].lower() in MEDIA_NAMES:
            kind = "organisation"  # "the Varna Herald", "the Morning Ledger"
        known = next((a for a in self.actors.values() if a.kind in ("person", "organisation")
                      and kind in ("person", "organisation") and a.name.lower() == lowered),
                     None)
        if known is not None and known.kind != kind:
            kind = known.kind  # one actor, whatever kind the NER gave this mention
        if kind == "person":
            role = None
            while len(words) > 1 and words[0].lower().rstrip(".") in self.lexicon.role_nouns:
                role = words[0].lower().rstrip(".")  # "Councillor Ivo Brandt": a title
                words = words[1:]
            employer = None
            inner = inner_title(words, self.lexicon.role_nouns)
            if inner is not None:
                # "Tom & Jerry chief Ana Ruiz" tagged as one person: employer, title, name.
                employer, role, words = inner
            name = " ".join(words)
            key = self._person_key(name)
            actor = self._get(key, name, "person", ent.start_char)
            if len(name) > len(actor.name):
                actor.name = name
            role_found, org = person_details(self.doc, self.lexicon, ent)
            if role_found and not actor.role:
                actor.role = role_found
            if org and not actor.organisation:
                actor.organisation = org
            if role and not actor.role:
                actor.role = role
            if employer and not actor.organisation:
                actor.organisation = employer
        elif kind == "organisation":
            existing = self._by_acronym(name)
            if existing is None and lowered in self.lexicon.org_heads:
                # "the Ministry" after "the Ministry of Defense": the same organisation.
                existing = self._by_org_head(lowered, ent.start_char)
            key = org_key(name)
            if existing is None:
                existing = self._org_by_words(key)
            actor = existing or self._get(f"organisation:{key}", name, kind, ent.start_char)
            if existing is not None and lowered not in self.lexicon.org_heads and len(
                    name) > len(existing.name):
                existing.name = name  # the fullest name is the canonical one
        else:
            key = f"{kind}:{lowered}" if kind != "country" else f"country:{name.lower()}"
            actor = self._get(key, name, kind, ent.start_char)
        actor.add(ent.start_char, ent.end_char)
        bisect.insort(self.timeline, (ent.start_char, actor.key))
        if actor.kind == "person" and actor.gender is None:
            # "Mrs Holm", "Her father, Samuel Brooks", "Samuel Brooks, her father,".
            near = list(self.doc[max(0, ent.start - 1):ent.start]) + [
                t for t in (ent.root.head,) if ent.root.dep_ == "appos"] + [
                c for c in ent.root.children if c.dep_ == "appos"]
            actor.gender = next((g for t in near if (g := gender_of_word(t.text))), None)
        return actor

    def _country_named(self, capital: str) -> bool:
        """Is the country of this capital named in the article? Then "Washington" is the
        United States wherever it stands."""
        country = self.countries.country(capital, as_speaker=True)
        return country is not None and any(
            self.countries.country(e.text) == country for e in self.entities
            if e.label_ in ("GPE", "NORP", "ORG"))

    def _person_key(self, name: str) -> str:
        """One key per person: "Talia Brooks" and her father "Samuel Brooks" are two; a bare
        "Brooks" is the first of them the text named (the story's subject)."""
        words = name.split()
        surname = surname_of(name)
        key = self.surnames.get(surname)
        if key is None:
            key = f"person:{surname}"
            self.surnames[surname] = key
            return key
        if len(words) == 1:
            return key
        for candidate in [key] + [k for k in self.actors if k.startswith(f"person:{surname}|")]:
            known = self.actors.get(candidate)
            if known is None or len(known.name.split()) == 1 or same_given_name(known.name, name):
                return candidate
        return f"person:{surname}|{' '.join(words[:-1]).lower()}"

    def _by_acronym(self, name: str) -> ActorDraft | None:
        """"SDF" after "Syrian Democratic Forces" (or before it): one organisation."""
        for actor in self.actors.values():
            if actor.kind == "organisation" and (acronym_of(actor.name) == name
                                                 or acronym_of(name) == actor.name
                                                 or known_alias(name) == actor.name
                                                 or known_alias(actor.name) == name):
                return actor
        return None

    def _org_by_words(self, key: str) -> ActorDraft | None:
        """An organisation already known under a fuller or shorter name ("Port Authority"
        and "Veldmark Port Authority")."""
        words = set(key.split())
        if len(words) < 2:
            return None
        for actor in self.actors.values():
            if actor.kind != "organisation":
                continue
            other = set(org_key(actor.name).split())
            if len(other) >= 2 and (words <= other or other <= words):
                return actor
        return None

    def _get(self, key: str, name: str, kind: ActorKind, first: int) -> ActorDraft:
        if key not in self.actors:
            self.actors[key] = ActorDraft(key=key, name=name, kind=kind, first=first)
        return self.actors[key]

    # --- speakers --------------------------------------------------------------------

    def resolve_source(self, head: Token, span: tuple[int, int]) -> ActorDraft | None:
        """The actor a source phrase refers to, creating one for new descriptions."""
        doc = self.doc
        start, end = span
        lowered = head.lower_
        if lowered in ("who", "that", "which") and head.head.dep_ == "relcl":
            # "captain Jens Holm, who accused ...": the relative pronoun is its antecedent.
            antecedent = head.head.head
            while antecedent.dep_ == "appos" and antecedent.head.i < antecedent.i:
                antecedent = antecedent.head  # "Tomas Breck, a clerk who told ...": Breck
            actor = self.resolve_source(antecedent, (antecedent.left_edge.idx,
                                                     antecedent.idx + len(antecedent.text)))
            if actor is not None:
                actor.add(head.idx, head.idx + len(head.text))
            return actor
        ents = [e for e in self.entities if start <= e.start_char and e.end_char <= end
                and e.label_ in ENTITY_KINDS]
        persons = [e for e in ents if e.label_ == "PERSON" and any(c.isupper() for c in e.text)]
        pronoun = lowered in PERSON_PRONOUNS | GROUP_PRONOUNS
        description = clean_name(self.text[head.left_edge.idx:head.idx + len(head.text)])
        if lowered in self.lexicon.vague_heads and not pronoun:
            return self._described(clean_name(self.text[start:end]) if end - start < 40
                                   else description, "vague", head)
        if head.pos_ == "PRON" or pronoun:
            gender = gender_of_word(lowered)
            actor = self._antecedent(start, person=lowered in PERSON_PRONOUNS, gender=gender)
            if actor:
                actor.add(head.idx, head.idx + len(head.text))
                bisect.insort(self.timeline, (head.idx, actor.key))
                if actor.kind == "person" and actor.gender is None:
                    actor.gender = gender
            return actor
        head_ent = next((e for e in ents if e.start <= head.i < e.end), None)
        if head_ent is None:
            # "the Ministry's spokesman Igor Konashenkov": the name hangs off the role noun.
            attached = [c for c in head.children if c.dep_ in ("appos", "compound", "npadvmod")]
            head_ent = next((e for e in persons for c in attached if e.start <= c.i < e.end),
                            None)
            if head_ent is None and (lowered in self.lexicon.role_nouns or lowered in
                                     ORG_DESCRIPTIONS or lowered in self.lexicon.org_heads):
                # "The city's ethics officer, Dag Lunde", "Parents' group Keep Dunmere
                # Learning": the name in apposition is who it is.
                # "The city's ethics officer, Dag Lunde": a role noun with a name in apposition.
                head_ent = next((e for e in ents for c in attached
                                 if c.dep_ == "appos" and e.start <= c.i < e.end), None)
        if head_ent is not None:
            return self.actor_for_entity(head_ent)
        ents = [e for e in ents if e.root.head == head and e.root.dep_ in ("compound", "amod",
                                                                              "poss")]
        phrase_lower = self.text[start:end].lower()
        marked = any(m in phrase_lower for m in self.lexicon.anonymous_markers if " " in m)
        if lowered in self.lexicon.anonymous_heads or (marked and not ents):
            return self._titled(self._described(description, "anonymous", head), head, ents)
        # "the mine's owners", "the company's directors": a definite plural is a group we
        # could name; a bare one ("residents", "insiders") is vague.
        definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE)
                       for c in head.children)
        if lowered in self.lexicon.vague_heads or (head.tag_ == "NNS" and not ents
                                                    and lowered not in self.lexicon.org_heads
                                                    and not definite):
            return self._described(description, "vague", head)
        if lowered in self.lexicon.role_nouns or lowered in DESCRIPTION_ROLES:
            actor = self._by_role(DESCRIPTION_ROLES.get(lowered, lowered), start)
            if actor:
                actor.add(head.left_edge.idx, head.idx + len(head.text))
                bisect.insort(self.timeline, (head.idx, actor.key))
                return actor
            return self._titled(self._described(description, "anonymous", head), head, ents)
        if lowered in ORG_DESCRIPTIONS and not ents and self._bare_description(head):
            # "the carrier", "the paper", "the group": the organisation the text is about.
            actor = self._by_org_head(lowered, start) or self._recent_org(
                start, media=lowered in MEDIA_NOUNS, noun=lowered)
            if actor is not None:
                actor.add(head.left_edge.idx, head.idx + len(head.text))
                bisect.insort(self.timeline, (head.idx, actor.key))
                return actor
        if lowered in self.lexicon.org_heads or ents:
            actor = self._by_org_head(lowered, start) if self._bare_description(head) \
                else None
            if actor is None and ents:
                actor = self.actor_for_entity(ents[0])
            if actor is None:
                actor = self._described(description, "organisation", head)
            else:
                actor.add(head.left_edge.idx, head.idx + len(head.text))
            return actor
        country = self.countries.country(self.text[head.left_edge.idx:head.idx + len(
            head.text)], as_speaker=True) or self.lexicon.capitals.get(lowered) or \
            self.lexicon.country_aliases.get(lowered)
        if country:
            actor = self._get(f"country:{country.lower()}", country, "country", head.idx)
            actor.add(head.idx, head.idx + len(head.text))
            return actor
        if head.pos_ == "PROPN":
            # "Lunde said" after "Dag Lunde": a bare surname the NER did not tag.
            for actor in self.actors.values():
                if actor.kind in ("person", "organisation") and \
                        actor.name.split()[-1].lower() == lowered:
                    actor.add(head.idx, head.idx + len(head.text))
                    bisect.insort(self.timeline, (head.idx, actor.key))
                    return actor
        words = clean_name(doc_text(doc)[start:end]).split()
        inner = inner_title(words, self.lexicon.role_nouns) if head.pos_ == "PROPN" else None
        employer, role = (inner[0], inner[1]) if inner else (None, None)
        if inner is not None:
            words = inner[2]  # "Tom & Jerry chief Ana Ruiz": the name after the title
        if head.pos_ == "PROPN" and 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words):
            # An untagged name with its title ("Commissioner Ana Holt"): a person.
            while len(words) > 2 and words[0].lower().rstrip(".") in self.lexicon.role_nouns:
                role, words = words[0].lower().rstrip("."), words[1:]
            name = " ".join(words)
            key = self.surnames.setdefault(words[-1].lower(), f"person:{words[-1].lower()}")
            actor = self._get(key, name, "person", start)
            actor.role = actor.role or role
            actor.organisation = actor.organisation or employer
            actor.add(start, end)
            bisect.insort(self.timeline, (start, key))
            return actor
        return self._described(description, "group" if head.tag_ == "NNS" else "person", head)

    def _titled(self, actor: ActorDraft, head: Token, ents: Sequence[Span]) -> ActorDraft:
        """An unnamed speaker with the title and employer its phrase gives ("Microsoft's
        spokeswoman", "a spokesman for the ministry", "the chief of Tom & Jerry"), so users
        can count who speaks for whom without a name."""
        if actor.kind == "anonymous":
            actor.role = actor.role or title_of(head, self.lexicon.role_nouns)
            actor.organisation = actor.organisation or employer_of(head, ents)
        return actor

    def _described(self, description: str, kind: ActorKind, head: Token) -> ActorDraft:
        key = f"{kind}:{description.lower()}"
        named = next((a for a in self.actors.values() if a.kind in ("person", "organisation")
                      and a.name.lower() == description.lower()), None)
        if named is not None and kind in ("person", "organisation"):
            key = named.key  # a mention the NER missed of an entity it found elsewhere
        actor = self._get(key, description or head.text, kind, head.idx)
        actor.add(head.left_edge.idx, head.idx + len(head.text))
        bisect.insort(self.timeline, (head.idx, key))
        return actor

    def _antecedent(self, before: int, person: bool,
                    gender: str | None = None) -> ActorDraft | None:
        """The latest actor of the pronoun's kind (and gender, where both are known)
        before it; a speaker of the last two sentences or so beats a mere mention."""
        def fits(actor: ActorDraft) -> bool:
            if person:
                return actor.kind == "person" and (
                    gender is None or actor.gender is None or actor.gender == gender)
            return actor.kind in ("organisation", "country", "group")

        latest = next(((offset, self.actors[key]) for offset, key in
                       _latest(self.timeline, before) if fits(self.actors[key])
                       and (person or not self._modifier_at(offset))), None)
        mentioned = latest[1] if latest else None
        if latest is not None and self._same_sentence(latest[0], before):
            return mentioned  # "Brooks won 14 titles, she told reporters"
        spoke = next(((offset, self.actors[key]) for offset, key in _latest(self.speakers,
                                                                            before)
                      if fits(self.actors[key])), None)
        if spoke is not None and mentioned is not None and spoke[1] is not mentioned and \
                before - spoke[0] < 250 and person:
            return spoke[1]
        return mentioned

    def _modifier_at(self, offset: int) -> bool:
        """"a former U.S. senator": a mention that only modifies another noun is not what
        a later "it" stands for."""
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None:
            return False
        token = span[0]
        while token.dep_ == "compound" and token.head.i > token.i and \
                token.head.pos_ == "PROPN" and token.head.ent_iob_ == "I":
            token = token.head  # inside the name itself ("New York")
        return token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i and \
            token.head.pos_ == "NOUN"

    def _same_sentence(self, a: int, b: int) -> bool:
        span = self.doc.char_span(a, a + 1, alignment_mode="expand")
        return span is not None and b < sentence_of(self.doc, span.start).end_char

    def _bare_description(self, head: Token) -> bool:
        """"the company", "its union": nothing but a determiner or possessive pronoun that
        would tell it from the organisation named before ("the foreign ministry" would)."""
        return all(c.dep_ in ("det", "poss", "punct", "case", "advmod") and (
            c.dep_ != "poss" or c.pos_ == "PRON") for c in head.children if c.i < head.i)

    def _recent_org(self, before: int, media: bool, noun: str) -> ActorDraft | None:
        for offset, key in _latest(self.timeline, before):
            actor = self.actors[key]
            if before - offset >= 1200:
                return None
            if actor.kind != "organisation":
                continue
            kinds = {w.lower().strip("'’") for w in actor.name.split()} & DISTINCT_ORG_TYPES
            if kinds and noun not in kinds and noun not in ("group", "organisation",
                                                            "organization"):
                continue  # "the company" is not "the miners' union" named just before
            is_media = any(w.lower() in MEDIA_NAMES for w in actor.name.split())
            if media != is_media or actor.name.lower() in PLATFORMS:
                continue  # "the company" is not the paper that reports on it, nor Telegram
            return actor
        return None

    def _by_role(self, role: str, before: int) -> ActorDraft | None:
        for _, key in _latest(self.timeline, before):
            actor = self.actors[key]
            if actor.role and role in actor.role:
                return actor
        return None

    def _by_org_head(self, head: str, before: int) -> ActorDraft | None:
        for _, key in _latest(self.timeline, before):
            actor = self.actors[key]
            if actor.kind == "organisation" and head in actor.name.lower():
                return actor
        return None

    def note_speaker(self, actor: ActorDraft, offset: int) -> None:
        bisect.insort(self.timeline, (offset, actor.key))
        bisect.insort(self.speakers, (offset, actor.key))

    # --- output ----------------------------------------------------------------------

    def records(self, article_id: str = "") -> tuple[tuple[Actor, ...], dict[str, str]]:
        """Actors in order of first mention, and a map from draft key to actor id."""
        text = self.text
        ids: dict[str, str] = {}
        out: list[Actor] = []
        for actor in sorted(self.actors.values(), key=lambda a: a.first):
            if actor.organisation and actor.organisation.lower() in self.lexicon.org_heads:
                # "the authority's spokeswoman": name the organisation in full when known.
                full = self._by_org_head(actor.organisation.lower(), len(text))
                if full is not None:
                    actor.organisation = full.name
            actor_id = make_id("actor", article_id, actor.key)
            ids[actor.key] = actor_id
            mentions = tuple(TextSpan.of(text, s, e) for s, e in sorted(set(actor.mentions)))
            # The name drops zero-width characters (shown, they would only confuse); the
            # mentions keep the text as written, so their offsets hold.
            out.append(Actor(id=actor_id, name=drop_zero_width(actor.name), kind=actor.kind,
                             role=actor.role,
                             organisation=actor.organisation and drop_zero_width(
                                 actor.organisation), mentions=mentions,
                             key=corpus_key(actor.kind, actor.name)))
        return tuple(out), ids


# Transcripts' notes: "(CROSSTALK.)", "[LAUGHTER]". An acronym in brackets ("(SDF)") is
# a name, so only these words count.
STAGE_WORDS = {"CROSSTALK", "CROSS-TALK", "LAUGHTER", "LAUGHS", "APPLAUSE", "INAUDIBLE",
               "UNINTELLIGIBLE", "BOOING", "BOOS", "CHEERS", "CHEERING", "SILENCE", "PAUSE",
               "MUSIC", "OFF-MIKE", "OFF MIKE", "COMMERCIAL BREAK", "VIDEO CLIP",
               "BEGIN VIDEO CLIP", "END VIDEO CLIP", "AUDIO CLIP", "SOUNDBITE", "SOUND BITE"}


def _stage_direction(text: str, start: int, end: int) -> bool:
    """A transcript's note alone in brackets ("(CROSSTALK.)") names no one."""
    written = text[start:end]
    if written.rstrip(".") not in STAGE_WORDS:
        return False
    before = text[max(0, start - 3):start].rstrip("\"“ ")
    after = text[end:end + 4].lstrip(".!? ")
    return before.endswith(("(", "[")) and after.startswith((")", "]"))
