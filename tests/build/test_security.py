"""Content is untrusted input: nothing in a course file can run script, load from another server, reach outside the
course, or end in a traceback. Each payload here is one that passed `validate` and reached the built pages before
(the probe report in the team's reviews, commit 43eec16); now each is an error at its own file, line and column."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from helpers.course_edits import copy_course
from helpers.payloads import ON_LOAD, PAYLOADS
from generator.cli import main
from generator.paths import OutsideError, published_files, svg_problems
from generator.preview import parse_dev_addr
from generator.render.markdown import EXTENSIONS, MarkdownRenderer, convert_slowly
from generator.sanitize import FRAGMENT_EXTENSIONS, SITE_EXTENSIONS, clean, removed, unsafe_markup
from generator.write import replacing, write_tree

LESSON = "content/01-basics/01-first-lesson.yml"
QUIZ = "quizzes/first-lesson.yml"


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


@pytest.mark.parametrize("name", ["comment-img-onerror", "entity-javascript-href", "cdata-script", "fence-raw-html"])
def test_a_payload_in_quiz_feedback_is_an_error_in_the_quiz(name, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    quiz = yaml.safe_load((root / QUIZ).read_text(encoding="utf-8"))
    feedback = next(o["feedback"] for q in quiz["questions"] for o in q.get("options", []) if o.get("feedback"))
    _edit(root, QUIZ, feedback, yaml.safe_dump(PAYLOADS[name], default_style='"').strip())

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


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1f", "\ufffe"])
def test_a_control_character_written_as_a_yaml_escape_is_an_error(character, tmp_path, capsys):
    """XML cannot hold it (the Moodle XML and QTI files were not well-formed) and Anki splits a note's fields on
    U+001F; YAML's own check lets "\\x1f" through."""
    assert unsafe_markup(f"A{character}B") == [(1, f"the control character U+{ord(character):04X} is not allowed "
                                                   "(no page or LMS export can hold it); delete it")]
    root = copy_course(tmp_path / "course")
    _edit(root, QUIZ, "explanation: A paraphrase", f'explanation: "A \\x{ord(character):02x} paraphrase'
          if ord(character) < 256 else f'explanation: "A \\u{ord(character):04x} paraphrase')
    text = (root / QUIZ).read_text(encoding="utf-8")
    (root / QUIZ).write_text(text.replace("heard the meaning.\n", 'heard the meaning."\n', 1), encoding="utf-8")

    code, out = _validate(root, capsys)

    assert code == 1 and out.startswith(f"{QUIZ}:16:") and "[unsafe-html]: the control character" in out, out
    assert unsafe_markup("Tabs\tand\nline ends\r\nare fine.") == []


def test_the_check_renders_with_the_fragments_extensions_too():
    """Quiz widgets, worksheets and exports render without superfences: what they would make HTML is checked."""
    assert sorted(FRAGMENT_EXTENSIONS) == sorted(EXTENSIONS)
    assert unsafe_markup("```\n\n<img src=x onerror=alert(1)>\n\n```") == [
        (5, "the event attribute 'onerror' on <img> is not allowed")]
    assert unsafe_markup("```html\n<b>bold</b> is code in both\n```") == []


@pytest.mark.parametrize("text", ["<a " * 2000, "![x](" * 2000, "[x](" * 2000, "[" * 5000, "<![CDATA[" * 2000,
                                  "<!--" * 2000, "<b>x</b>" * 2000])
def test_text_that_would_make_markdown_quadratic_is_refused_before_rendering(text):
    problems = unsafe_markup(text)
    assert problems and (problems[0][0] <= 3 or "more than 500 HTML tags" in problems[0][1])


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


@pytest.mark.parametrize("rel", ["../escape.txt", "a/../../escape.txt", "/tmp/escape.txt", "linked/escape.txt",
                                 "linked/new/escape.txt"])
def test_the_build_writes_nothing_outside_its_folder(rel, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "linked").symlink_to(tmp_path)

    with pytest.raises(OutsideError):
        write_tree(folder, {rel: "x"})

    assert not (tmp_path / "escape.txt").exists() and not (tmp_path / "new").exists()
    assert not Path("/tmp/escape.txt").exists()


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


# Reserved ids, and the traceback and message cases of the probe report: one clear line each, exit 1 (2 for usage).

WORKSHOP = """\
id: two-days
title: Two days
date: {date}
start: "09:00"
end: "17:00"
days:
  - sessions:
      - lesson: first-lesson
  - sessions:
      - lesson: first-lesson
skip:
  - spot-the-cue
"""
PAGE = """\
id: {id}
title: A page
audience: learners
summary: What the page is for.
sections:
  - id: first
    title: First
    body: Some text.
  - id: {second}
    title: Second
    body: More text.
"""


def _one_line_each(out: str) -> None:
    assert "Traceback" not in out
    for line in out.splitlines():
        assert re.match(r"[\w./-]+:\d+:\d+: (error|warning) \[[\w-]+\]: ", line), line


def _rename_lesson(root, new_id: str) -> None:
    for file in [root / LESSON, root / "content/01-basics/module.yml", root / QUIZ]:
        text = file.read_text(encoding="utf-8").replace("first-lesson\n", f"{new_id}\n")
        file.write_text(text.replace("id: first-lesson", f"id: {new_id}").replace("lesson:first-lesson#",
                                                                                    f"lesson:{new_id}#"))


@pytest.mark.parametrize("new_id", ["home", "index", "quiz", "print", "progress", "notes", "glossary", "con"])
def test_a_lesson_cannot_take_a_name_of_the_sites_own_pages(new_id, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    _rename_lesson(root, new_id)

    code, out = _validate(root, capsys)

    assert code == 1
    assert f"{LESSON}:1:5: error [reserved-id]: '{new_id}' is a " in out, out
    assert "so a lesson cannot have it; a lesson may not take: glossary, home, index, notes, print" in out


@pytest.mark.parametrize("page_id", ["glossary", "index", "schedule", "progress"])
def test_a_page_cannot_take_a_name_of_the_sites_own_pages(page_id, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    (root / "content" / "pages").mkdir()
    (root / "content" / "pages" / "extra.yml").write_text(PAGE.format(id=page_id, second="second"))

    code, out = _validate(root, capsys)

    assert code == 1 and "content/pages/extra.yml:1:5: error [reserved-id]: " in out, out


def test_duplicate_section_ids_in_a_page_are_an_error(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    (root / "content" / "pages").mkdir()
    (root / "content" / "pages" / "extra.yml").write_text(PAGE.format(id="extra", second="first"))

    code, out = _validate(root, capsys)

    assert code == 1
    assert out.startswith("content/pages/extra.yml:9:9: error [duplicate-id]: the section of 'extra' id 'first'")


def test_a_challenge_cannot_take_a_sections_id(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    _edit(root, LESSON, "  - title: Listening cues\n", "  - title: Listening cues\n    id: spot-the-cue\n")

    code, out = _validate(root, capsys)

    assert code == 1 and "error [duplicate-id]: 'spot-the-cue' is already the id of a section" in out, out


@pytest.mark.parametrize("value,code", [("2027-02-30", "bad-date"), ("2027-13-45", "bad-date"),
                                        ("!custom x", "yaml-tag"), ("!!python/name:os.system x", "yaml-tag")])
def test_a_value_yaml_cannot_make_is_one_line_at_its_place(value, code, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    _edit(root, LESSON, "exercises: 5\n", f"exercises: 5\ntry_this_week: {value}\n")

    result, out = _validate(root, capsys)

    assert result == 1 and out.startswith(f"{LESSON}:5:16: error [{code}]: "), out
    _one_line_each(out)


def test_a_control_character_is_reported_at_its_own_line_and_column(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    _edit(root, LESSON, "title: The first lesson", "title: The first \x01lesson")

    code, out = _validate(root, capsys)

    assert code == 1
    assert out == (f"{LESSON}:2:18: error [yaml-syntax]: this file holds a character YAML does not allow (U+0001, a "
                   "control character); delete it; it was probably pasted in by accident\n")


def test_nesting_500_deep_is_an_error_not_a_recursion_error(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    _edit(root, LESSON, "exercises: 5\n", f"exercises: 5\ntry_this_week: {'[' * 500}x{']' * 500}\n")

    code, out = _validate(root, capsys)

    assert code == 1 and "error [too-deep]: the values here are nested more than 40 levels deep" in out, out
    _one_line_each(out)


def test_a_workshop_running_past_the_calendar_is_an_error(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    (root / "workshops").mkdir()
    (root / "workshops" / "two-days.yml").write_text(WORKSHOP.format(date="9999-12-31"))

    code, out = _validate(root, capsys)

    assert code == 1 and out.startswith("workshops/two-days.yml:3:7: error [out-of-range]: the workshop's 2 days")


def test_a_mistake_in_a_lesson_makes_no_error_in_a_workshop(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    (root / "workshops").mkdir()
    (root / "workshops" / "two-days.yml").write_text(WORKSHOP.format(date="2027-03-04"))
    _edit(root, LESSON, "keypoints:", "keypoint:")

    code, out = _validate(root, capsys)

    assert code == 1 and "workshops/" not in out and out.startswith(f"{LESSON}:"), out


@pytest.mark.parametrize("edit,message", [
    (("      - Look at the questions.\n", "      - Look at the questions.\n    workspace: 2000000\n"),
     "'workspace' is 2,000,000; it must be a number from 0 to 40"),
    (("    assesses: [use-a-cue]", "    points: .inf\n    assesses: [use-a-cue]"),
     "'points' is infinite; it must be a number from 0 to 100"),
    (("teaching: 10", "teaching: 100000"), "'teaching' is 100,000; it must be a number from 0 to 480"),
])
def test_numbers_are_finite_and_within_their_bound(edit, message, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    file = QUIZ if "points" in edit[1] else LESSON
    _edit(root, file, *edit)

    code, out = _validate(root, capsys)

    assert code == 1 and f"error [out-of-range]: {message}" in out, out


def test_a_citation_key_in_capitals_says_it_differs_only_in_case(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    _edit(root, LESSON, "listening [@rogers-1957]", "listening [@Rogers-1957]")

    code, out = _validate(root, capsys)

    assert code == 1
    assert "error [unknown-reference]: the citation '[@Rogers-1957]' has capital letters" in out
    assert "the reference is 'rogers-1957'; write it in lower case: [@rogers-1957]" in out


@pytest.mark.parametrize("dev_addr,expected", [(None, ("127.0.0.1", 8000)), ("8000", ("127.0.0.1", 8000)),
                                               (":8001", ("127.0.0.1", 8001)), ("localhost", ("localhost", 8000)),
                                               ("0.0.0.0:9000", ("0.0.0.0", 9000))])
def test_a_port_alone_binds_the_loopback_address(dev_addr, expected):
    assert parse_dev_addr(dev_addr) == expected


@pytest.mark.parametrize("dev_addr", ["127.0.0.1:notaport", "host:0", "host:70000", "a b:80"])
def test_a_bad_dev_addr_is_a_usage_error(dev_addr, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    with pytest.raises(SystemExit) as stop:
        main(["--root", str(root), "serve", "--dev-addr", dev_addr])
    assert stop.value.code == 2 and "--dev-addr: " in capsys.readouterr().err


def test_a_busy_port_is_one_line(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 1 and f"cannot listen on 127.0.0.1:{port}" in err and "Traceback" not in err


def test_a_file_where_the_cache_folder_goes_is_one_line(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    (root / ".cache").write_text("not a folder")

    code = main(["--root", str(root), "build", "--no-pdfs"])

    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines()[-1].endswith("; a file stands where coursegen needs a folder: move it away")
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [".cache"]


def test_a_swap_that_fails_keeps_the_old_site_and_leaves_nothing(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    real_rename = os.rename

    def rename(src, dst):
        if Path(src).name.startswith(".site.new-"):
            raise PermissionError(13, "Permission denied", str(src))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PermissionError), replacing(site) as staging:
        (staging / "index.html").write_text("new")

    assert (site / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# At view time: every page carries a Content-Security-Policy, and nothing on any page of the shipped course breaks it.

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""
SCRIPT_FROM_CONTENT = """() => {
    const handlers = [...document.querySelectorAll("*")].flatMap(
        e => [...e.attributes].filter(a => a.name.startsWith("on")).map(a => `<${e.localName} ${a.name}>`));
    const links = [...document.querySelectorAll("[href^='javascript:' i], [src^='javascript:' i]")]
        .filter(e => !e.matches(".md-search__icon")).map(e => e.outerHTML.slice(0, 80));
    const foreign = [...document.scripts].filter(s => s.src && new URL(s.src).origin !== location.origin)
        .map(s => s.src);
    return [...handlers, ...links, ...foreign];
}"""


def _policy(page) -> str | None:
    return page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]')?.content ?? null")


@pytest.mark.browser
def test_every_page_of_the_shipped_course_runs_under_its_policy_without_a_violation(site, html_pages, new_page):
    page = new_page()
    page.context.add_init_script(LISTEN)
    problems = {}
    for rel in html_pages:
        page.goto(f"{site.url}/{rel}", wait_until="load")
        page.wait_for_timeout(50)  # a violation event is queued as a task after the blocked script
        policy = _policy(page)
        found = page.evaluate("window.__violations") + page.evaluate(SCRIPT_FROM_CONTENT)
        if policy is None:
            found.append("no Content-Security-Policy")
        elif policy is not None and ("'unsafe-inline'" in policy.split("script-src")[1].split(";")[0]):
            found.append("script-src allows 'unsafe-inline'")
        if found:
            problems[rel] = found
    assert {"index.html", "progress.html"} <= set(html_pages) and problems == {}  # the walk is real


@pytest.mark.browser
def test_the_policy_blocks_an_inline_script_and_reports_it(site, sample_pages, new_page):
    """The control for the test above: the policy is enforced, and the listener hears a blocked script."""
    page = new_page()
    page.context.add_init_script(LISTEN)
    page.goto(f"{site.url}/{sample_pages.lesson}", wait_until="load")

    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1";
                             document.body.append(s);
                             const i = document.createElement("img"); i.setAttribute("onerror", "window.__ran = 2");
                             i.src = "x.png"; document.body.append(i); }""")
    page.wait_for_timeout(300)

    assert page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))


def test_the_publishing_workflow_builds_pull_requests_without_credentials_and_uploads_only_the_site():
    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    build = workflow["jobs"]["build"]["steps"]
    checkout = next(s for s in build if s.get("uses", "").startswith("actions/checkout@"))
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert "pull_request" in triggers and "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"} and "secrets." not in text
    assert checkout["with"]["persist-credentials"] is False
    assert upload["with"]["path"] == "site"


def test_an_id_given_with_attr_list_cannot_collide_with_an_anchor_of_the_page(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    _edit(root, LESSON, "      A [cue]", "      Read on.\n      {: #spot-the-cue }\n\n      A [cue]")

    code, out = _validate(root, capsys)

    assert code == 1
    assert f"{LESSON}:19:7: error [duplicate-id]: the id 'spot-the-cue' is already an anchor of the page" in out, out


def test_a_file_name_too_long_is_one_line(tmp_path, capsys):
    root = copy_course(tmp_path / "course")

    code = main(["--root", str(root), "new", "lesson", "a" * 249, "--module", "basics"])

    err = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_ctrl_c_is_one_line_and_exit_130(tmp_path, capsys, monkeypatch):
    root = copy_course(tmp_path / "course")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.commands.validate_course", interrupted)
    code = main(["--root", str(root), "validate"])

    assert code == 130 and capsys.readouterr().err.startswith("coursegen: interrupted")


def test_a_killed_build_leaves_nothing_that_git_shows(tmp_path):
    root = copy_course(tmp_path / "course")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "course"], check=True)
    build = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build", "--no-pdfs"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while build.poll() is None and not list(root.glob(".site.new-*")):
        time.sleep(0.05)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()

    status = subprocess.run([*git, "status", "--porcelain", "--ignored=no"], capture_output=True, text=True)
    # course.lock.json is written on purpose, before anything else, for the author to commit (generator/lockfile.py)
    assert status.stdout.replace("?? course.lock.json\n", "") == ""
    with replacing(root / "site"):  # the next build starts by removing what the killed one left
        pass
    assert [p.name for p in root.iterdir() if p.name.startswith((".site.", ".handouts-"))] == []


def test_the_docs_tree_holds_only_the_shown_files_of_content(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    folder = root / "content" / "01-basics"
    (folder / "evil.md").write_text("<script>alert(1)</script>")
    (folder / "evil.html").write_text("<script>alert(1)</script>")
    (folder / "drawing.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")

    assert main(["--root", str(root), "docs", "--no-pdfs", "--out", "tree"]) == 0

    published = sorted(p.name for p in (root / "tree" / "docs" / "01-basics").iterdir())
    assert "drawing.svg" in published and not {"evil.md", "evil.html", "evil.md.html"} & set(published)


@pytest.mark.parametrize("new_id", ["home", "print", "assets", "search", "instructor"])
def test_a_module_cannot_take_a_name_of_the_sites_own_pages_or_folders(new_id, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    _edit(root, "content/01-basics/module.yml", "id: basics", f"id: {new_id}")
    _edit(root, "content/course.yml", "basics", new_id)

    code, out = _validate(root, capsys)

    assert code == 1 and f"content/01-basics/module.yml:1:5: error [reserved-id]: '{new_id}'" in out, out


@pytest.mark.browser
def test_a_quiz_answered_and_instant_navigation_stay_within_the_policy(site, sample_pages, new_page):
    """Material's instant navigation injects the next page's scripts again, and the quiz widget changes the page:
    neither may need more than the policy allows."""
    page = new_page()
    page.context.add_init_script(LISTEN)
    page.goto(f"{site.url}/{sample_pages.lesson}", wait_until="load")
    question = page.locator(".qz-q").first
    question.locator("input").first.check()
    question.locator("button.qz-check").click()  # visible only once quiz.js has run, under the policy
    page.wait_for_timeout(200)
    assert question.locator(".qz-status").inner_text().strip()
    violations = page.evaluate("window.__violations")
    page.locator("a.md-footer__link--next").click()  # instant navigation: no new document, so no new listener
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)

    assert page.url != f"{site.url}/{sample_pages.lesson}"
    assert violations + page.evaluate("window.__violations ?? []") == []
