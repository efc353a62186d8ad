"""Command-line contracts: help, exit codes, the extract JSON schema and exact offsets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from timeline_gui.cli import main

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, input=stdin, env=ENV,
        timeout=120,
    )


@pytest.mark.parametrize("cmd", [[], ["extract"], ["timex"], ["export"], ["open"]])
def test_help_on_every_command(cmd: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*cmd, "--help"])
    assert exc.value.code == 0
    assert "usage: timeline-gui" in capsys.readouterr().out


def test_version_says_which_extractor_runs() -> None:
    env = {**ENV, "TIMELINE_GUI_PURE": "1"}
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert out.returncode == 0
    assert out.stdout.strip().endswith("(extractor: pure Python (turned off by TIMELINE_GUI_PURE))")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["extract"], ["extract", "x", "--format", "xml"], ["timex", "--dct", "2024-13-01", "t"],
                 ["export", "seeds"], ["timex"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2, argv
    assert "error" in capsys.readouterr().err


def test_extract_json_schema_and_offsets(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(seeds), "--format", "json", "--no-cache"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"articles", "events", "problems"}
    texts = {p.name: p.read_bytes().decode("utf-8") for p in seeds.glob("*.txt")}
    assert {a["file"] for a in data["articles"]} == set(texts)
    for a in data["articles"]:
        assert set(a) >= {"file", "id", "published", "place", "agency"}
    assert data["events"], "the seeds hold events"
    grans = {"day", "week", "month", "season", "quarter", "year", "decade", "unknown"}
    for e in data["events"]:
        assert set(e) >= {"id", "title", "type", "status", "start", "end", "granularity", "date_text", "place",
                          "participants", "trigger", "quotes"}
        assert e["granularity"] in grans and e["start"] <= e["end"]
        for p in e["participants"]:
            assert p["kind"] in {"country", "person", "organization", "place", "group"}
        spans = list(e["quotes"]) + ([e["trigger"]] if e["trigger"] else [])
        assert e["quotes"]
        for q in spans:
            assert texts[q["file"]][q["start"] : q["end"]] == q["text"]
    assert data["problems"] == []


def test_extract_reports_problems_and_still_loads_the_rest(tmp_path: Path, seeds: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.txt").write_bytes(b" date 2024-13-45 Text.")
    r = run("extract", str(seeds), str(tmp_path), "--format", "json", "--no-cache")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "empty.txt: is empty" in r.stderr and "bad.txt: has an impossible date" in r.stderr
    data = json.loads(r.stdout)
    assert len(data["articles"]) == 2
    assert {p["file"] for p in data["problems"]} == {"empty.txt", "bad.txt"}


def test_no_readable_article_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    r = run("extract", str(tmp_path), "--no-cache")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "empty.txt: is empty" in r.stderr


def test_extract_csv_one_row_per_event(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    assert main(["extract", str(seeds), "--format", "json", "--no-cache"]) == 0
    n = len(json.loads(capsys.readouterr().out)["events"])
    assert main(["extract", str(seeds), "--format", "csv", "--no-cache"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:3] == ["id", "start", "end"] and len(rows) == n + 1


def test_timex_for_a_person(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timex", "--dct", "2024-10-18", "The report came out on 2024-10-12."]) == 0
    out = capsys.readouterr().out
    assert "2024-10-12" in out and "DATE" in out


def test_timex_jsonl_protocol() -> None:
    lines = [
        {"id": "a", "dct": "2024-10-18", "text": "Signed on 2024-10-12, it was ready."},
        {"id": "b", "dct": "2022-03-16", "text": "Nothing dated here."},
    ]
    r = run("timex", "--jsonl", stdin="".join(json.dumps(x) + "\n" for x in lines))
    assert r.returncode == 0, r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    t = out[0]["timexes"][0]
    assert lines[0]["text"][t["start"] : t["end"]] == t["text"] and t["value"] == "2024-10-12"
    assert set(t) == {"start", "end", "text", "type", "value"}


def test_timex_jsonl_bad_line_is_reported_in_order() -> None:
    r = run("timex", "--jsonl", stdin='not json\n{"id": "ok", "dct": "2024-10-18", "text": "x"}\n')
    assert "input line 1" in r.stderr and "Traceback" not in r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["id"] for o in out] == [None, "ok"]


def test_main_py_behaves_like_the_console_script(seeds: Path) -> None:
    r = run("extract", str(seeds / "000_276cd5198691ef00.txt"), "--no-cache")
    assert r.returncode == 0 and json.loads(r.stdout)["articles"][0]["published"] == "2024-10-18"
