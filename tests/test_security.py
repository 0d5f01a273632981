"""Content is untrusted input: nothing in a course file can run script, load from another server, reach outside the
course, or end in a traceback. Each payload here is one that passed `validate` and reached the built pages before
(the probe report in the team's reviews, commit 43eec16); now each is an error at its own file, line and column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from course_edits import copy_course
from generator.cli import main
from generator.paths import OutsideError, published_files, svg_problems
from generator.render.markdown import MarkdownRenderer, convert_slowly
from generator.sanitize import SITE_EXTENSIONS, clean, removed, unsafe_markup
from generator.write import replacing, write_tree

LESSON = "content/01-basics/01-first-lesson.yml"
QUIZ = "quizzes/first-lesson.yml"

ON_LOAD = {
    "cdata-script": "<![CDATA[><script>window.xss=1</script>]]>",
    "comment-img-onerror": "<!--><img src=x onerror=window.xss=1>-->",
    "noscript-title": '<noscript><p title="</noscript><img src=x onerror=window.xss=1>"></noscript>',
    "attr-list-onload": '![A diagram](three-components.svg){ onload="window.xss=1" }',
    "entity-javascript-href": "[click](jav&#x61;script:window.xss=1)",
}
"""Payloads that ran on page load (or, for the link, on a click) in the built site, written in a section body."""

ON_INTERACTION = {
    "attr-list-onclick": '[click](https://example.org){ onclick="window.xss=1" }',
    "attr-list-block": 'A paragraph.\n{: onmouseover="window.xss=1" }',
    "colon-entity": "[click](javascript&colon;window.xss=1)",
    "all-entities": "[c](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.xss=1)",
    "angle-destination": "[click](<javascript:window.xss=1>)",
    "reference-style": "[click][r]\n\n[r]: javascript:window.xss=1",
    "script-tag": "<script>window.xss=1</script>",
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "data-html": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "svg-onload": "<svg onload=\"window.xss=1\"></svg>",
    "iframe": '<iframe src="https://example.org"></iframe>',
    "style-attribute": '<p style="background:url(https://example.org/x.png)">a</p>',
    "site-id": '<span id="__search">x</span>',
}
REMOTE = {
    "remote-markdown-image": "![x](https://example.org/x.png)",
    "remote-img": '<img src="https://example.org/x.png" alt="x">',
    "remote-video": '<video src="https://example.org/v.mp4"></video>',
    "remote-audio-source": '<audio><source src="//example.org/a.mp3"></audio>',
}
PAYLOADS = {**ON_LOAD, **ON_INTERACTION, **REMOTE}


def _validate(root, capsys) -> tuple[int, str]:
    code = main(["--root", str(root), "validate"])
    return code, capsys.readouterr().out


def _edit(root, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name", PAYLOADS)
def test_a_payload_in_a_body_is_an_error_at_its_line_and_column(name, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    lines = PAYLOADS[name].split("\n")
    _edit(root, LESSON, "      A [cue]", "".join(f"      {line}\n" if line else "\n" for line in lines) + "\n      A [cue]")

    code, out = _validate(root, capsys)

    assert code == 1
    first = next((line for line in out.splitlines() if "[unsafe-html]" in line), out)
    assert re.match(rf"{LESSON}:(18|19|20):\d+: error \[unsafe-html\]: ", first), out
    column = int(first.split(":")[2])
    line = int(first.split(":")[1])
    written = (root / LESSON).read_text(encoding="utf-8").splitlines()[line - 1]
    assert written[column - 1] in "<[!{", f"the column points at {written[column - 1:]!r}"


@pytest.mark.parametrize("name", ["comment-img-onerror", "entity-javascript-href", "cdata-script"])
def test_a_payload_in_quiz_feedback_is_an_error_in_the_quiz(name, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    quiz = yaml.safe_load((root / QUIZ).read_text(encoding="utf-8"))
    feedback = next(o["feedback"] for q in quiz["questions"] for o in q.get("options", []) if o.get("feedback"))
    _edit(root, QUIZ, feedback, f"'{ON_LOAD[name]}'")

    code, out = _validate(root, capsys)

    assert code == 1 and out.startswith(f"{QUIZ}:") and "[unsafe-html]" in out, out


def test_a_title_cannot_gain_attributes(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    _edit(root, LESSON, "title: The first lesson", 'title: The first lesson { onclick="window.xss=1" }')

    code, out = _validate(root, capsys)

    assert code == 1
    assert out.startswith(f"{LESSON}:2:8: error [unsafe-html]: the event attribute 'onclick' on <h1> is not allowed")


def test_a_section_title_cannot_gain_attributes(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    _edit(root, LESSON, "  - title: Listening cues", '  - title: Listening cues { onmouseover="x" }')

    code, out = _validate(root, capsys)

    assert code == 1 and "[unsafe-html]" in out and "'onmouseover'" in out, out


@pytest.mark.parametrize("name", PAYLOADS)
def test_what_the_check_reports_is_what_the_sanitizer_removes(name):
    """The sanitizer (nh3) removes something from each payload's HTML, and the check names it."""
    html = convert_slowly(PAYLOADS[name])
    assert unsafe_markup(PAYLOADS[name])
    if "<![CDATA[" not in PAYLOADS[name] and "noscript" not in PAYLOADS[name]:  # refused before rendering
        assert removed(html) or "](" in PAYLOADS[name]
        assert clean(html) != html


@pytest.mark.parametrize("name", PAYLOADS)
def test_fragments_the_generator_writes_are_sanitized_even_unvalidated(name):
    html = MarkdownRenderer(link=lambda target: target, cite=str).block(PAYLOADS[name])
    assert not re.search(r"(?i)<script|\son\w+=|javascript:|vbscript:|data:text|src=\"(https?:)?//|__search|"
                         r"style=|<iframe|<svg", html), html


@pytest.mark.parametrize("text", [
    "Plain words with a [rapport](glossary:rapport) link, a [lesson](lesson:first#x) and [@rogers-1957].",
    "Some <em>emphasis</em>, <abbr title=\"Frequently asked\">FAQ</abbr> and <kbd>Ctrl</kbd>.",
    "![A diagram](three-steps.svg)\n\n| Step | Why |\n|:-----|----:|\n| a | b |",
    "A link to [the web](https://example.org \"title\") and [mail](mailto:a@example.org).",
    "A footnote[^1].\n\n[^1]: The note.",
    "An <!-- author's note --> aside, and 3 < 4 & 5 > 2.",
    "<details><summary>More</summary>\n\nHidden text.\n\n</details>",
])
def test_what_a_course_needs_passes_unchanged(text):
    assert unsafe_markup(text) == []


def test_the_check_renders_with_the_sites_extensions():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert sorted(names) == sorted(SITE_EXTENSIONS)


@pytest.mark.parametrize("text", ["<a " * 2000, "![x](" * 2000, "[x](" * 2000, "[" * 5000, "<![CDATA[" * 2000,
                                  "<!--" * 2000])
def test_text_that_would_make_markdown_quadratic_is_refused_before_rendering(text):
    problems = unsafe_markup(text)
    assert problems and problems[0][0] <= 3


# Containment: every path content names stays in content/, and only the kinds of file a course shows are published.

SCRIPTED_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
  <script>alert(1)</script>
  <rect width="10" height="10" onclick="alert(2)"/>
  <image xlink:href="https://example.org/x.png"/>
</svg>
"""


@pytest.mark.parametrize("path", ["../../../../secret.svg", "../../.git/config", "../../../secret.svg",
                                  "/etc/passwd.svg", "..%2f..%2fsecret.svg"])
def test_an_image_path_leading_out_of_content_is_an_error_at_its_line(path, tmp_path, capsys):
    root = copy_course(tmp_path / "outer" / "a" / "b" / "course")
    (tmp_path / "outer" / "secret.svg").write_text("<svg/>")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[http] extraheader = AUTHORIZATION: basic FAKE-GIT-TOKEN\n")
    _edit(root, LESSON, "      A [cue]", f"      ![x]({path})\n\n      A [cue]")

    code, out = _validate(root, capsys)

    assert code == 1
    assert re.match(rf"{LESSON}:18:7: error \[(outside-course|unsafe-html|missing-image)\]: ", out), out


def test_a_symlink_out_of_content_is_an_error_and_not_published(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    (root / "content" / "01-basics" / "notes.svg").symlink_to("/etc/passwd")
    (root / "content" / "01-basics" / "inside.svg").symlink_to(root / "content" / "01-basics" / "nowhere.svg")

    code, out = _validate(root, capsys)

    assert code == 1
    assert "content/01-basics/notes.svg:1:1: error [outside-course]: 'notes.svg' is a link to a file outside" in out
    assert [p.name for p in published_files(root / "content")] == []


def test_only_the_kinds_of_file_a_course_shows_are_published(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    folder = root / "content" / "01-basics"
    for name in ("evil.md", "evil.html", "notes.txt", "diagram.svg", "photo.PNG", "clip.webm", "clip.vtt"):
        (folder / name).write_text("<svg xmlns='http://www.w3.org/2000/svg'/>" if name.endswith(".svg") else "x")

    code, out = _validate(root, capsys)

    assert code == 0
    assert "content/01-basics/evil.html:1:1: warning [unpublished-file]: 'evil.html' is not published" in out
    assert sorted(p.name for p in published_files(root / "content")) == ["clip.vtt", "clip.webm", "diagram.svg",
                                                                         "photo.PNG"]


def test_an_svg_that_could_run_script_or_load_from_elsewhere_is_refused_at_its_line(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    (root / "content" / "01-basics" / "drawing.svg").write_text(SCRIPTED_SVG)

    code, out = _validate(root, capsys)

    assert code == 1
    svg = "content/01-basics/drawing.svg"
    assert f"{svg}:2:3: error [unsafe-svg]: an SVG may not hold <script>" in out
    assert f"{svg}:3:3: error [unsafe-svg]: the event attribute 'onclick' on <rect>" in out
    assert f"{svg}:4:3: error [unsafe-svg]: <image> links to 'https://example.org/x.png'" in out


def test_the_shipped_svgs_are_accepted():
    assert all(svg_problems(p.read_bytes()) == [] for p in (ROOT / "content").rglob("*.svg"))


@pytest.mark.parametrize("rel", ["../escape.txt", "a/../../escape.txt", "/tmp/escape.txt", "linked/escape.txt"])
def test_the_build_writes_nothing_outside_its_folder(rel, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "linked").symlink_to(tmp_path)

    with pytest.raises(OutsideError):
        write_tree(folder, {rel: "x"})

    assert not (tmp_path / "escape.txt").exists() and not Path("/tmp/escape.txt").exists()


def test_leftovers_of_killed_builds_are_removed_by_the_next(tmp_path):
    (tmp_path / ".site.new-999999999-abc").mkdir()
    (tmp_path / ".site.old-999999999-abc").mkdir()
    (tmp_path / ".handouts-xyz").mkdir()

    with replacing(tmp_path / "site") as staging:
        (staging / "index.html").write_text("x")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_running_builds_folders_are_left_alone(tmp_path):
    (tmp_path / ".site.new-1-abc").mkdir()  # pid 1 is alive: another build's, with its handouts
    (tmp_path / ".handouts-xyz").mkdir()

    with replacing(tmp_path / "site"):
        pass

    assert sorted(p.name for p in tmp_path.iterdir()) == [".handouts-xyz", ".site.new-1-abc", "site"]
