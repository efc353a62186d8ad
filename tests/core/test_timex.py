"""Behaviour of the time-expression tagger on hand-written news sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline_gui.core.model import Interval
from timeline_gui.core.timex import Timex, clause_tense, coordinations, tag

FRI = dt.date(2024, 10, 18)  # a Friday
WED = dt.date(2022, 3, 16)  # a Wednesday


def one(text: str, dct: dt.date, needle: str | None = None) -> Timex:
    found = tag(text, dct)
    if needle is not None:
        found = [t for t in found if needle in t.text]
    assert len(found) == 1, found
    return found[0]


def values(text: str, dct: dt.date = FRI) -> list[str]:
    return [t.value for t in tag(text, dct)]


# --- absolute dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The vote was held on October 18.", "October 18", "2024-10-18"),
        ("Talks opened on 18 October 2024 in Geneva.", "18 October 2024", "2024-10-18"),
        ("The deal was signed Oct. 18 after long talks.", "Oct. 18", "2024-10-18"),
        ("The file is dated 2024-10-18.", "2024-10-18", "2024-10-18"),
        ("The form was filed on 10/18/2024.", "10/18/2024", "2024-10-18"),
        ("The form was filed on 18/10/2024.", "18/10/2024", "2024-10-18"),
        ("It was signed on September 3rd, 2021.", "September 3rd, 2021", "2021-09-03"),
        ("The plant opened in 1998.", "1998", "1998"),
        ("Prices rose sharply in the 1990s.", "the 1990s", "199"),
        ("The law was passed in March 2019.", "March 2019", "2019-03"),
        ("Sales fell in the third quarter.", "the third quarter", "2024-Q3"),
        ("Profits rose in the first half of 2023.", "the first half of 2023", "2023-H1"),
        ("The company reported fiscal 2023 results.", "fiscal 2023", "2023"),
    ],
)
def test_absolute_forms(text: str, span: str, value: str) -> None:
    t = one(text, FRI)
    assert t.text == span
    assert t.value == value
    assert text[t.start : t.end] == span


def test_ambiguous_slash_date_is_left_alone() -> None:
    assert tag("The form was filed on 03/04/2024.", FRI) == []


def test_intervals_and_granularities() -> None:
    t = one("The plant opened in 1998.", FRI)
    assert t.interval == Interval(dt.date(1998, 1, 1), dt.date(1998, 12, 31), "year")
    t = one("Prices rose in the 1990s.", FRI)
    assert t.interval == Interval(dt.date(1990, 1, 1), dt.date(1999, 12, 31), "decade")
    t = one("Sales fell in the third quarter.", FRI)
    assert t.interval == Interval(dt.date(2024, 7, 1), dt.date(2024, 9, 30), "quarter")
    t = one("The river froze this week.", FRI)
    assert t.value == "2024-W42"
    assert t.interval == Interval(dt.date(2024, 10, 14), dt.date(2024, 10, 20), "week")
    t = one("Crops failed last summer.", FRI)
    assert t.value == "2024-SU"
    assert t.interval is not None and t.interval.granularity == "season"


# --- modifiers ------------------------------------------------------------------------------


def test_late_year_is_a_season_long_interval() -> None:
    t = one("The factory closed in late 2020.", FRI)
    assert (t.text, t.value, t.mod) == ("late 2020", "2020", "END")
    assert t.interval == Interval(dt.date(2020, 9, 1), dt.date(2020, 12, 31), "season")


@pytest.mark.parametrize(
    ("text", "mod", "start", "end"),
    [
        ("Work began in early 2019.", "START", dt.date(2019, 1, 1), dt.date(2019, 4, 30)),
        ("Work stopped in mid-2019.", "MID", dt.date(2019, 5, 1), dt.date(2019, 8, 31)),
        ("Work resumed at the end of 2019.", "END", dt.date(2019, 9, 1), dt.date(2019, 12, 31)),
        ("Work resumed at the beginning of 2019.", "START", dt.date(2019, 1, 1), dt.date(2019, 4, 30)),
    ],
)
def test_modifiers(text: str, mod: str, start: dt.date, end: dt.date) -> None:
    t = one(text, FRI)
    assert t.mod == mod
    assert t.interval is not None
    assert (t.interval.start, t.interval.end) == (start, end)


def test_coordinated_end_of_last_year_and_early_this_year() -> None:
    text = "The ministers met several times at the end of last year and early this year."
    found = tag(text, WED)
    assert [t.value for t in found] == ["2021", "2022"]
    assert found[0].text == "the end of last year"
    assert found[1].text == "early this year"
    coords = coordinations(text, found)
    assert len(coords) == 1
    assert coords[0].interval.start == dt.date(2021, 9, 1)
    assert coords[0].interval.end == dt.date(2022, 3, 16)


# --- weekdays and months resolved by tense --------------------------------------------------


def test_weekday_past_and_future() -> None:
    assert one("The leaders met on Saturday in Paris.", WED).value == "2022-03-12"
    assert one("The leaders will meet on Saturday in Paris.", WED).value == "2022-03-19"
    t = one("The leaders will meet on Saturday in Paris.", WED)
    assert t.tense == "future"


def test_weekday_of_the_publication_day() -> None:
    assert one("The minister spoke on Wednesday.", WED).value == "2022-03-16"


def test_last_and_next_weekday() -> None:
    assert one("They arrived last Monday.", WED).value == "2022-03-14"
    assert one("They leave next Monday.", WED).value == "2022-03-21"


def test_month_day_without_year() -> None:
    t = one("The runoff is set for October 26.", FRI)
    assert t.value == "2024-10-26"


def test_month_without_year_in_past_clause() -> None:
    t = one("The two leaders met in September.", FRI)
    assert t.value == "2024-09"
    assert t.interval == Interval(dt.date(2024, 9, 1), dt.date(2024, 9, 30), "month")
    assert one("The two leaders met in December.", FRI).value == "2023-12"
    assert one("The two leaders will meet in December.", FRI).value == "2024-12"


def test_clause_tense_helper() -> None:
    text = "She said the committee will vote on Friday."
    i = text.index("Friday")
    assert clause_tense(text, i, i + 6) == "future"
    text = "The committee voted on Friday."
    i = text.index("Friday")
    assert clause_tense(text, i, i + 6) == "past"
    assert clause_tense("Friday.", 0, 6) is None


# --- relative offsets -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The mine closed two years ago.", "2022"),
        ("Exports fell last year.", "2023"),
        ("Exports will rise next year.", "2025"),
        ("Exports rose this month.", "2024-10"),
        ("Exports fell last month.", "2024-09"),
        ("The strike ended yesterday.", "2024-10-17"),
        ("The strike ends tomorrow.", "2024-10-19"),
        ("The strike ended today.", "2024-10-18"),
        ("Three weeks ago the dam broke.", "2024-W39"),
    ],
)
def test_relative_offsets(text: str, value: str) -> None:
    assert one(text, FRI).value == value


def test_earlier_this_year_ends_at_publication() -> None:
    t = one("The law was passed earlier this year.", FRI)
    assert t.value == "2024"
    assert t.interval == Interval(dt.date(2024, 1, 1), FRI, "year")


def test_later_this_month_starts_at_publication() -> None:
    t = one("The results are due later this month.", FRI)
    assert t.value == "2024-10"
    assert t.interval == Interval(FRI, dt.date(2024, 10, 31), "month")


def test_since_a_year() -> None:
    t = one("The border has been closed since 2009.", FRI)
    assert t.text == "2009"
    assert t.interval is not None and t.interval.granularity == "year"


def test_a_week_later_counts_from_the_last_date() -> None:
    found = tag("The flood struck on March 3, 2021. A week later the river fell.", FRI)
    assert [t.value for t in found] == ["2021-03-03", "2021-W10"]


def test_in_the_coming_months() -> None:
    t = one("Prices will rise in the coming months.", FRI)
    assert t.value == "FUTURE_REF"
    assert t.interval is not None and t.interval.start == FRI and t.interval.end > FRI


# --- vague references -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The minister recently resigned.", "PAST_REF"),
        ("The minister had previously resigned.", "PAST_REF"),
        ("The minister, who resigned earlier, spoke.", "PAST_REF"),
        ("The minister is now in Rome.", "PRESENT_REF"),
        ("The minister is currently in Rome.", "PRESENT_REF"),
        ("The minister will visit in the future.", "FUTURE_REF"),
    ],
)
def test_vague_references(text: str, value: str) -> None:
    t = one(text, FRI)
    assert t.value == value
    assert t.interval is not None
    assert t.interval.granularity == "unknown"
    assert not t.anchored


def test_unknown_past_is_bounded_by_the_publication_date() -> None:
    t = one("The minister recently resigned.", FRI)
    assert t.interval == Interval(dt.date(2023, 10, 18), FRI, "unknown")


# --- durations, sets, times -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "type_", "value"),
    [
        ("The siege lasted for 44 days.", "DURATION", "P44D"),
        ("Prices rose over the past three years.", "DURATION", "P3Y"),
        ("It was a two-year contract.", "DURATION", "P2Y"),
        ("The talks lasted several months.", "DURATION", "PXM"),
        ("The council meets every year.", "SET", "P1Y"),
        ("The council meets every Monday.", "SET", "XXXX-WXX-1"),
        ("The paper is printed daily.", "SET", "P1D"),
        ("They spoke for five hours.", "DURATION", "PT5H"),
    ],
)
def test_durations_and_sets(text: str, type_: str, value: str) -> None:
    t = one(text, FRI)
    assert (t.type, t.value) == (type_, value)


def test_time_of_day() -> None:
    t = one("The polls open at 10 a.m.", FRI)
    assert (t.type, t.value) == ("TIME", "2024-10-18T10:00")
    t = one("The blast came at 6:45 p.m. Tuesday.", FRI)
    assert (t.type, t.value) == ("TIME", "2024-10-15T18:45")


# --- named occasions ------------------------------------------------------------------------


def test_general_assembly_session() -> None:
    t = one("Leaders gathered for the 79th session of the UN General Assembly.", FRI)
    assert t.value == "2024-09"
    assert t.interval == Interval(dt.date(2024, 9, 1), dt.date(2024, 9, 30), "month")
    assert one("The 80th session of the United Nations General Assembly opens soon.", FRI, "session").value == "2025-09"


@pytest.mark.parametrize(
    ("text", "value"),
    [("COP 29", "2024-11"), ("COP29", "2024-11"), ("COP 26", "2021-10"), ("COP 21", "2015-11"), ("COP 35", "2030-11")],
)
def test_cop_numbers(text: str, value: str) -> None:
    t = one(f"Delegates flew to {text} with new pledges.", FRI)
    assert (t.text, t.value) == (text, value)


def test_holidays() -> None:
    assert one("Shops were shut on Christmas Day.", FRI).value == "2023-12-25"
    assert one("Shops will close on Christmas Day.", FRI).value == "2024-12-25"
    assert one("Families gathered on Thanksgiving 2023.", FRI).value == "2023-11-23"


# --- rejections -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "3+3 is six.",
        "Turnout reached 80% in the city.",
        "He finished the 79th in the race.",
        "Theresa May spoke to reporters.",
        "We sat down and talked.",
        "They will march on the capital.",
        "Call 555-1998 or (212) 555 2024 for details.",
        "The house sold for $1,995 and then $2,010.",
        "The team won 3-1 against the visitors.",
        "About 2000 people attended the rally.",
        "The 6-year-old boy was found safe.",
        "The score was 21-14 at half time.",
    ],
)
def test_rejects_non_dates(text: str) -> None:
    assert tag(text, FRI) == [], tag(text, FRI)


def test_cop_number_is_not_a_day() -> None:
    found = tag("COP 29 opened in Baku.", FRI)
    assert [t.text for t in found] == ["COP 29"]


def test_may_as_a_month_after_a_preposition() -> None:
    assert one("The law took effect in May.", FRI).value == "2024-05"
    assert one("They marched in March.", FRI).value == "2024-03"


def test_json_record() -> None:
    t = one("The vote was held on October 18.", FRI)
    assert t.to_json() == {"start": 21, "end": 31, "text": "October 18", "type": "DATE", "value": "2024-10-18"}


# --- annotation conventions -----------------------------------------------------------------


def test_weekday_with_part_of_day_is_the_day() -> None:
    t = one("The rally was held Tuesday night in the capital.", WED)
    assert (t.text, t.value) == ("Tuesday night", "2022-03-15")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Since Tuesday, the shares have gained 4%.", "2022-03-15"),
        ("The bank is reviewing Monday's ruling.", "2022-03-14"),
        ("The envoy said on Tuesday that talks would resume.", "2022-03-15"),
        ("The offer had been due to expire Friday.", "2022-03-11"),
    ],
)
def test_weekday_tense_cues(text: str, value: str) -> None:
    assert one(text, WED).value == value


def test_plans_as_a_noun_is_no_future_cue() -> None:
    text = "On Friday, when the minister set aside her vacation plans, the trip began."
    assert one(text, WED, "Friday").value == "2022-03-11"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The board will soon vote on the plan.", "FUTURE_REF"),
        ("They left as soon as they could.", None),
        ("The protest soon became a riot.", None),
    ],
)
def test_soon(text: str, value: str | None) -> None:
    assert [t.value for t in tag(text, FRI) if "soon" in t.text] == ([value] if value else [])


def test_decade_value_is_three_digits() -> None:
    assert one("Prices fell in the late 1970s.", FRI).value == "197"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The troops will stay for at least two more weeks.", "P2W"),
        ("The loan may be extended for an additional year.", "P1Y"),
    ],
)
def test_durations_with_more(text: str, value: str) -> None:
    assert one(text, FRI).value == value


def test_midday_and_year_end() -> None:
    assert one("The judge will rule at midday.", FRI).value == "2024-10-18T12:00"
    t = one("The deal should close by year-end.", FRI)
    assert (t.text, t.value, t.mod) == ("year-end", "2024", "END")


def test_previously_before_a_participle_is_no_date() -> None:
    assert tag("The launch went ahead as previously planned.", FRI) == []
    assert tag("A rescue team, previously sent to the flood zone, returned.", FRI) == []


def test_latest_period_is_the_last_reported_quarter() -> None:
    found = tag("Sales rose 5% in the latest period, the company said.", FRI)
    assert [t.value for t in found] == ["2024-Q3"]


def test_more_annotation_conventions() -> None:
    cases = [
        ("Marchers parade each July through the town.", "SET", "XXXX-07"),
        ("It was the worst storm this century.", "DURATION", "P100Y"),
        ("Hearings start the week of November 4.", "DATE", "2024-W45"),
        ("Oil hit that level in the winter of nineteen ninety-four.", "DATE", "1994-WI"),
        ("The bomb went off in January nineteen ninety-seven.", "DATE", "1997-01"),
        ("Hate groups dwindled through the nineties.", "DATE", "199"),
    ]
    for text, type_, value in cases:
        t = one(text, FRI)
        assert (t.type, t.value) == (type_, value), text
    t = one("Profit fell 5% in the year ended June 30.", FRI, "year")
    assert (t.type, t.value) == ("DURATION", "P1Y")


def test_rates_are_not_tagged() -> None:
    for text in (
        "The deal saves $2 million a year.",
        "The airline runs four flights a week.",
        "Rooms cost $55 a night.",
    ):
        assert tag(text, FRI) == [], text


def test_a_decision_to_act_points_forward() -> None:
    pub = dt.date(2025, 3, 14)
    assert values("The ministers met on Friday and agreed to continue the talks in May.", pub)[-1] == "2025-05"
    assert values("They decided to hold elections in October.", pub) == ["2025-10"]
    # the decision's own date, and an agreement on something, look back as before
    assert values("The ministers agreed in May to resume talks.", pub) == ["2024-05"]
    assert values("The sides agreed on a ceasefire in May.", pub) == ["2024-05"]
