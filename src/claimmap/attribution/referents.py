"""What a phrase can refer to: entity fragments merged back ("Islamic" + "State"), things
that are never speakers (a ship, a pet), and the gender a person's words give away."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from claimmap.attribution.countries import country_key, load_countries
from claimmap.text import drop_invisible

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC")
# Nouns that name a thing, not a speaker, when they stand before or in apposition to a name
# ("the freighter Marlin Star", "the school's cat, Biscuit").
THINGS = {"ship", "freighter", "ferry", "tanker", "vessel", "boat", "yacht", "trawler",
          "tug", "liner", "cruiser", "submarine", "plane", "aircraft", "jet",
          "cat", "dog", "horse", "pet", "puppy", "kitten", "parrot", "hurricane", "storm",
          "typhoon", "cyclone", "album", "song", "film", "book", "novel", "show", "hotel",
          "restaurant", "café", "bar", "building", "hall", "bridge", "street", "river"}
FEMALE = {"she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "miss", "madam",
          "lady", "dame", "spokeswoman", "chairwoman", "congresswoman", "businesswoman",
          "mother", "daughter", "wife", "widow", "sister", "aunt", "niece", "grandmother",
          "queen", "princess", "actress", "waitress", "policewoman", "councilwoman",
          "sportswoman", "duchess", "baroness", "girlfriend"}
MALE = {"he", "him", "his", "himself", "mr", "mr.", "sir", "lord", "spokesman", "chairman",
        "congressman", "businessman", "father", "son", "husband", "widower", "brother",
        "uncle", "nephew", "grandfather", "king", "prince", "actor", "waiter", "policeman",
        "councilman", "sportsman", "duke", "baron", "boyfriend"}


# Description nouns that stand for the organisation named before them.
ORG_DESCRIPTIONS = {"company", "carrier", "airline", "firm", "group", "union", "paper",
                    "newspaper", "broadcaster", "agency", "network", "channel", "magazine",
                    "operator", "insurer", "bank", "club", "band", "label", "fund", "charity",
                    "organisation", "organization", "clinic", "hospital", "school", "team",
                    "developer", "retailer", "lender", "airport", "university", "party",
                    "publisher", "daily", "outlet", "site", "station", "manufacturer",
                    "maker", "carmaker", "automaker", "utility"}
# Organisation types a description noun of another type never refers to.
DISTINCT_ORG_TYPES = {"union", "association", "council", "committee", "commission", "ministry",
                      "department", "agency", "authority", "court", "parliament", "police",
                      "army", "party", "university", "school", "hospital", "clinic",
                      "federation", "embassy", "government", "office", "bureau", "institute",
                      "network", "watchdog", "regulator", "inspectorate", "club", "band"}
MEDIA_NOUNS = {"paper", "newspaper", "broadcaster", "channel", "magazine", "daily", "outlet",
               "publisher", "station"}
MEDIA_NAMES = {"herald", "times", "post", "posten", "daily", "news", "courier", "gazette",
               "tribune", "journal", "ledger", "guardian", "telegraph", "observer", "express",
               "chronicle", "record", "tidende", "courant", "tv", "television", "radio",
               "press", "agency", "reuters", "bbc", "cnn", "afp", "ap", "mail", "sun", "star",
               "globe", "mirror", "independent", "standard", "review", "bulletin"}
# Description nouns for people, read as the role they name ("the retired doctor" is Dr. X).
DESCRIPTION_ROLES = {"doctor": "dr", "physician": "dr", "dr.": "dr", "dr": "dr",
                     "principal": "principal", "headteacher": "headteacher",
                     "teacher": "teacher", "coach": "coach", "nurse": "nurse",
                     "caretaker": "caretaker", "captain": "captain", "skipper": "captain"}


def gender_of_word(word: str) -> str | None:
    lowered = word.lower()
    if lowered in FEMALE:
        return "f"
    if lowered in MALE:
        return "m"
    return None


def merged_entities(doc: Doc) -> list[Span]:
    """The Doc's entities with fragments joined: two capitalised entities with nothing
    between them ("Islamic" NORP + "State" ORG), or a NORP/ORG followed by capitalised proper
    nouns the NER left out ("Islamic" + "State"), are one organisation."""
    ents = [e for e in doc.ents]
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        end = ent.end
        label = ent.label_
        j = i
        while j + 1 < len(ents) and ents[j + 1].start == end and ents[j + 1].label_ in \
                ENTITY_LABELS and ent.label_ in ENTITY_LABELS and ents[j + 1][0].is_title \
                and ent[0].is_title and not doc[end - 1].text.endswith(("'s", "’s")) \
                and doc[end].text not in ("'s", "’s") and "PERSON" not in (
                    ent.label_, ents[j + 1].label_):
            end = ents[j + 1].end
            label = "ORG"
            j += 1
        if ent.label_ == "NORP" and j == i:
            k = end
            while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].is_title and \
                    not doc[k].ent_type_:
                k += 1
            if k > end:
                end, label = k, "ORG"
        out.append(Span(doc, ent.start, end, label=label) if (end, label) != (
            ent.end, ent.label_) else ent)
        i = j + 1
    return out


def is_thing(ent: Span) -> bool:
    """"the freighter Marlin Star", "the cat, Biscuit": a named thing, never a speaker."""
    doc = ent.doc
    before = doc[max(0, ent.start - 2):ent.start]
    if any(t.lower_ in THINGS for t in before):
        return True
    root = ent.root
    return root.dep_ == "appos" and root.head.lower_ in THINGS


def same_given_name(known: str, new: str) -> bool:
    """"Dana Ruzic" and "D. Ruzic" or "Dana Ruzic" again: the same person; "Milan Ruzic" not."""
    a, b = known.lower().split()[:-1], new.lower().split()[:-1]
    if not a or not b:
        return True
    return a[0] == b[0] or a[0].rstrip(".") == b[0][:1] or b[0].rstrip(".") == a[0][:1]


_ORG_STOP = {"the", "of", "and", "for", "'s", "’s", "russian", "american", "u.s.", "us",
             "british", "chinese", "french", "german", "syrian", "iranian", "ukrainian",
             "israeli", "turkish", "national", "federal", "state"}


def org_key(name: str) -> str:
    """Word-order-free key, so "Ministry of Defense" and "Russian Defense Ministry" merge."""
    words = {w.strip(".,’'").lower() for w in name.replace("-", " ").split()}
    content = sorted(w for w in words if w and w not in _ORG_STOP)
    return " ".join(content) or name.lower()


def corpus_key(kind: str, name: str) -> str:
    """The key an actor keeps across articles: a country by its canonical name, an
    organisation by its word-order-free content words ("Russian Defense Ministry" and
    "Ministry of Defense"), anyone else by kind and folded name. Invisible characters
    (zero-width, soft hyphens, bidi controls) never count: "Ha\u200ble" is Hale."""
    name = drop_invisible(name)
    if kind == "country":
        return country_key(name)
    if kind == "organisation":
        # Across articles the nation matters ("Syrian Army" is not "Russian Army"), so a
        # demonym or country name stays in the key, as its country.
        countries = load_countries()
        words = set()
        for word in name.replace("-", " ").split():
            word = word.strip(",’'").removesuffix("’s").removesuffix("'s")
            country = countries.demonym(word) or countries.country(word)
            if country is not None:
                words.add(country_key(country).removeprefix("country:"))
            elif word.lower().strip(".") not in ("the", "of", "and", "for", ""):
                words.add(word.lower().strip("."))
        return "organisation:" + " ".join(sorted(words))
    folded = " ".join(name.replace(".", "").split()).casefold()
    if kind == "person":
        # "Bashar-al-Assad" and "Bashar al-Assad" are one key.
        folded = re.sub(r"-(al|el|ad|as|bin|ibn|abu)-", r" \1-", folded)
    return f"{kind}:{folded}"


EVENT_HEADS = {"war", "crisis", "conflict", "revolution", "election", "elections", "games",
               "cup", "summit", "festival", "championship", "championships", "olympics",
               "spring", "uprising", "pandemic", "accords", "accord", "treaty", "agreement"}
# Names one organisation goes by that no rule could derive (not initials, not a subset).
ORG_ALIASES = {"isis": "Islamic State", "isil": "Islamic State", "daesh": "Islamic State",
               "is": "Islamic State"}


def is_title_or_event(ent: Span) -> bool:
    """"Syrian President" right before "Bashar al-Assad" is a title, not an organisation;
    "Syrian Civil War" is an event."""
    if ent.label_ not in ("ORG", "NORP", "GPE"):
        return False
    last = ent[-1].lower_
    if last in EVENT_HEADS:
        return True
    doc = ent.doc
    after = ent.end + 1 if ent.end < len(doc) and doc[ent.end].text == "," else ent.end
    return after < len(doc) and doc[after].ent_type_ == "PERSON" and last in TITLE_WORDS


TITLE_WORDS = {"president", "minister", "premier", "chancellor", "king", "queen", "leader",
               "secretary", "spokesman", "spokeswoman", "general", "commander", "mayor",
               "governor", "senator", "ambassador", "chief", "director", "chairman"}


def surname_of(name: str) -> str:
    """The part a bare later mention uses: "Bashar al-Assad" and "Bashar-al-Assad" are both
    "Assad"."""
    last = name.split()[-1].lower()
    parts = [p for p in re.split(r"[-‐‑]", last) if p]
    return parts[-1] if len(parts) > 1 and parts[-2] in ARABIC_PARTICLES else last


ARABIC_PARTICLES = {"al", "el", "ad", "as", "ash", "an", "ar", "az", "bin", "ibn", "abu",
                    "abd"}


def acronym_of(name: str) -> str | None:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in (
        "of", "the", "for", "and", "de", "du", "des", "la", "le")]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def known_alias(name: str) -> str | None:
    return ORG_ALIASES.get(name.lower().strip("."))
