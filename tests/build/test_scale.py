"""Linear at scale: a lean search index (teaching text in; quizzes, answers and generated navigation out) and a
navigation that stops growing with the number of modules (theme/partials/nav.html)."""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, BuiltSite
from helpers.files import yaml_strings

from generator.cli import main
from generator.i18n import catalog
from generator.validate import validate_course

EN = catalog("en")


# ---------------------------------------------------------------------------------------------------------------------
# The search index of the shipped course
# ---------------------------------------------------------------------------------------------------------------------


def text_of(markup: str) -> str:
    """Index or page markup as plain text: no tags, entities decoded, whitespace collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def readable(markdown: str) -> str:
    """Author Markdown roughly as a reader sees it: no citations or list markers, links reduced to their text, no
    emphasis marks."""
    text = re.sub(r"(?m)^\s*(\d+\.|[-*])\s+", "", markdown)
    text = re.sub(r"\s*\[@[^\]]*\]", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*_`]", "", text).split())


def opening(markdown: str, length: int = 60) -> str:
    """The start of some author Markdown as a reader sees it, before its first citation (which the index spells
    "(Author, year)")."""
    return readable(re.split(r"\s*\[@", markdown)[0])[:length]


@pytest.fixture(scope="module")
def index(site: BuiltSite) -> list[dict]:
    """The entries of the built shipped course's search index."""
    return json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.fixture(scope="module")
def indexed_text(index) -> str:
    return text_of(" ".join(f"{doc['title']} {doc['text']}" for doc in index))


def test_no_quiz_text_is_in_the_search_index(indexed_text):
    # Every sentence of every quiz file: stems, scenarios, options, feedback, explanations, model answers, hints.
    # A sentence the quiz shares with a lesson (a quoted definition) is findable through the lesson, rightly.
    lessons = " ".join(readable(s) for p in (ROOT / "content").rglob("*.yml")
                       for s in yaml_strings(yaml.safe_load(p.read_text(encoding="utf-8"))))
    quiz_text = [(p.stem, opening(s)) for p in sorted((ROOT / "quizzes").glob("*.yml"))
                 for s in yaml_strings(yaml.safe_load(p.read_text(encoding="utf-8")))]
    leaks = [f"{quiz}: {text}" for quiz, text in quiz_text
             if len(text) >= 25 and " " in text and text not in lessons and text in indexed_text]
    assert quiz_text, "no quiz was read"
    assert not leaks, f"{len(leaks)} quiz texts in the search index, e.g.:\n  " + "\n  ".join(leaks[:10])


def test_no_quiz_or_navigation_entries_are_in_the_search_index(index):
    pages = {doc["location"].split("#")[0] for doc in index}
    titles = {text_of(doc["title"]) for doc in index}
    whole_pages_out = {"progress.html", "instructor/schedule.html", "print-and-workshops.html"}
    assert not {p for p in pages if p.endswith("/quiz.html")} | (pages & whole_pages_out)
    labels = {EN("nav.module_quiz"), EN("module.quiz"), EN("lesson.check"), EN("home.map"), EN("lesson.key_terms")}
    assert not titles & labels
    assert not [doc for doc in index if re.search(r"Question \d+ of \d+", doc["text"] + doc["title"])]
    # A module overview is indexed for its summary only: its lesson list repeats the navigation.
    overviews = [doc for doc in index if doc["location"].split("#")[0].endswith("/index.html")]
    assert overviews and all("#" not in doc["location"] for doc in overviews)
    # Lists of where each term and source is used are navigation too.
    text = " ".join(doc["text"] for doc in index)
    assert EN("glossary.introduced_in") not in text and EN("references.cited_in") not in text


def test_teaching_text_is_in_the_search_index(index, indexed_text):
    course, issues = validate_course(ROOT)
    assert course is not None, issues
    titles = {text_of(doc["title"]) for doc in index}
    for _, lesson in course.lessons:
        assert lesson.title in titles, lesson.id
        for section in lesson.sections:
            assert opening(section.body) in indexed_text, f"{lesson.id}: {section.title}"
        for point in lesson.keypoints:
            assert opening(point, 40) in indexed_text, f"{lesson.id}: key point {point[:40]}"
        if lesson.try_this_week:
            assert opening(lesson.try_this_week) in indexed_text, f"{lesson.id}: try this week"
    for term in course.glossary.terms:
        assert opening(term.definition, 40) in indexed_text, term.id


def test_the_shipped_course_keeps_its_full_navigation(site: BuiltSite):
    course, _ = validate_course(ROOT)
    lesson = course.parts[-1].lessons[0]
    page = next(p for p in site.pages if p.endswith(f"/{lesson.id}.html"))
    nav = primary_nav((site.dir / page).read_text(encoding="utf-8"))
    listed = module_entries(nav)
    assert listed == [f"{n}. {part.module.title}" for n, part in enumerate(course.parts, 1)]
    assert "course-map-link" not in nav
    assert nav.count('aria-current="page"') == 1
    assert re.search(rf'href="{lesson.id}.html" class="md-nav__link md-nav__link--active" aria-current="page"', nav)


# ---------------------------------------------------------------------------------------------------------------------
# The navigation of larger courses
# ---------------------------------------------------------------------------------------------------------------------

LESSONS_PER_MODULE = 2


def make_course(root: Path, modules: int) -> None:
    """A small valid course of `modules` modules of LESSONS_PER_MODULE short lessons, titled with fixed widths so
    that page sizes compare."""
    (root / "content").mkdir(parents=True)
    (root / "quizzes").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")

    def dump(path: Path, data) -> None:
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    ids = [f"module-{m:02d}" for m in range(1, modules + 1)]
    dump(root / "content" / "course.yml", {
        "id": "scale", "title": "Scale course", "version": "1", "license": "CC-BY-4.0", "authors": [{"name": "Test"}],
        "description": "Synthetic.", "audience": "Tests.", "modules": ids})
    dump(root / "content" / "references.yml", {"references": [
        {"key": "rogers-1957", "authors": ["Rogers, C. R."], "year": 1957, "title": "Conditions",
         "venue": "Journal of Consulting Psychology", "doi": "10.1037/h0045357"}]})
    dump(root / "content" / "glossary.yml", {"terms": [{"id": "rapport", "term": "Rapport", "definition": "Trust."}]})
    for m, module in enumerate(ids, 1):
        folder = root / "content" / f"{m:02d}-{module}"
        folder.mkdir()
        lessons = [f"lesson-{m:02d}-{n}" for n in range(1, LESSONS_PER_MODULE + 1)]
        dump(folder / "module.yml", {"id": module, "title": f"Module {m:02d}", "summary": "Synthetic.",
                                     "lessons": lessons})
        for n, lesson in enumerate(lessons, 1):
            dump(folder / f"{n:02d}-{lesson}.yml", {
                "id": lesson, "title": f"Lesson {m:02d}.{n}", "teaching": 10, "exercises": 5,
                "questions": ["Why?"], "objectives": [{"id": "understand", "text": "Understand it."}],
                "keypoints": ["It matters [@rogers-1957]."], "glossary": ["rapport"],
                "sections": [{"title": "Section", "body": "Rapport grows when each person feels heard."}],
                "challenges": [{"id": f"{lesson}-try", "title": "Try it", "prompt": "Listen.",
                                "solution": "Listened.", "assesses": ["understand"]}],
            })


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[int, Path]:
    """Two built synthetic courses by their number of modules: within the full navigation's limit, and beyond it."""
    built = {}
    for modules in (3, 12):
        root = tmp_path_factory.mktemp(f"scale-{modules}") / "course"
        make_course(root, modules)
        assert main(["--root", str(root), "build", "--site-dir", str(root / "site"), "--no-pdfs"]) == 0
        built[modules] = root / "site"
    return built


def primary_nav(page: str) -> str:
    """The primary navigation of a page, nested navigations included."""
    start = page.index('<nav class="md-nav md-nav--primary"')
    depth, position = 0, start
    for tag in re.finditer(r"<(/?)nav\b", page[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            position = start + tag.end()
            break
    return page[start:page.index(">", position) + 1]


def module_entries(nav: str) -> list[str]:
    """The titles of the modules a navigation lists, in order ("3. Module 03")."""
    titles = re.findall(r'<span class="md-ellipsis">\s*(\d+\. [^<]*?)\s*</span>', nav)
    return list(dict.fromkeys(titles))


def lesson_nav(site: Path, module: int, lesson: int = 1) -> str:
    return primary_nav((site / f"module-{module:02d}" / f"lesson-{module:02d}-{lesson}.html").read_text("utf-8"))


def test_a_course_within_the_limit_lists_every_module(sites):
    nav = lesson_nav(sites[3], 2)
    assert module_entries(nav) == ["1. Module 01", "2. Module 02", "3. Module 03"]
    assert "course-map-link" not in nav


def test_beyond_the_limit_a_page_lists_its_module_and_the_ones_either_side(sites):
    nav = lesson_nav(sites[12], 6)
    assert module_entries(nav) == ["5. Module 05", "6. Module 06", "7. Module 07"]
    # The open module lists all its pages; the others one link each.
    assert 'href="lesson-06-1.html" class="md-nav__link md-nav__link--active" aria-current="page"' in nav
    assert 'href="lesson-06-2.html"' in nav and "lesson-05-2.html" not in nav and "lesson-07-2.html" not in nav
    # The rest are a link away: the course map on the home page, whose module list has that anchor.
    assert '<a href="../index.html#course-map" class="md-nav__link">' in nav
    home = (sites[12] / "index.html").read_text(encoding="utf-8")
    assert 'id="course-map"' in home and all(f"Module {m:02d}" in home for m in range(1, 13))
    # The global pages stay.
    for label in ["nav.home", "nav.glossary", "nav.references", "nav.progress", "nav.print", "nav.instructors"]:
        assert f"{EN(label)}\n" in nav or f"{EN(label)}<" in nav, label
    assert module_entries(lesson_nav(sites[12], 1)) == ["1. Module 01", "2. Module 02"]
    assert module_entries(primary_nav((sites[12] / "glossary.html").read_text("utf-8"))) == []


def test_beyond_the_limit_the_navigation_stops_growing(sites):
    small, large = lesson_nav(sites[3], 2), lesson_nav(sites[12], 6)
    # What one more module costs every page while the navigation lists them all: its collapsed entry.
    pruned = re.search(r'<li class="md-nav__item md-nav__item--pruned md-nav__item--nested">.*?</li>', small, re.S)
    one_module = len(pruned.group(0).encode())
    # Both list three modules; four times the modules add only the course map link, less than one module's entry.
    extra = len(large.encode()) - len(small.encode())
    assert 0 < extra < one_module, f"12 modules: {len(large)} bytes of navigation, 3 modules: {len(small)}"
