"""The caches `coursegen build` keeps in .cache/build.pickle: a rebuild from them is the build from scratch."""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import pickle
import shutil
from pathlib import Path

import jinja2
import pytest


from helpers.course_edits import copy_course
from helpers.rebuild_edits import COURSE_WIDE, EDITS, LESSON, course_to_edit, replace
from generator import buildcache, cachekey, print_site
from generator.build import _render_pages
from generator.cli import main
from generator.pdf import render_pdf
from generator.render.pages import SiteCache
from generator.render.print import render_print
from generator.validate import validate_course


def rebuild(root: Path) -> tuple[list, tuple[list, dict[str, str]] | None, buildcache.BuildCache]:
    """What a build does with the stored caches: load them, validate, render the handouts and the pages (on two
    cores), save them. Gives the issues, the print documents and pages, and the caches."""
    cache = buildcache.load(root)
    course, issues = validate_course(root, cache=cache.validation)
    if course is None:
        return issues, None, cache
    docs = render_print(course, root / "theme", cache=cache.render.print)
    pages = _render_pages(course, root / "theme", cache.render.site, docs)
    buildcache.save(root, cache)
    return issues, (docs, pages), cache


def from_scratch(root: Path) -> tuple[list, tuple[list, dict[str, str]] | None]:
    course, issues = validate_course(root)
    if course is None:
        return issues, None
    docs = render_print(course, root / "theme")
    return issues, (docs, _render_pages(course, root / "theme", SiteCache(), docs))


def test_a_rebuild_from_the_stored_caches_gives_what_a_build_from_scratch_gives_after_every_kind_of_edit(tmp_path):
    root = course_to_edit(tmp_path / "course")
    issues, (docs, pages), cache = rebuild(root)
    assert cache.render.site.rendered == set(pages) and (root / buildcache.CACHE_FILE).is_file()
    assert cache.render.print.rendered == {doc.name for doc in docs}
    for what, edit in EDITS:
        edit(root)
        issues, built, cache = rebuild(root)
        assert (issues, built) == from_scratch(root), f"after {what}"


def test_a_lesson_edit_renders_again_only_the_pages_and_handouts_that_show_it(tmp_path):
    root = course_to_edit(tmp_path / "course")
    rebuild(root)
    replace(root, LESSON, "This lesson covers one habit", "This lesson covers one edited habit")
    _, (docs, pages), cache = rebuild(root)
    assert cache.validation.changed == {LESSON}
    assert cache.render.site.rendered <= {"practice/listening-practice.md", "practice/quiz.md",
                                          "practice/index.md", *COURSE_WIDE}
    assert "one edited habit" in pages["practice/listening-practice.md"]
    # Its handouts, and the documents of the workshops that teach it (which copy some of its handouts): no other.
    rendered = cache.render.print.rendered
    assert {f"listening-practice-{kind}" for kind in ["worksheet", "facilitator", "reading"]} <= rendered
    assert all(name.startswith(("listening-practice-", "practice-day")) for name in rendered), rendered
    assert "first-lesson-worksheet" in {doc.name for doc in docs} - rendered  # the other lesson's: not made again


def test_a_rebuild_compiles_no_template_it_compiled_before(tmp_path, monkeypatch):
    root = course_to_edit(tmp_path / "course")
    rebuild(root)
    replace(root, LESSON, "This lesson covers one habit", "This lesson covers one edited habit")
    compiled = []
    compile_template = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda env, source, name=None, *args, **options: (
        compiled.append(name), compile_template(env, source, name, *args, **options))[1])
    _, (docs, pages), cache = rebuild(root)  # the page and print renderers' environments are new ones
    assert cache.render.print.rendered and cache.render.site.rendered
    # No page or print template; the quiz widget's environment (render/quiz.py) is one per process, not kept.
    assert [name for name in compiled if not name.startswith("quiz/")] == []


def test_caches_that_this_code_did_not_write_are_not_used(tmp_path):
    root = course_to_edit(tmp_path / "course")
    rebuild(root)
    file = root / buildcache.CACHE_FILE
    fingerprint, _, data = file.read_bytes().partition(b"\n")
    for stale in [b"0" * len(fingerprint) + b"\n" + data, fingerprint + b"\n" + data[: len(data) // 2],
                  fingerprint + b"\nnot a pickle"]:
        file.write_bytes(stale)
        cache = buildcache.load(root)
        assert cache.validation.files == {} and cache.render.site.pages == {} and cache.render.print.units == {}
        rendered = rebuild(root)[2].render
        docs, pages = from_scratch(root)[1]
        assert rendered.site.rendered == set(pages) and rendered.print.rendered == {doc.name for doc in docs}


class _Opens:
    """A pickle that, loaded, creates the file at `path`: what a pull request could hide in .cache/build.pickle."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return open, (str(self.path), "w")


def test_a_build_pickle_this_users_key_did_not_sign_is_never_unpickled(tmp_path, monkeypatch):
    root = course_to_edit(tmp_path / "course")
    rebuild(root)
    file, marker = root / buildcache.CACHE_FILE, tmp_path / "ran"
    fingerprint = file.read_bytes().partition(b"\n")[0] + b"\n"  # public inputs: anybody can compute it
    file.write_bytes(fingerprint + pickle.dumps(_Opens(marker)) + b"\0" * 32)
    assert buildcache.load(root).validation.files == {} and not marker.exists()
    assert main(["--root", str(root), "validate"]) == 0 and not marker.exists()
    # Signed by another key (another machine's, or one a pull request knows): not taken either.
    rebuild(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    cachekey.secret.cache_clear()
    try:
        assert buildcache.load(root).validation.files == {}
    finally:
        cachekey.secret.cache_clear()


def site_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_coursegen_build_after_an_edit_builds_the_site_a_cold_build_does(tmp_path):
    root = course_to_edit(tmp_path / "course")
    build = lambda site: main(["--root", str(root), "build", "--no-pdfs", "--site-dir", str(site)])
    assert build(root / "site") == 0
    replace(root, LESSON, "This lesson covers one habit", "This lesson covers one edited habit")
    assert build(root / "site") == 0  # from the caches (test_a_lesson_edit_renders_again_only... counts the pages)
    (root / buildcache.CACHE_FILE).unlink()
    assert build(tmp_path / "cold") == 0
    assert site_digest(root / "site") == site_digest(tmp_path / "cold")
    assert "one edited habit" in (root / "site" / "practice" / "listening-practice.html").read_text("utf-8")


def test_a_build_without_pdfs_lists_the_documents_a_build_with_pdfs_renders(tmp_path):
    """Listed only (no Typst rendered), the documents have the names, titles and places the pages link."""
    root = course_to_edit(tmp_path / "course")  # lessons and a workshop (with its own copies of handouts)
    course, _ = validate_course(root)
    rendered = render_print(course, root / "theme")
    listed = render_print(course, root / "theme", bodies=False)
    assert all(doc.body for doc in rendered) and all(doc.body is None for doc in listed)
    assert listed == [dataclasses.replace(doc, body=None) for doc in rendered]
    assert _render_pages(course, root / "theme", SiteCache(), listed) == \
        _render_pages(course, root / "theme", SiteCache(), rendered)


def test_a_rebuild_with_pdfs_from_the_caches_makes_only_the_edited_lessons_pdfs_and_the_bytes_a_cold_build_makes(
        tmp_path, monkeypatch):
    """The handouts and PDFs kept in the caches give the same PDFs, byte for byte; an edited lesson's are made again."""
    root = copy_course(tmp_path / "course")
    build = lambda site, *options: main(["--root", str(root), "build", *options, "--site-dir", str(site)])
    assert build(root / "site", "--no-pdfs") == 0  # the handouts listed only: the cache holds no Typst for a PDF
    assert build(root / "site") == 0
    first = site_digest(root / "site" / "print")
    made = []
    monkeypatch.setattr(print_site, "render_pdf", lambda source, **options: made.append(source) or
                        render_pdf(source, **options))
    replace(root, "content/01-basics/01-first-lesson.yml", "Nod now and then.", "Nod now and then, or smile.")
    assert build(root / "site") == 0
    again = site_digest(root / "site" / "print")
    assert again["first-lesson-reading.pdf"] != first["first-lesson-reading.pdf"]
    assert [name for name in first if again[name] != first[name]] == ["first-lesson-reading.pdf"]
    assert len(made) == 1 and "or smile" in made[0]  # the only PDF whose source changed
    assert len(list((root / print_site.PDF_CACHE).glob("*.pdf"))) == len(again)  # the old reading copy is gone
    shutil.rmtree(root / ".cache")
    assert build(tmp_path / "cold") == 0
    assert again == site_digest(tmp_path / "cold" / "print")


def test_kept_pdfs_are_named_by_this_users_key_so_pdfs_put_in_the_cache_by_others_are_never_published(
        tmp_path, monkeypatch):
    root = copy_course(tmp_path / "course")
    build = lambda site: main(["--root", str(root), "build", "--site-dir", str(site)])
    assert build(root / "site") == 0
    made = site_digest(root / "site" / "print")
    for kept in (root / print_site.PDF_CACHE).glob("*.pdf"):  # as if a pull request had added them (git add -f)
        kept.write_bytes(b"%PDF-1.7 not the handout")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    cachekey.secret.cache_clear()
    try:
        assert build(root / "site") == 0
    finally:
        cachekey.secret.cache_clear()
    assert site_digest(root / "site" / "print") == made


def test_a_failure_while_rendering_leaves_no_process_behind(monkeypatch):
    """The forked child would otherwise wait for ever to hand over its pages, holding the docs tree's lock."""
    course, _ = validate_course(Path(__file__).resolve().parents[1] / "fixtures" / "mini")

    def render_site(course, theme, listing, *, only, cache=None):
        if only("print"):  # the child: more pages than a pipe holds
            return {"page": "x" * 1_000_000}
        raise RuntimeError("a template failed")

    monkeypatch.setattr("generator.build.render_site", render_site)
    with pytest.raises(RuntimeError):
        _render_pages(course, None, SiteCache(), [])
    left = multiprocessing.active_children()
    for child in left:
        child.kill()
    assert not left
