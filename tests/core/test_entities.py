"""Participants: countries by name, demonym and capital; people by title, appositive, surname, role."""

from __future__ import annotations

from timeline_gui.core.articles import parse_article
from timeline_gui.core.entities import find_mentions
from timeline_gui.core.model import Article


def art(body: str, date: str = "2023-05-10") -> Article:
    a = parse_article(f" date {date} {body}".encode(), "t.txt")
    assert isinstance(a, Article)
    return a


def names(body: str) -> list[tuple[str, str, str | None]]:
    a = art(body)
    return [(m.name, m.kind, m.country) for m in find_mentions(a)]


def test_country_by_name_demonym_and_official_name() -> None:
    got = names("The Russian Federation and Kazakh officials spoke with Türkiye about trade.")
    assert ("Russia", "country", "Russia") in got
    assert ("Kazakhstan", "country", "Kazakhstan") in got
    assert ("Turkey", "country", "Turkey") in got


def test_capital_stands_for_government_but_not_after_locative() -> None:
    a = art("Tehran and Ankara agreed on a plan. Delegates later flew to Tehran for more talks.")
    ms = find_mentions(a)
    assert [m.kind for m in ms if a.text[m.start : m.end] == "Tehran"] == ["country", "place"]


def test_breakaway_regions_and_variant_capitals_are_disputed() -> None:
    got = names("Officials in Sukhumi and Tskhinvali met envoys from Transnistria.")
    assert ("Abkhazia", "disputed", "Georgia") in got
    assert ("South Ossetia", "disputed", "Georgia") in got
    assert ("Transnistria", "disputed", "Moldova") in got


def test_listed_person_with_accent_and_spelling_variants() -> None:
    got = names("Mevlüt Çavuşoğlu greeted Sergei Lavrov warmly.")
    assert ("Mevlut Cavusoglu", "person", "Turkey") in got
    assert ("Sergey Lavrov", "person", "Russia") in got


def test_unknown_person_by_title_pattern_with_country_from_demonym() -> None:
    a = art("Moldovan Foreign Minister Ion Vartanescu arrived. Later Vartanescu spoke to the press.")
    ms = [m for m in find_mentions(a) if m.kind == "person"]
    assert [m.name for m in ms] == ["Ion Vartanescu", "Ion Vartanescu"]
    assert ms[0].country == "Moldova" and ms[0].role == "foreign minister"


def test_appositive_title_gives_affiliation() -> None:
    a = art("Nodar Beridze, deputy chairman of Georgia's central election commission, resigned.")
    ms = [m for m in find_mentions(a) if m.kind == "person"]
    assert ms and ms[0].name == "Nodar Beridze" and ms[0].country == "Georgia"


def test_role_phrase_resolves_to_the_last_matching_person() -> None:
    a = art("Iranian Foreign Minister Abbas Araghchi landed in Baku. The top Iranian diplomat met officials.")
    ms = find_mentions(a)
    role = [m for m in ms if m.via == "role"]
    assert role and role[0].name == "Abbas Araghchi"


def test_role_phrase_without_antecedent_is_not_guessed() -> None:
    a = art("The Iranian official declined to comment on the shipment.")
    assert not [m for m in find_mentions(a) if m.kind == "person"]


def test_a_name_beginning_with_a_capitals_name_is_not_the_government() -> None:
    got = names("Deputy Minister Sofia Marinova met the delegation. Sofia Marinova said the talks went well. "
                "The Baku Energy Forum opened.")
    assert ("Sofia Marinova", "person", None) in got
    assert not any(kind == "country" for _, kind, _ in got)
    # a day after the capital does not make a name of it
    got = names("Ministers met in Ankara Monday, and Ankara welcomed the plan.")
    assert ("Turkey", "country", "Turkey") in got


def test_compound_titles_are_whole_titles() -> None:
    a = art("Turkish Security Council Secretary Pavel Kaya met Georgian Energy Minister Nino Beridze. "
            "French Parliament Speaker Claire Morel also spoke.")
    people = {m.name: (m.country, m.role) for m in find_mentions(a) if m.kind == "person"}
    assert people["Pavel Kaya"] == ("Turkey", "security council secretary")
    assert people["Nino Beridze"] == ("Georgia", "energy minister")
    assert people["Claire Morel"] == ("France", "parliament speaker")


def test_a_surname_already_introduced_is_the_person_not_a_town_of_that_name() -> None:
    # "Sandu" is also a town in the gazetteer; after "Maia Sandu" it is her, except after "in".
    ms = find_mentions(art("President Maia Sandu spoke on Sunday. Sandu won 42% of the vote. "
                           "Officials later flew to Sandu."))
    later = [(m.name, m.kind) for m in ms if m.start > 30]
    assert later[0] == ("Maia Sandu", "person")
    assert later[-1][1] == "place"


def test_a_title_in_lower_case_still_names_a_person() -> None:
    people = {m.name: m for m in find_mentions(art(
        "Armenian foreign ministry spokeswoman Ani Badalyan said the border would reopen. Former Kyrgyz "
        "president Almazbek Atambayev met supporters.")) if m.kind == "person"}
    assert people["Ani Badalyan"].country == "Armenia"
    assert people["Almazbek Atambayev"].country == "Kyrgyzstan"
    # a lower-case word before one capitalised word is no name ("the president Monday")
    assert not [m for m in find_mentions(art("They met the president Monday.")) if m.kind == "person"]


def test_the_body_before_a_title_is_the_persons_not_a_participant() -> None:
    from timeline_gui.core.extract import extract_article

    evs = extract_article(art("Kremlin spokesman Dmitry Peskov told reporters on Monday that the talks were useful."))
    assert {p.name for e in evs for p in e.participants} == {"Dmitry Peskov", "Russia"}
