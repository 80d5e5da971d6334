"""Countries by any name news gives them: "U.S", "U.S.", "the US", "United States",
"America" and, as a speaker, "Washington" are one country. The table
(``data/countries.json``) is built from the countryinfo package by
training/build_countries.py (see MODELS.md)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Countries:
    names: dict[str, str]  # lower-cased name or alias -> canonical name
    capitals: dict[str, str]  # lower-cased capital -> canonical country name
    demonyms: dict[str, str]  # lower-cased demonym -> canonical country name

    def country(self, name: str, *, as_speaker: bool = False) -> str | None:
        """The canonical country a name refers to; capitals only as a speaker."""
        lowered = normalise(name)
        found = self.names.get(lowered)
        if found is None and as_speaker:
            found = self.capitals.get(lowered)
        return found

    def demonym(self, word: str) -> str | None:
        return self.demonyms.get(normalise(word))


def normalise(name: str) -> str:
    lowered = " ".join(name.lower().split()).strip(" ,;:'’\"")
    for article in ("the ",):
        if lowered.startswith(article):
            lowered = lowered[len(article):]
    return lowered


def country_key(name: str) -> str:
    """The key a country keeps across articles."""
    return "country:" + "-".join(name.lower().split())


@functools.lru_cache(maxsize=1)
def load_countries() -> Countries:
    raw = json.loads(resources.files("claimmap.attribution").joinpath(
        "data/countries.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for entry in raw["countries"]:
        name = entry["name"]
        for alias in [name, *entry["aliases"]]:
            names.setdefault(normalise(alias), name)
            names.setdefault(normalise(alias).replace(".", ""), name)
        capital = entry.get("capital")
        if capital:
            capitals.setdefault(normalise(capital), name)
            capitals.setdefault(normalise(capital.split(" ")[0]), name)
        for demonym in entry["demonyms"]:
            demonyms.setdefault(normalise(demonym), name)
    # Speakers that are seats of government rather than capitals ("the Kremlin said").
    for alias, name in list(names.items()):
        if alias in ("washington", "london", "beijing", "damascus", "seoul", "pyongyang",
                     "tehran", "taipei"):
            capitals.setdefault(alias, name)
            del names[alias]
    return Countries(names, capitals, demonyms)
