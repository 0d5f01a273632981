"""Workshops: one event's lessons and breaks become clock times, a run-sheet, an agenda and two packs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.course_edits import add_second_lesson, copy_course
from generator.cli import main
from generator.render.print_renderer import PrintRenderer
from generator.render.workshop_print import workshop_documents
from generator.validate import validate_course
from generator.render.typst_markup import escape
from generator.workshops import clock, plan

WORKSHOP = """\
id: team-day
title: Listening at work
date: 2027-03-04
start: "09:00"
end: "10:30"
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
opening: {title: Welcome, minutes: 5}
closing: {title: Closing round, minutes: 5}
"""


def course_with_workshop(tmp_path: Path, text: str = WORKSHOP) -> Path:
    """The mini course and its second lesson, with room for their activities: the first lesson's two activities share
    6 minutes; the second lesson gives 'Think back' 5 of its 15 (30 less the 15-minute role-play) and its two
    discussion prompts share the other 10."""
    root = add_second_lesson(copy_course(tmp_path / "course"))
    edit(root / "content" / "01-basics" / "01-first-lesson.yml", ("exercises: 5", "exercises: 6"))
    edit(root / "content" / "01-basics" / "02-second-lesson.yml", ("exercises: 20", "exercises: 30"),
         ("    title: Think back\n", "    title: Think back\n    minutes: 5\n"))
    (root / "workshops").mkdir()
    (root / "workshops" / "team-day.yml").write_text(text, encoding="utf-8")
    return root


def edit(file: Path, *replacements: tuple[str, str]) -> None:
    text = file.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    file.write_text(text, encoding="utf-8")


def test_every_activity_has_its_own_clock_time(tmp_path):
    course, issues = validate_course(course_with_workshop(tmp_path))
    assert issues == []
    days = plan(course, course.workshops[0])
    assert [(clock(s.start), clock(s.end), s.kind, s.title) for s in days[0].slots] == [
        ("09:00", "09:05", "opening", "Welcome"),
        ("09:05", "09:15", "teaching", "The first lesson"),
        ("09:15", "09:18", "activity", "Spot the cue"),
        ("09:18", "09:21", "activity", "Discuss: When did someone last really listen to you?"),
        ("09:21", "09:31", "break", "Coffee"),
        ("09:31", "09:41", "teaching", "The second lesson"),
        ("09:41", "09:46", "activity", "Think back"),  # its own minutes
        ("09:46", "09:51", "activity", "Discuss: A plain prompt."),  # the other two share what is left
        ("09:51", "09:56", "activity", "Discuss: When did you last feel heard?"),
        ("09:56", "10:11", "roleplay", "Role-play: The late parcel"),
        ("10:11", "10:16", "closing", "Closing round"),
    ]
    assert clock(days[1].slots[0].start) == "13:30" and clock(days[1].end) == "14:20"
    assert [str(d.date) for d in days] == ["2027-03-04", "2027-03-05"]


def test_a_skipped_role_play_frees_its_minutes(tmp_path):
    root = course_with_workshop(tmp_path, WORKSHOP.replace("skip: [at-the-end]", "skip: [at-the-end, late-parcel]"))
    course, _ = validate_course(root)
    day = plan(course, course.workshops[0])[0]
    assert clock(day.end) == "10:01" and all(s.kind != "roleplay" for s in day.slots)


def test_activities_over_the_lessons_exercise_minutes_are_an_error(tmp_path, capsys):
    root = course_with_workshop(tmp_path)
    edit(root / "content" / "01-basics" / "02-second-lesson.yml", ("    minutes: 5\n", "    minutes: 16\n"))
    assert main(["--root", str(root), "validate"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/01-basics/02-second-lesson.yml:4:12: error [activity-time]: the activities given minutes take 31 "
        "minutes (role-plays included), more than the lesson's 30 minutes of exercises; set `exercises: 31` or more, "
        "shorten an activity's `minutes`, or mark one `after_workshop: true`"]


def test_activities_left_under_three_minutes_each_warn_at_the_workshop(tmp_path, capsys):
    root = course_with_workshop(tmp_path)
    edit(root / "content" / "01-basics" / "01-first-lesson.yml", ("exercises: 6", "exercises: 5"))
    assert main(["--root", str(root), "validate"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "workshops/team-day.yml:8:17: warning [activity-time-short]: 'first-lesson' leaves 5 minutes for 2 "
        "activities without `minutes`: under 3 minutes each, which no group can do; skip some in this workshop "
        "(`skip:` with their ids), or give the lesson's challenges and discussion prompts their `minutes`"]


def test_an_activity_for_after_the_workshop_takes_no_time_and_is_listed_apart(tmp_path):
    root = course_with_workshop(tmp_path)
    edit(root / "content" / "01-basics" / "02-second-lesson.yml",
         ("    title: Think back\n    minutes: 5\n", "    title: Think back\n    after_workshop: true\n"))
    course, issues = validate_course(root)
    assert issues == []
    titles = [s.title for s in plan(course, course.workshops[0])[0].slots]
    assert "Think back" not in titles and "Discuss: A plain prompt." in titles
    runsheet = next(d for d in workshop_documents(PrintRenderer(course)) if d.name == "team-day-runsheet").body
    after = runsheet.index(escape("After the workshop"))
    assert escape("The second lesson: Think back") in runsheet[after:]


def test_a_day_that_runs_past_its_end_warns_at_the_day(tmp_path, capsys):
    root = course_with_workshop(tmp_path, WORKSHOP.replace('end: "10:30"', 'end: "09:45"'))
    assert main(["--root", str(root), "validate"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "workshops/team-day.yml:7:5: warning [overrun]: day 1 ends at 10:16, 31 minutes after its end time 09:45; "
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


def test_run_sheet_agenda_group_set_and_packs(tmp_path):
    course, _ = validate_course(course_with_workshop(tmp_path))
    docs = {d.name: d for d in workshop_documents(PrintRenderer(course))}
    assert {name for name, d in docs.items() if d.listed} == {
        "course-glossary", "team-day-agenda", "team-day-learner-pack", "team-day-group-set", "team-day-runsheet",
        "team-day-facilitator-pack"}
    runsheet = docs["team-day-runsheet"].body
    for row in ["09:00–09:05", "Welcome", "09:15–09:18", "Spot the cue", "09:21–09:31", "Coffee", "09:56–10:11",
                "Role-play: The late parcel", "Groups of 3; roles: Customer, Agent", "Closing round",
                "Left out of this workshop", "The second lesson: At the end"]:
        assert escape(row) in runsheet, row
    agenda = docs["team-day-agenda"].body
    assert escape("09:31–09:56") not in agenda and escape("09:31–10:11") in agenda and "Welcome" in agenda
    assert "Role" not in agenda and "Facilitator" not in agenda  # learners see sessions, not the plan
    # The second lesson's exercise 'at-the-end' is skipped: the packs hold their own copies of its handouts without it.
    # The learner pack holds no card: a learner never gets another role's brief. The group set holds them all.
    assert docs["team-day-learner-pack"].then == ("first-lesson-worksheet", "team-day--second-lesson-worksheet")
    assert docs["team-day-group-set"].then == ("team-day--second-lesson-roleplay-cards",)
    assert docs["team-day-facilitator-pack"].then == (
        "first-lesson-facilitator", "team-day--second-lesson-facilitator", "team-day--second-lesson-roleplay-cards",
        "course-glossary")
    for copy in ("team-day--second-lesson-worksheet", "team-day--second-lesson-facilitator"):
        assert "Think back" in docs[copy].body and "At the end" not in docs[copy].body and not docs[copy].listed
    assert docs["team-day-learner-pack"].learner and not docs["team-day-facilitator-pack"].learner
    assert not docs["team-day-group-set"].learner


def test_the_glossary_is_alphabetical_with_each_term_kept_with_its_definition(tmp_path):
    root = course_with_workshop(tmp_path)
    glossary = root / "content" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "  - id: attunement\n    term: attunement\n"
                        "    definition: Being in step with another person.\n", encoding="utf-8")
    course, issues = validate_course(root)
    assert issues == []
    body = next(d for d in workshop_documents(PrintRenderer(course)) if d.name == "course-glossary").body
    terms = re.findall(r"#keep\([^\n]*#strong\[([^\]]*)\]", body)
    assert terms == sorted(terms, key=str.casefold) and len(terms) == len(course.glossary.terms) > 1


@pytest.mark.shipped_course
@pytest.mark.parametrize("workshop_id", ["full-day", "half-day"])
def test_the_example_workshops_fit_their_day(workshop_id):
    """No warning (no overrun, no activity under three minutes), a welcome first and a closing round last."""
    course, issues = validate_course(Path(__file__).resolve().parents[2])
    assert [str(i) for i in issues if i.path.startswith("workshops/")] == []
    workshop = next(w for w in course.workshops if w.id == workshop_id)
    (day,) = plan(course, workshop)
    assert day.end <= day.limit
    assert day.slots[0].kind == "opening" and day.slots[-1].kind == "closing"
    assert all(s.minutes >= 3 for s in day.slots)
    assert [s.end for s in day.slots[:-1]] == [s.start for s in day.slots[1:]]  # one after the other, no gap
