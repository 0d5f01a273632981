"""The course's language everywhere: message catalogs with the same keys, and the mini course built in French with no
English interface string on any page, print page, PDF or in the quiz widget (checked in Debian's Chromium).

The French copy of the mini course has French author content too (and a second day, a workshop, every question type,
every callout kind...), so any English text left on a page can only come from the generator.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import string
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import RequestGuard, serve
from helpers.course_edits import copy_course
from pypdf import PdfReader

from generator import i18n
from generator.cli import main

LOCALES = Path(i18n.__file__).parent / "locales"

# ---------------------------------------------------------------------------------------------------------------------
# The catalogs
# ---------------------------------------------------------------------------------------------------------------------


def flat(language: str) -> dict:
    return i18n._flatten(yaml.safe_load((LOCALES / f"{language}.yml").read_text(encoding="utf-8")))


def texts(value) -> list[str]:
    """Every text of a catalog value: itself, each plural form, or each item of a list."""
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def placeholders(value) -> set[str]:
    return {name for text in texts(value) for _, name, _, _ in string.Formatter().parse(text) if name}


EXTRA_VALUES = {key: {"total"} for key in ("quiz_js.answered", "quiz_js.found", "quiz_js.in_progress", "quiz_js.done")}
"""Values quiz.js fills in that the English text does not use (en.yml says so beside each)."""


@pytest.mark.parametrize("language", [p.stem for p in sorted(LOCALES.glob("*.yml"))])
def test_every_catalog_has_exactly_the_keys_of_english(language):
    english, own = flat("en"), flat(language)
    assert sorted(set(english) - set(own)) == [], f"{language}.yml lacks these keys"
    assert sorted(set(own) - set(english)) == [], f"{language}.yml has keys en.yml does not"
    for key, value in own.items():
        assert type(value) is type(english[key]) or isinstance(english[key], dict) or isinstance(value, dict), key
        # A translation may leave out a placeholder, never invent one the generator does not fill in.
        allowed = placeholders(english[key]) | {"n"} | EXTRA_VALUES.get(key, set())
        assert placeholders(value) <= allowed, f"{language}.yml {key}: unknown placeholder"
        if isinstance(value, dict):
            assert "other" in value, f"{language}.yml {key}: plural forms need 'other'"
        if isinstance(value, list):
            assert len(value) == len(english[key]), f"{language}.yml {key}: {len(english[key])} items, as in English"


@pytest.mark.parametrize("language", [p.stem for p in sorted(LOCALES.glob("*.yml"))])
def test_the_page_footer_has_both_numbers_in_order(language):
    # print.css builds "Page X of Y" from the words around {page} and {pages} (base.html's data-page-* attributes).
    footer = flat(language)["print.page_of"]
    assert footer.count("{page}") == 1 and footer.count("{pages}") == 1 and footer.index("{page}") < footer.index("{pages}")


def test_french_is_shipped_and_complete():
    assert "fr" in i18n.languages()
    assert i18n.missing_keys("fr") == []


def test_plural_forms_follow_each_language():
    en, fr = i18n.catalog("en"), i18n.catalog("fr")
    assert [en("home.lessons", n=n) for n in (0, 1, 2)] == ["0 lessons", "1 lesson", "2 lessons"]
    assert [fr("home.lessons", n=n) for n in (0, 1, 2)] == ["0 leçon", "1 leçon", "2 leçons"]
    assert fr.duration(65) == "1 h 05 min" and en.duration(45) == "45 min"


# ---------------------------------------------------------------------------------------------------------------------
# The mini course in French
# ---------------------------------------------------------------------------------------------------------------------

FRENCH = {
    "content/course.yml": """\
        id: mini
        title: Un mini cours
        version: "0.1"
        language: fr
        license: CC-BY-4.0
        authors:
          - name: Autrice Test
        description: Un tout petit cours pour les tests.
        audience: Les personnes qui lancent les tests.
        prerequisites:
          - Aucun.
        notice: Ce cours ne remplace pas un accompagnement personnel.
        repository: https://exemple.org/depot
        modules:
          - bases
        """,
    "content/glossary.yml": """\
        terms:
          - id: signal
            term: Signal d'écoute
            definition: Un petit signe d'attention.
          - id: terme-libre
            term: Terme libre
            definition: Un terme qu'aucune leçon ne cite.
        """,
    "content/references.yml": """\
        references:
          - key: dupont-2001
            authors: ["Dupont, A.", "Durand, B."]
            year: 2001
            title: Écouter vraiment
            venue: Revue française de psychologie
            volume: 12
            issue: "3"
            pages: 10–20
          - key: martin-2010
            authors: ["Martin, C."]
            year: 2010
            title: La conversation attentive
            venue: Éditions Exemple
            url: https://exemple.org/martin
        """,
    "content/01-basics/module.yml": """\
        id: bases
        title: Les bases
        summary: Le premier et le seul module.
        lessons:
          - premiere-lecon
          - deuxieme-lecon
        """,
    "content/01-basics/01-first-lesson.yml": """\
        id: premiere-lecon
        title: La première leçon
        teaching: 50
        exercises: 30
        questions:
          - Qu'est-ce qu'un signal d'écoute ?
        objectives:
          - id: nommer-signal
            text: Nommer un signal d'écoute.
          - id: utiliser-signal
            text: Utiliser un signal dans une conversation.
        keypoints:
          - Les signaux montrent l'attention [@dupont-2001].
        prereq: Rien à préparer ; [la partie sur les signaux](lesson:premiere-lecon#signaux) aide [@martin-2010].
        sections:
          - id: signaux
            title: Les signaux
            body: |
              Un [signal](glossary:signal) montre que vous écoutez [@dupont-2001].
            callouts:
              - kind: note
                body: Une remarque.
              - kind: tip
                body: Hochez la tête de temps en temps.
              - kind: caution
                body: Sans excès.
              - kind: warning
                body: Pas trop vite.
              - kind: danger
                body: Jamais en conduisant.
              - kind: myth
                body: Sourire suffit.
              - kind: example
                body: Une reformulation.
              - kind: research
                body: Une étude.
          - id: pratique
            title: La pratique
            body: Essayez avec une personne proche.
        challenges:
          - id: trouver-signal
            title: Trouver le signal
            prompt: Quels signes montrent l'écoute dans cet échange ?
            hints:
              - Regardez ce que répète la personne qui écoute.
              - Regardez les questions.
            solution: La reformulation et la question ouverte.
            assesses: [nommer-signal]
          - id: apres-signaux
            title: Juste après
            after: signaux
            prompt: Donnez un signal.
            hints:
              - Pensez au regard.
            solution: Un hochement de tête.
            assesses: [nommer-signal]
        roleplays:
          - id: appel-difficile
            title: Un appel difficile
            minutes: 10
            group_size: 3
            setup: Une personne appelle pour se plaindre.
            roles:
              - name: Cliente
                brief: Vous êtes en colère.
              - name: Conseiller
                brief: Vous écoutez sans interrompre.
            observer:
              - Les reformulations.
            debrief:
              - Qu'est-ce qui a calmé l'échange ?
            assesses: [utiliser-signal]
        discussion:
          - id: echange-ecoute
            prompt: Quand vous a-t-on vraiment écouté pour la dernière fois ?
            listen_for:
              - Des détails concrets.
        try_this_week: Reformulez une fois par jour.
        instructor:
          - Laissez cinq minutes aux binômes.
        glossary: [signal]
        references: [dupont-2001]
        """,
    "content/01-basics/02-second-lesson.yml": """\
        id: deuxieme-lecon
        title: La deuxième leçon
        teaching: 10
        exercises: 5
        questions: [Comment s'entraîner ?]
        objectives:
          - id: s-entrainer
            text: S'entraîner à écouter.
        keypoints: [L'entraînement rend l'écoute visible.]
        sections:
          - title: S'entraîner
            body: Un peu chaque jour.
        challenges:
          - id: un-jour
            title: Un jour
            prompt: Écoutez une personne pendant cinq minutes.
            solution: Notez ce que vous avez entendu.
            assesses: [s-entrainer]
        """,
    "content/pages/guide.yml": """\
        id: guide
        title: Guide du participant
        audience: learners
        summary: Comment suivre le cours.
        sections:
          - title: Seul
            body: À votre rythme.
        """,
    "content/pages/animation.yml": """\
        id: animation
        title: Guide d'animation
        audience: instructors
        sections:
          - title: En groupe
            body: Par deux ou par trois.
        """,
    "quizzes/first-lesson.yml": """\
        id: quiz-premiere-lecon
        title: Vérifier la première leçon
        lesson: premiere-lecon
        questions:
          - id: quel-signal
            type: single_choice
            stem: Lequel est un signal d'écoute ?
            options:
              - id: a
                text: Regarder son téléphone
                feedback: Cela signale le contraire.
              - id: b
                text: Une courte reformulation
                correct: true
                feedback: Oui, elle montre que vous avez suivi.
            explanation: Une reformulation montre que vous avez compris le sens.
            hints: [Pensez à ce que vous faites quand vous écoutez., Ou à ce que vous dites.]
            assesses: [utiliser-signal]
          - id: plusieurs-signaux
            type: multiple_response
            stem: Lesquels sont des signaux d'écoute ?
            options:
              - id: a
                text: Hocher la tête
                correct: true
              - id: b
                text: Reformuler
                correct: true
              - id: c
                text: Bâiller
                feedback: Bâiller signale plutôt l'ennui.
            explanation: Hocher la tête et reformuler montrent l'attention.
            assesses: [nommer-signal]
          - id: vrai-faux
            type: true_false
            stem: Sourire suffit toujours.
            answer: false
            feedback_true: Non, pas toujours.
            feedback_false: En effet.
            explanation: Le sourire ne suffit pas.
            assesses: [nommer-signal]
          - id: associer
            type: matching
            stem: Associez chaque geste à son sens.
            pairs:
              - id: regard
                prompt: Le regard
                match: L'attention
              - id: silence
                prompt: Le silence
                match: La place laissée à l'autre
            distractors: [La fatigue]
            explanation: Chaque geste a un sens.
            assesses: [nommer-signal]
          - id: ordonner
            type: ordering
            stem: Mettez les étapes dans l'ordre.
            items:
              - id: ecouter
                text: Écouter
              - id: reformuler
                text: Reformuler
              - id: verifier
                text: Vérifier
            explanation: On écoute, on reformule, puis on vérifie.
            assesses: [utiliser-signal]
          - id: habitudes
            type: likert
            stem: À quelle fréquence faites-vous ceci ?
            statements:
              - id: regarder
                text: Je regarde la personne.
              - id: couper
                text: Je coupe la parole.
                reverse: true
            bands:
              - min: 2
                max: 6
                message: Des habitudes à prendre.
              - min: 7
                max: 10
                message: De bonnes habitudes.
            assesses: [utiliser-signal]
          - id: raconter
            type: reflection
            stem: Racontez un moment où un signal a aidé une conversation.
            model_answer: Une bonne réponse nomme le signal et ce qu'il a changé.
            checklist: [Nomme le signal]
            assesses: [nommer-signal]
        """,
    "workshops/atelier.yml": """\
        id: atelier
        title: Atelier d'écoute
        date: 2027-03-04
        start: "09:30"
        end: "12:00"
        skip: [trouver-signal, echange-ecoute]
        days:
          - sessions:
              - lesson: premiere-lecon
              - break: Café
                minutes: 15
          - sessions:
              - lesson: deuxieme-lecon
              - break: Déjeuner
                minutes: 30
        """,
}


def french_copy(root: Path) -> Path:
    copy_course(root)
    for name, text in FRENCH.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_name: Building Rapport", "site_name: Bâtir la relation")
    config = re.sub(r"site_description: .*", "site_description: Un cours ouvert.", config)
    config = config.replace("copyright: Course text CC BY 4.0", "copyright: Texte du cours sous licence CC BY 4.0")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Path:
    """The French mini course, built strictly (PDFs included)."""
    root = french_copy(tmp_path_factory.mktemp("fr") / "course")
    assert main(["--root", str(root), "build", "--strict", "--site-dir", str(root / "site")]) == 0
    return root / "site"


# ---------------------------------------------------------------------------------------------------------------------
# What counts as English interface text
# ---------------------------------------------------------------------------------------------------------------------


def _phrases(text: str) -> list[str]:
    """The literal parts of a catalog text as a reader sees them: placeholders cut out, Markdown marks removed."""
    parts = [piece for literal, _, _, _ in string.Formatter().parse(text) for piece in re.split(r"[·:;]", literal)]
    out = []
    for part in parts:
        part = re.sub(r"[*`\[\]()]", " ", part)
        part = " ".join(part.split()).strip(" .,:;·")
        if re.search(r"[A-Za-z]{2,}", part):
            out.append(part)
    return out


def english_phrases() -> list[str]:
    """Every English catalog phrase that is not also French (such as 'Question', 'Solution', 'min')."""
    french_text = " ".join(t for v in flat("fr").values() for t in texts(v))
    phrases = {p for v in flat("en").values() for t in texts(v) for p in _phrases(t)}
    return sorted(p for p in phrases if not _find(p, french_text))


def _find(phrase: str, text: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text) is not None


ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt|label|data-page-\w+)="([^"]*)"')


def visible_text(html: str) -> str:
    """The text of a page a person can meet: its text nodes and the attributes read aloud or shown."""
    html = re.sub(r"(?s)<(script|style|code)\b.*?</\1>", " ", html)  # code (file names, YAML keys) is no language
    attributes = " ".join(ATTRIBUTES.findall(html))
    strings = " ".join(t for s in re.findall(r'data-qz-strings="([^"]*)"', html)
                       for v in json.loads(html_lib.unescape(s)).values() for t in texts(v))
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html_lib.unescape(f"{text} {attributes} {strings}").split())


def english_on(text: str, phrases: list[str]) -> list[str]:
    return [p for p in phrases if _find(p, text)]


def test_the_check_finds_english_where_there_is_some():
    phrases = english_phrases()
    assert {"Key points", "Check answer", "Hint", "Your progress", "Edit this page"} <= set(phrases)
    assert "Solution" not in phrases and "Question" not in phrases  # the same word in French
    assert english_on("Teaching: 10 min · Exercises: 5 min", phrases) == ["Exercises", "Teaching"]
    assert english_on("Enseignement : 10 min · Exercices : 5 min", phrases) == []


def test_no_english_interface_string_on_any_page_of_the_french_build(french):
    phrases = english_phrases()
    pages = sorted(french.rglob("*.html"))
    pdfs = sorted((french / "print").glob("*.pdf"))
    assert len(pages) >= 10 and len(pdfs) >= 10
    found = {}
    for page in pages + pdfs:
        text = (" ".join(p.extract_text() for p in PdfReader(page).pages) if page.suffix == ".pdf"
                else visible_text(page.read_text(encoding="utf-8")))
        english = english_on(text, phrases)
        if english:
            found[page.relative_to(french).as_posix()] = english
    assert found == {}


def test_french_pages_say_so_and_use_french_words(french):
    lesson = (french / "bases" / "premiere-lecon.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in lesson
    for words in ["Points clés", "Exercices", "Vérifiez votre compréhension", "À essayer cette semaine",
                  "S'exercer ensemble", "Fiche de rôle", "Indice 1 sur 2", "Enseignement : 50 min",
                  "Modifier cette page", "Astuce", "Idée reçue", "Vérifier ma réponse", "Aller au contenu"]:
        assert words in html_lib.unescape(lesson).replace("\u00a0", " ").replace("\u202f", " "), words
    # The navigation is pruned to the open section: read every page's.
    nav = " ".join(visible_text(p.read_text(encoding="utf-8"))
                   for p in french.rglob("*.html") if p.parent.name != "print")
    for label in ["Accueil", "Glossaire", "Références", "Votre progression", "Pour les formateurs", "Emploi du temps",
                  "Notes pour les formateurs", "Contrôle du module", "Vue d'ensemble", "Impression et ateliers",
                  "Passer au mode sombre"]:
        assert label in nav.replace("\u00a0", " "), label
    worksheet = PdfReader(french / "print" / "premiere-lecon-worksheet.pdf")
    assert worksheet.trailer["/Root"]["/Lang"] == "fr" and "Nom" in worksheet.pages[0].extract_text()
    agenda = PdfReader(french / "print" / "atelier-agenda.pdf").pages[0].extract_text()
    assert "Jour 1 : jeudi 4 mars 2027" in agenda.replace("\u00a0", " ")
    assert "Jour 2 : vendredi 5 mars 2027" in agenda.replace("\u00a0", " ")
    search = json.loads((french / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert search["config"]["lang"] == ["fr"]


def test_french_pdfs_count_pages_in_french(french):
    text = PdfReader(french / "print" / "atelier-facilitator-pack.pdf").pages[0].extract_text()
    assert re.search(r"Page 1 sur \d+", text), text[-200:]
    assert not re.search(r"Page 1 of", text)


def test_likert_without_a_scale_gets_the_french_scale(french):
    quiz = (french / "bases" / "quiz.html").read_text(encoding="utf-8")
    assert ">Jamais<" in quiz and ">Toujours<" in quiz and ">Never<" not in quiz


def test_an_unknown_language_is_an_error_naming_the_languages_shipped(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    course = root / "content" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8") + "language: xx\n", encoding="utf-8")
    assert main(["--root", str(root), "validate"]) != 0
    out = capsys.readouterr()
    message = out.out + out.err
    assert "unknown-language" in message and "'xx'" in message and "en, fr" in message, message


@pytest.fixture
def partial_catalog(tmp_path, monkeypatch):
    """A language 'xx' whose catalog is French without its home page headings (in a copy of the locales folder)."""
    locales = tmp_path / "locales"
    locales.mkdir()
    (locales / "en.yml").write_text((LOCALES / "en.yml").read_text(encoding="utf-8"), encoding="utf-8")
    french = yaml.safe_load((LOCALES / "fr.yml").read_text(encoding="utf-8"))
    del french["home"]["audience"], french["home"]["map"]
    (locales / "xx.yml").write_text(yaml.safe_dump(french, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", locales)
    i18n._load.cache_clear(), i18n.catalog.cache_clear()
    yield
    i18n._load.cache_clear(), i18n.catalog.cache_clear()


def test_a_key_missing_from_a_catalog_is_shown_in_english_with_a_warning(partial_catalog, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    course = root / "content" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8") + "language: xx\n", encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 0
    out = capsys.readouterr()
    assert "incomplete-catalog" in out.out + out.err and "home.audience, home.map" in out.out + out.err
    from generator.render.pages import render_site
    from generator.validate import validate_course

    built, _ = validate_course(root)
    home = render_site(built)["index.md"]
    assert "## Who this course is for" in home and "## Avant de commencer" in home


# ---------------------------------------------------------------------------------------------------------------------
# The widget in Chromium
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def french_url(french):
    httpd, url = serve(french)
    yield url
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
def test_the_quiz_widget_speaks_french_in_chromium(browser, french_url):
    phrases = english_phrases()
    context = browser.new_context(base_url=french_url)
    guard = RequestGuard()
    guard.attach(context)
    page = context.new_page()
    try:
        page.goto("/bases/quiz.html")
        assert page.evaluate("document.documentElement.lang") == "fr"
        said = []

        def check(qid: str) -> str:
            question = page.locator(f"#qz-{qid}")
            question.locator(".qz-check").click()
            status = question.locator(".qz-status").inner_text()
            said.append(status)
            return status

        assert check("quel-signal") == "Choisissez une réponse, puis sélectionnez Vérifier ma réponse."
        page.locator("#qz-quel-signal input[value=a]").check()
        assert check("quel-signal").startswith("✗ Pas tout à fait. Modifiez votre réponse")
        assert "Cela signale le contraire." in page.locator("#qz-quel-signal .qz-fb:visible").inner_text()
        page.locator("#qz-plusieurs-signaux input[value=a]").check()
        page.locator("#qz-plusieurs-signaux input[value=c]").check()
        assert check("plusieurs-signaux").startswith(
            "✗ Pas tout à fait. Vous avez trouvé 1 bonne réponse sur 2 et choisi 1 réponse qui n'est pas juste.")
        page.locator("#qz-vrai-faux input[value=false]").check()
        assert check("vrai-faux").startswith("✓ Bonne réponse.")
        assert check("associer").startswith("Choisissez une correspondance")
        assert check("habitudes").startswith("Répondez à chaque affirmation")
        for statement in page.locator("#qz-habitudes .qz-lk").all():
            statement.locator("input").first.check()
        assert check("habitudes").startswith("Votre total est de 6, sur une échelle de 2 à 10.")
        assert check("raconter").startswith("Écrivez d'abord votre réponse")
        page.locator("#qz-raconter textarea").fill("Une reformulation a tout changé.")
        assert check("raconter").startswith("Enregistré dans ce navigateur.")
        first = page.locator("#qz-ordonner .qz-o").first
        first.locator("button[data-d='-1']").click()
        said.append(page.locator("#qz-ordonner .qz-status").inner_text())
        assert said[-1].startswith("Déjà en première position")
        first.locator("button[data-d='1']").click()
        said.append(page.locator("#qz-ordonner .qz-status").inner_text())
        assert said[-1].startswith("Déplacé en position 2 sur 3")
        summary = page.locator(".qz-sum").inner_text()
        said.append(summary)
        assert summary == "Votre score : 1 sur 5 points. 5 questions traitées sur 7.".replace(" :", "\u00a0:")

        page.goto("/progress.html")
        status = page.locator("tr[data-qids] .qz-st").first.inner_text()
        said.append(status)
        assert status.replace("\u00a0", " ") == "En cours : 5 questions traitées sur 7, 1 sur 5 points."
        said.append(page.locator(".qz-pacts").inner_text())
        for text in said:
            assert english_on(text, phrases) == [], text
        assert guard.off_host == []
    finally:
        context.close()
