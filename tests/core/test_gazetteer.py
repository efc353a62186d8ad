"""The gazetteer data: sourced, versioned, and compiled into look-ups once."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.core.gazetteer import fold, gazetteer, tokens
from timeline_gui.core.resources import resource


def test_every_data_file_has_source_and_version() -> None:
    for name in ("countries.json", "places.json", "people.json", "organizations.json", "country_overrides.json"):
        data = json.loads(resource("gazetteer", name).read_text(encoding="utf-8"))
        assert data["source"] and data["version"]


def test_fold_keeps_length_and_folds_accents() -> None:
    for s in ("Çavuşoğlu", "Türkiye", "İstanbul", "Erdoğan’s"):
        assert len(fold(s)) == len(s)
    assert fold("Çavuşoğlu") == "Cavusoglu"


def test_compiled_once() -> None:
    assert gazetteer() is gazetteer()


def test_find_prefers_the_longest_name() -> None:
    g = gazetteer()
    text = "The Russian Foreign Ministry and the United States spoke."
    keys = [k for _, _, k in g.find(text)]
    assert "Russian Foreign Ministry" in keys and "United States" in keys


def test_district_towns_of_the_south_caucasus_are_places() -> None:
    g = gazetteer()
    for town, country in (("Ijevan", "Armenia"), ("Gazakh", "Azerbaijan"), ("Marneuli", "Georgia")):
        places = [e for e in g.lookup(town) if e.kind == "place"]
        assert places and places[0].country == country


def test_towns_named_like_listed_people_stay_names() -> None:
    g = gazetteer()
    assert not any(e.kind == "place" for e in g.lookup("Ararat"))


_TOKEN_CHARS = "ab_9 ,.-\n\t'\"()“”é²—ǅ٣"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_TOKEN_CHARS, max_size=40) | st.text(max_size=40))
def test_tokens_are_the_regex_split(text: str) -> None:
    """The byte-translation shortcut gives exactly the words and offsets of the ``\\W+`` split."""
    from itertools import accumulate

    parts = re.split(r"(\W+)", text)
    offsets = list(accumulate(map(len, parts), initial=0))
    assert tokens(text) == (parts[0::2], offsets[0::2])


def test_coordinates_are_numbers_in_range() -> None:
    # A country with several capitals once came through as a list of pairs: the map and the
    # place records need one latitude and one longitude.
    for name, key in (("countries.json", "countries"), ("places.json", "places")):
        for rec in json.loads(resource("gazetteer", name).read_text(encoding="utf-8"))[key]:
            lat, lon = rec.get("lat"), rec.get("lon")
            if lat is None and lon is None:
                continue
            assert isinstance(lat, (int, float)) and isinstance(lon, (int, float)), rec["name"]
            assert -90 <= lat <= 90 and -180 <= lon <= 180, rec["name"]


def test_each_country_once_and_each_demonym_names_one_country() -> None:
    countries = json.loads(resource("gazetteer", "countries.json").read_text(encoding="utf-8"))["countries"]
    isos = [c["iso"] for c in countries]
    assert len(isos) == len(set(isos))  # "Burma" and "Myanmar" are one country
    owners: dict[str, str] = {}
    for c in countries:
        for d in c["demonyms"]:
            assert owners.setdefault(d, c["name"]) == c["name"], d
    # a territory does not take its state's demonym
    assert (owners["American"], owners["Indian"], owners["Chinese"], owners["French"]) == (
        "United States", "India", "China", "France")


def test_american_and_indian_officials_are_from_the_united_states_and_india() -> None:
    from timeline_gui.core.articles import parse_article
    from timeline_gui.core.extract import extract_article
    from timeline_gui.core.model import Article

    text = (" date 2023-04-02\n\nAmerican Deputy Secretary of State Anna Brooks met Indian Foreign Secretary"
            " Vikram Rao in Baku on Monday.\n")
    art = parse_article(text.encode(), "x.txt")
    assert isinstance(art, Article)
    names = {p.name for e in extract_article(art) for p in e.participants if p.kind == "country"}
    assert {"United States", "India"} <= names
    assert not names & {"Northern Mariana Islands", "British Indian Ocean Territory"}
