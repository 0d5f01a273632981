"""Workshops: one event's lessons and breaks become clock times, a run-sheet, an agenda and two packs."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_edits import add_second_lesson, copy_course
from generator.cli import main
from generator.render.print import PrintRenderer
from generator.render.workshop_print import workshop_documents
from generator.validate import validate_course
from generator.workshops import clock, plan

WORKSHOP = """\
id: team-day
title: Listening at work
date: 2027-03-04
start: "09:00"
end: "10:00"
days:
  - sessions:
      - lesson: first-lesson
      - break: Coffee
        minutes: 10
      - lesson: second-lesson
  - start: "13:30"
    end: "15:00"
    sessions:
      - lesson: second-lesson
skip: [at-the-end]
"""


def course_with_workshop(tmp_path: Path, text: str = WORKSHOP) -> Path:
    root = add_second_lesson(copy_course(tmp_path / "course"))
    (root / "workshops").mkdir()
    (root / "workshops" / "team-day.yml").write_text(text, encoding="utf-8")
    return root


def test_clock_times_follow_the_lessons_minutes(tmp_path):
    course, issues = validate_course(course_with_workshop(tmp_path))
    assert issues == []
    days = plan(course, course.workshops[0])
    # first-lesson: 10 teaching + 5 exercises. second-lesson: 10 teaching, 20 exercises of which the role-play is 15.
    assert [(clock(s.start), clock(s.end), s.title) for s in days[0].slots] == [
        ("09:00", "09:10", "The first lesson"),
        ("09:10", "09:15", "Exercises and discussion"),
        ("09:15", "09:25", "Coffee"),
        ("09:25", "09:35", "The second lesson"),
        ("09:35", "09:40", "Exercises and discussion"),
        ("09:40", "09:55", "Role-play: The late parcel"),
    ]
    assert clock(days[1].slots[0].start) == "13:30" and clock(days[1].end) == "14:00"
    assert [str(d.date) for d in days] == ["2027-03-04", "2027-03-05"]


def test_a_skipped_role_play_frees_its_minutes(tmp_path):
    root = course_with_workshop(tmp_path, WORKSHOP.replace("skip: [at-the-end]", "skip: [late-parcel]"))
    course, _ = validate_course(root)
    day = plan(course, course.workshops[0])[0]
    assert clock(day.end) == "09:40" and all(s.kind != "roleplay" for s in day.slots)


def test_a_day_that_runs_past_its_end_warns_at_the_day(tmp_path, capsys):
    root = course_with_workshop(tmp_path, WORKSHOP.replace('end: "10:00"', 'end: "09:45"'))
    assert main(["--root", str(root), "validate"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "workshops/team-day.yml:7:5: warning [overrun]: day 1 ends at 09:55, 10 minutes after its end time 09:45; "
        "move a lesson to another day, shorten a break, or set a later `end`"]


@pytest.mark.parametrize("edit,expected", [
    (("lesson: first-lesson", "lesson: frist-lesson"),
     "workshops/team-day.yml:8:17: error [unknown-lesson]: 'frist-lesson' names no lesson; did you mean 'first-lesson'?"),
    (("skip: [at-the-end]", "skip: [at-the-ned]"),
     "workshops/team-day.yml:16:8: error [unknown-activity]: 'at-the-ned' names no activity in this workshop's "
     "lessons; did you mean 'at-the-end'?"),
    (('start: "09:00"', 'start: "9.00"'),
     "workshops/team-day.yml:4:8: error [invalid-value]: 'start': '9.00' is not a time of day; write it as hours "
     "and minutes, e.g. \"09:30\""),
    (("        minutes: 10\n", ""),
     "workshops/team-day.yml:9:9: error [invalid-value]: the break 'Coffee' needs its length, e.g. `minutes: 15`"),
])
def test_workshop_mistakes_are_reported_at_the_line(edit, expected, tmp_path, capsys):
    root = course_with_workshop(tmp_path, WORKSHOP.replace(*edit))
    assert main(["--root", str(root), "validate"]) == 1
    assert capsys.readouterr().out.splitlines() == [expected]


def test_run_sheet_agenda_and_packs(tmp_path):
    course, _ = validate_course(course_with_workshop(tmp_path))
    docs = {d.name: d for d in workshop_documents(PrintRenderer(course))}
    assert {name for name, d in docs.items() if d.listed} == {
        "course-glossary", "team-day-agenda", "team-day-learner-pack", "team-day-runsheet", "team-day-facilitator-pack"}
    runsheet = docs["team-day-runsheet"].html
    for row in ["09:00–09:10", "09:15–09:25", "Coffee", "09:40–09:55", "Role-play: The late parcel",
                "Groups of 3; roles: Customer, Agent", "Left out of this workshop", "The second lesson: At the end"]:
        assert row in runsheet
    agenda = docs["team-day-agenda"].html
    assert "09:25–09:55" in agenda and "The second lesson" in agenda
    assert "Role-play" not in agenda and "Facilitator" not in agenda  # learners see sessions, not the plan
    # The second lesson's exercise 'at-the-end' is skipped: the packs hold their own copies of its handouts without it.
    assert docs["team-day-learner-pack"].then == (
        "first-lesson-worksheet", "team-day--second-lesson-worksheet", "team-day--second-lesson-roleplay-cards")
    assert docs["team-day-facilitator-pack"].then == (
        "first-lesson-facilitator", "team-day--second-lesson-facilitator", "course-glossary")
    for copy in ("team-day--second-lesson-worksheet", "team-day--second-lesson-facilitator"):
        assert "Think back" in docs[copy].html and "At the end" not in docs[copy].html and not docs[copy].listed
    assert docs["team-day-learner-pack"].learner and not docs["team-day-facilitator-pack"].learner


SHIPPED = {
    # Worked out by hand from the lessons' minutes (teaching + exercises, less skipped role-plays) and the breaks.
    "half-day": ["09:30 What rapport is", "10:10 The three components", "11:00 Coffee", "11:15 Strategy 1",
                 "12:20 Your personal rapport plan", "end 13:05"],
    "full-day": ["09:00 What rapport is", "09:55 The three components", "10:45 Coffee", "11:00 Strategy 1",
                 "12:05 Strategy 2", "13:05 Lunch", "13:50 Rupture and repair", "14:45 Coffee", "15:00 Strategy 7",
                 "16:00 Your personal rapport plan", "end 16:45"],
}


@pytest.mark.parametrize("workshop_id", sorted(SHIPPED))
def test_the_example_workshops_run_to_time(workshop_id):
    course, issues = validate_course(Path(__file__).resolve().parent.parent)
    assert [i for i in issues if i.path.startswith("workshops/")] == []  # no unknown ids, no overrun
    workshop = next(w for w in course.workshops if w.id == workshop_id)
    (day,) = plan(course, workshop)
    starts = [f"{clock(s.start)} {s.title}" for s in day.slots if s.kind in ("teaching", "break")]
    expected = SHIPPED[workshop_id]
    assert len(starts) == len(expected) - 1
    assert all(start.startswith(prefix) for start, prefix in zip(starts, expected)), starts
    assert f"end {clock(day.end)}" == expected[-1]
