"""Build the shipped country table, src/claimmap/attribution/data/countries.json.

    pip install countryinfo==1.0.1 && python training/build_countries.py

Facts (names, common alternative spellings, demonym, capital) come from the countryinfo
package (MIT, https://github.com/porimol/countryinfo); our own additions for the names news
uses that it lacks ("the U.S.", "Britain", "the Kremlin"...) are in EXTRA below. The output is
a small JSON table read by claimmap.attribution.countries at run time; countryinfo itself is
never needed to run claimmap.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "claimmap" / "attribution" / "data" / "countries.json"

# Names news uses that countryinfo does not list, and seats of government used as a speaker.
EXTRA: dict[str, list[str]] = {
    "United States": ["U.S.", "U.S", "U.S.A.", "the US", "the U.S.", "America", "the States",
                      "Washington", "White House"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain", "London"],
    "Russia": ["Russian Federation", "the Kremlin", "Kremlin"],
    "Ukraine": ["Kiev"],
    "China": ["PRC", "People's Republic of China", "Beijing"],
    "South Korea": ["Republic of Korea", "Seoul"],
    "North Korea": ["DPRK", "Pyongyang"],
    "Iran": ["Islamic Republic of Iran", "Tehran"],
    "Syria": ["Syrian Arab Republic", "Damascus"],
    "Netherlands": ["Holland", "The Netherlands"],
    "Czech Republic": ["Czechia"],
    "Turkey": ["Türkiye", "Turkiye"],
    "Ivory Coast": ["Côte d'Ivoire"],
    "Vatican City": ["Holy See", "the Vatican", "Vatican"],
    "Taiwan": ["Taipei"],
    "Palestine": ["Palestinian territories"],
}
# Demonyms countryinfo spells differently from news usage (plural people noun first).
EXTRA_DEMONYMS: dict[str, list[str]] = {
    "United Kingdom": ["British", "Briton", "Britons"],
    "Netherlands": ["Dutch"],
    "United States": ["American", "Americans", "U.S."],
}


def main() -> None:
    from countryinfo import all_countries

    table = []
    for country in all_countries():
        info = country.info()
        name = info.get("name")
        if not name:
            continue
        # ISO codes ("GEO", "TCD") read as words in news; keep only spelled-out names.
        aliases = {a for a in (info.get("altSpellings") or []) if isinstance(a, str)
                   and len(a) > 3 and not a.isdigit()}
        aliases |= set(EXTRA.get(name, []))
        native = info.get("nativeName")
        if isinstance(native, str) and native.isascii():
            aliases.add(native)
        aliases.discard(name)
        demonyms = {info["demonym"]} if info.get("demonym") else set()
        demonyms |= set(EXTRA_DEMONYMS.get(name, []))
        capital = info.get("capital") or None
        if isinstance(capital, list):  # a few countries list several seats
            capital = capital[0] if capital else None
        table.append({"name": name, "aliases": sorted(aliases), "demonyms": sorted(demonyms),
                      "capital": capital})
    table.sort(key=lambda c: str(c["name"]))
    OUT.write_text(json.dumps({"_source": "countryinfo 1.0.1 (MIT) plus claimmap's own "
                                          "additions; built by training/build_countries.py",
                               "countries": table}, ensure_ascii=False, indent=0) + "\n",
                   encoding="utf-8")
    print(f"{len(table)} countries, {OUT.stat().st_size} bytes -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
