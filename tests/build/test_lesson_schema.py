"""Lesson features beyond the basics: figures, exercises placed after a section, role-plays, a task for the week,
discussion prompts with what to listen for, and course-wide pages. Built for real with MkDocs."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.course_edits import add_second_lesson, copy_course
from generator.cli import main

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = add_second_lesson(copy_course(tmp_path_factory.mktemp("schema") / "course"))
    assert main(["--root", str(root), "build", "--site-dir", str(root / "site"), "--strict"]) == 0
    return root / "site"


def article(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_a_figure_shows_its_image_with_alt_text_and_caption(built):
    html = article(built, "basics/second-lesson.html")
    assert '<img src="../01-basics/loop.svg" alt="A loop of listening and responding.">' in html
    assert (built / "01-basics" / "loop.svg").is_file()
    caption = html[html.index("<figcaption>"):html.index("</figcaption>")]
    assert "The listening loop" in caption and "Rogers" in caption


def test_an_exercise_with_after_follows_its_section_and_the_rest_come_at_the_end(built):
    html = article(built, "basics/second-lesson.html")
    order = ["Text of the first part.", 'id="think-back"', "Text of the second part.", ">Exercises<",
             'id="at-the-end"', ">Practise together<", 'id="late-parcel"', "Try it this week", "Key points"]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions), dict(zip(order, positions))


def test_a_role_play_shows_every_role_in_its_own_closed_disclosure(built):
    html = article(built, "basics/second-lesson.html")
    for name, brief in [("Customer", "birthday on Friday"), ("Agent", "The parcel is lost")]:
        start = html.index(f"Role card: {name}")
        details = html[html.rindex("<details", 0, start):html.index("</details>", start)]
        assert brief in details and " open" not in details.split(">", 1)[0]
    assert "Does the agent name the feeling" in html and "What changed the tone?" in html
    assert "groups of 3" in html


def test_what_to_listen_for_is_for_instructors_only(built):
    assert "Specific behaviours rather than traits" not in article(built, "basics/second-lesson.html")
    assert "When did you last feel heard?" in article(built, "basics/second-lesson.html")
    assert "Specific behaviours rather than traits" in article(built, "instructor/notes.html")


def test_a_course_wide_page_is_built_and_listed_for_instructors(built):
    html = article(built, "instructor/guide.html")
    assert "Running a half-day" in html and "content/pages/guide.yml" in html
    nav = (built / "instructor" / "guide.html").read_text(encoding="utf-8")  # pruned nav: only the open section
    assert "Facilitator guide" in nav[nav.index("For instructors"):]


@pytest.mark.parametrize("edit,expected", [
    (("src: loop.svg", "src: lop.svg"),
     "content/01-basics/02-second-lesson.yml:17:14: error [missing-image]: there is no image file 'lop.svg' in "
     "content/01-basics/; did you mean 'loop.svg'?"),
    (("alt: A loop of listening and responding.", "alt: ' '"),
     "content/01-basics/02-second-lesson.yml:18:14: error [empty]: 'alt' is empty; write it, e.g. "
     "`alt: A diagram of three steps from left to right, joined by arrows.`"),
    (("after: first-part", "after: first-prat"),
     "content/01-basics/02-second-lesson.yml:25:12: error [unknown-section]: 'first-prat' names no section in the "
     "lesson 'second-lesson'; did you mean 'first-part'?"),
    (("      - name: Agent\n        brief: The parcel is lost; you can send a new one today.\n", ""),
     "content/01-basics/02-second-lesson.yml:42:7: error [too-few]: 'roles' needs at least 2 item(s); e.g. "
     "`roles: [{name: Customer, brief: ...}, {name: Agent, brief: ...}]`"),
    (("assesses: [practise-listening]", "assesses: [practise-listenin]"),
     "content/01-basics/02-second-lesson.yml:48:16: error [unknown-objective]: 'practise-listenin' names no "
     "objective in the lesson 'second-lesson'; did you mean 'practise-listening'?"),
])
def test_mistakes_in_the_new_fields_are_reported_at_the_line(edit, expected, tmp_path, capsys):
    root = add_second_lesson(copy_course(tmp_path / "course"))
    lesson = root / "content" / "01-basics" / "02-second-lesson.yml"
    old, new = edit
    assert old in lesson.read_text(encoding="utf-8")
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 1
    assert capsys.readouterr().out.splitlines() == [expected]


def test_the_extended_lesson_validates_cleanly(tmp_path, capsys):
    root = add_second_lesson(copy_course(tmp_path / "course"))
    assert main(["--root", str(root), "validate"]) == 0
    assert capsys.readouterr().out == ""


def test_a_video_plays_with_its_captions_and_an_image_in_the_text_resolves_beside_the_yaml(tmp_path):
    root = add_second_lesson(copy_course(tmp_path / "course"))
    basics = root / "content" / "01-basics"
    (basics / "clip.mp4").write_bytes(b"\0\0\0\x18ftypmp42")
    (basics / "clip.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n", encoding="utf-8")
    lesson = basics / "02-second-lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "    body: Text of the second part.\n",
        "    body: \"Text of the second part. ![The loop again](loop.svg)\"\n"
        "    figures:\n      - src: clip.mp4\n        captions: clip.vtt\n        alt: Two people talking.\n"),
        encoding="utf-8")
    assert main(["--root", str(root), "build", "--site-dir", str(root / "site"), "--strict"]) == 0
    html = article(root / "site", "basics/second-lesson.html")
    assert '<video controls preload="metadata" aria-label="Two people talking." src="../01-basics/clip.mp4">' in html
    assert '<track kind="captions" src="../01-basics/clip.vtt" srclang="en" label="Captions" default>' in html
    assert '<img alt="The loop again" src="../01-basics/loop.svg"' in html


@pytest.mark.parametrize("body,expected", [
    ("    figures:\n      - src: clip.mp4\n        alt: Two people talking.\n",
     "content/01-basics/02-second-lesson.yml:23:9: error [invalid-value]: the video 'clip.mp4' needs captions: add "
     "`captions: clip.vtt`, a WebVTT file beside it"),
    ("    figures:\n      - src: clip.mp4\n        captions: clip.vtt\n        alt: Two people talking.\n",
     "content/01-basics/02-second-lesson.yml:23:14: error [missing-video]: there is no video file 'clip.mp4' in "
     "content/01-basics/; put the file in the same folder as this YAML file, or fix the name"),
])
def test_a_video_needs_its_file_and_captions(body, expected, tmp_path, capsys):
    root = add_second_lesson(copy_course(tmp_path / "course"))
    basics = root / "content" / "01-basics"
    (basics / "clip.vtt").write_text("WEBVTT\n", encoding="utf-8")
    lesson = basics / "02-second-lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "    body: Text of the second part.\n", "    body: Text of the second part.\n" + body), encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 1
    assert capsys.readouterr().out.splitlines() == [expected]


def test_a_missing_image_in_the_text_is_an_error_at_its_line(tmp_path, capsys):
    root = add_second_lesson(copy_course(tmp_path / "course"))
    lesson = root / "content" / "01-basics" / "02-second-lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "    body: Text of the second part.\n", "    body: |\n      Text of the second part.\n\n      ![Gone](gone.png)\n"),
        encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/01-basics/02-second-lesson.yml:24:7: error [missing-image]: there is no image file 'gone.png' in "
        "content/01-basics/; put the file in the same folder as this YAML file, or fix the name"]


def test_the_course_notice_is_on_the_web_pages_and_every_handout_and_a_video_is_named_on_paper(tmp_path):
    from generator.render.pages import render_site
    from generator.render.print import render_print
    from generator.render.typst_markup import escape
    from generator.validate import validate_course

    root = add_second_lesson(copy_course(tmp_path / "course"))
    basics = root / "content" / "01-basics"
    (basics / "clip.mp4").write_bytes(b"\0")
    (basics / "clip.vtt").write_text("WEBVTT\n", encoding="utf-8")
    course_file = root / "content" / "course.yml"
    course_file.write_text(course_file.read_text(encoding="utf-8") + "notice: Stop any role-play that upsets you.\n",
                           encoding="utf-8")
    lesson = basics / "02-second-lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "    body: Text of the second part.\n", "    body: Text of the second part.\n"
        "    figures:\n      - src: clip.mp4\n        captions: clip.vtt\n        alt: Two people talking.\n"),
        encoding="utf-8")
    course, issues = validate_course(root)
    assert course is not None, issues
    pages = render_site(course)
    assert all("Stop any role-play that upsets you." in pages[p] for p in
               ["index.md", "basics/first-lesson.md", "basics/second-lesson.md"])
    docs = render_print(course)
    assert docs and all(escape("Stop any role-play that upsets you.") in d.body for d in docs)
    reading = next(d for d in docs if d.name == "second-lesson-reading")
    assert escape("Video: Two people talking. Watch it on the lesson's web page.") in reading.body
    assert "clip.mp4" not in reading.body
