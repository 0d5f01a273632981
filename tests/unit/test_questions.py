"""Question models: what an author may write, the messages they get when it is wrong, and the shuffle everyone shares."""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from helpers.course_edits import copy_course
from generator.cli import main

from generator.i18n import catalog
from generator.model.questions import (
    Likert, Matching, MultipleResponse, Ordering, Question, Reflection, SingleChoice, TrueFalse, display_order,
    is_scored, letter, match_choices,
)
from generator.validate.advice import keyed_longest, question_warnings

QUESTION = TypeAdapter(Question)

VALID = {
    "single_choice": {
        "type": "single_choice", "id": "first-response", "stem": "What is the best first response?",
        "scenario": "A colleague sighs: *rough week*.",
        "options": [
            {"id": "advise", "text": "Try time-blocking your week.", "feedback": "Advice this early can feel dismissive."},
            {"id": "reflect", "text": "Sounds draining. What happened?", "correct": True, "feedback": "It reflects."},
            {"id": "minimise", "text": "Everyone is busy.", "feedback": "This minimises it."},
        ],
        "hints": ["Which one shows you heard the feeling?"],
        "explanation": "Reflecting the feeling first shows you heard them.",
        "assesses": ["reflect-feelings"], "points": 2,
    },
    "multiple_response": {
        "type": "multiple_response", "id": "signals", "stem": "Which signal listening?",
        "options": [
            {"id": "question", "text": "A follow-up question", "correct": True, "feedback": "It follows their lead."},
            {"id": "phone", "text": "Checking your phone", "feedback": "It signals the opposite."},
            {"id": "reflect", "text": "Reflecting a feeling", "correct": True, "feedback": "It shows you heard."},
        ],
        "explanation": "Questions and reflections show attention.",
    },
    "true_false": {
        "type": "true_false", "id": "mirroring-myth", "stem": "Strong, obvious mirroring builds trust.",
        "answer": False, "feedback_true": "Strong mimicry lowered trust.", "feedback_false": "Noticed copying backfires.",
        "explanation": "Noticed mimicry backfires.",
    },
    "matching": {
        "type": "matching", "id": "techniques", "stem": "Match each reply to its technique.",
        "pairs": [
            {"id": "p1", "prompt": '"So you felt left out."', "match": "Reflecting a feeling"},
            {"id": "p2", "prompt": '"What happened next?"', "match": "Open question"},
        ],
        "distractors": ["Giving advice"], "explanation": "Each shows attention differently.",
    },
    "ordering": {
        "type": "ordering", "id": "agenda", "stem": "Put the steps in order.",
        "items": [{"id": "ask", "text": "Ask what else"}, {"id": "agree", "text": "Agree priorities"},
                  {"id": "start", "text": "Start on the first"}],
        "explanation": "Elicit the whole agenda first.",
    },
    "reflection": {
        "type": "reflection", "id": "lost-rapport", "stem": "Describe a time you lost rapport.",
        "model_answer": "Names a behaviour, its effect and an alternative.", "checklist": ["Names a behaviour"],
    },
    "likert": {
        "type": "likert", "id": "habits", "stem": "How often do you do these?",
        "statements": [{"id": "paraphrase", "text": "I paraphrase."}, {"id": "interrupt", "text": "I interrupt.",
                                                                      "reverse": True}],
        "bands": [{"min": 2, "max": 5, "message": "Room to grow."}, {"min": 6, "max": 10, "message": "Strong."}],
    },
}

MODELS = {
    "single_choice": SingleChoice, "multiple_response": MultipleResponse, "true_false": TrueFalse,
    "matching": Matching, "ordering": Ordering, "reflection": Reflection, "likert": Likert,
}


def make(kind: str, **changes):
    data = copy.deepcopy(VALID[kind])
    data.update(changes)
    return QUESTION.validate_python(data)


def error_of(kind: str, **changes) -> str:
    with pytest.raises(ValidationError) as caught:
        make(kind, **changes)
    return str(caught.value)


@pytest.mark.parametrize("kind", sorted(VALID))
def test_each_type_picks_its_own_model(kind):
    assert type(make(kind)) is MODELS[kind]


def test_an_unknown_type_is_rejected_with_the_valid_ones_listed():
    message = error_of("single_choice", type="essay")
    assert "essay" in message and "multiple_response" in message and "likert" in message


def test_only_five_types_are_scored():
    assert [k for k in sorted(VALID) if is_scored(make(k))] == [
        "matching", "multiple_response", "ordering", "single_choice", "true_false"]


# -- single_choice and multiple_response ---------------------------------------------------------------------------


def test_single_choice_needs_a_correct_option():
    options = [{**o, "correct": False} for o in VALID["single_choice"]["options"]]
    message = error_of("single_choice", options=options)
    assert "exactly one option with 'correct: true'" in message and "none is" in message


def test_single_choice_with_two_correct_options_names_them_and_suggests_multiple_response():
    options = [{**o, "correct": o["id"] != "minimise"} for o in VALID["single_choice"]["options"]]
    message = error_of("single_choice", options=options)
    assert "2 are (advise, reflect)" in message and "multiple_response" in message


def test_multiple_response_needs_at_least_one_correct_option():
    options = [{**o, "correct": False} for o in VALID["multiple_response"]["options"]]
    assert "at least one option with 'correct: true'" in error_of("multiple_response", options=options)


def test_multiple_response_scoring_is_partial_unless_the_author_says_otherwise():
    assert make("multiple_response").scoring == "partial"
    assert make("multiple_response", scoring="all_or_nothing").scoring == "all_or_nothing"
    assert "all_or_nothing" in error_of("multiple_response", scoring="some")


def test_a_choice_question_needs_two_options():
    assert "at least 2" in error_of("single_choice", options=VALID["single_choice"]["options"][1:2])


def test_the_stem_is_one_paragraph_because_it_labels_the_controls():
    message = error_of("single_choice", stem="Read this first.\n\nNow answer: what is best?")
    assert "single short paragraph" in message and "scenario" in message


def test_script_in_an_option_is_rejected():
    options = copy.deepcopy(VALID["single_choice"]["options"])
    options[0]["text"] = '<img src=x onerror="alert(1)">'
    assert "onerror" in error_of("single_choice", options=options)


# -- ids unique within a question ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, field, what", [
    ("single_choice", "options", "option"),
    ("multiple_response", "options", "option"),
    ("matching", "pairs", "pair"),
    ("ordering", "items", "item"),
    ("likert", "statements", "statement"),
])
def test_part_ids_are_unique_within_a_question(kind, field, what):
    parts = copy.deepcopy(VALID[kind][field])
    parts[1]["id"] = parts[0]["id"]
    if kind == "matching":
        parts[1]["match"] = "Something else entirely"
    if kind == "single_choice":
        parts[1]["correct"], parts[0]["correct"] = True, False
    message = error_of(kind, **{field: parts})
    assert f"{what} ids must be unique" in message and repr(parts[0]["id"]) in message


# -- matching and ordering -----------------------------------------------------------------------------------------


def test_matching_needs_two_pairs():
    assert "at least 2 items in 'pairs'" in error_of("matching", pairs=VALID["matching"]["pairs"][:1])


def test_matching_choices_must_differ_or_a_learner_could_not_tell_them_apart():
    assert "'open question'" in error_of("matching", distractors=["open question"])


def test_ordering_needs_two_items():
    assert "at least 2 entries in 'items'" in error_of("ordering", items=VALID["ordering"]["items"][:1])


def test_ordering_refuses_shuffle_because_it_is_always_shuffled():
    assert "always shown shuffled" in error_of("ordering", shuffle=False)


# -- reflection and likert are never graded ------------------------------------------------------------------------


def test_reflection_is_never_scored():
    assert "never scored" in error_of("reflection", points=2)


def test_likert_has_no_correct_answers():
    statements = copy.deepcopy(VALID["likert"]["statements"])
    statements[0]["correct"] = True
    message = error_of("likert", statements=statements)
    assert "never graded" in message and "'correct'" in message and "bands" in message


def test_likert_has_no_points():
    assert "'points'" in error_of("likert", points=1)


def test_likert_defaults_to_a_five_point_frequency_scale():
    question = make("likert")
    assert question.scale == ["Never", "Rarely", "Sometimes", "Often", "Always"]
    assert question.total_range == (2, 10)


@pytest.mark.parametrize("bands, expected", [
    ([{"min": 2, "max": 6, "message": "a"}, {"min": 6, "max": 10, "message": "b"}], "overlap"),
    ([{"min": 1, "max": 5, "message": "a"}], "outside the possible totals 2-10"),
    ([{"min": 7, "max": 5, "message": "a"}], "min above its max"),
])
def test_likert_bands_must_fit_the_possible_totals(bands, expected):
    assert expected in error_of("likert", bands=bands)


# -- warnings: problems that do not stop a build ---------------------------------------------------------------------


def test_a_distractor_without_feedback_is_a_warning_at_its_location():
    options = copy.deepcopy(VALID["single_choice"]["options"])
    del options[2]["feedback"]
    del options[1]["feedback"]  # the correct option: the explanation covers it, so no warning
    warnings = question_warnings(make("single_choice", options=options))
    assert [(location, code) for location, code, _ in warnings] == [(("options", 2, "feedback"), "no-feedback")]
    assert "'minimise'" in warnings[0][2] and "add 'feedback'" in warnings[0][2]


def test_multiple_response_distractors_need_feedback_too():
    options = copy.deepcopy(VALID["multiple_response"]["options"])
    del options[1]["feedback"]
    assert [loc for loc, _, _ in question_warnings(make("multiple_response", options=options))] == [
        ("options", 1, "feedback")]


def test_true_false_warns_when_the_wrong_answer_has_no_feedback():
    assert question_warnings(make("true_false")) == []
    warnings = question_warnings(make("true_false", feedback_true=None))
    assert [(loc, code) for loc, code, _ in warnings] == [(("feedback_true",), "no-feedback")]
    assert "'True'" in warnings[0][2]


def test_likert_bands_with_a_gap_warn_about_the_missing_totals():
    bands = [{"min": 2, "max": 4, "message": "a"}, {"min": 7, "max": 10, "message": "b"}]
    warnings = question_warnings(make("likert", bands=bands))
    assert [(loc, code) for loc, code, _ in warnings] == [(("bands",), "band-gap")]
    assert "5-6" in warnings[0][2]


@pytest.mark.parametrize("kind", sorted(VALID))
def test_the_valid_examples_have_no_warnings(kind):
    assert question_warnings(make(kind), VERDICTS) == []


VERDICTS = [w.strip() for w in catalog("en").raw("quiz_craft.verdicts").split(",")]


def _keyed(text: str, others: tuple[str, ...] = ("Say nothing at all for now.", "Change the subject to work.")):
    options = [{"id": f"o{i}", "text": t, "feedback": "Why."} for i, t in enumerate(others)]
    return make("single_choice", options=[*options, {"id": "key", "text": text, "correct": True}])


def test_a_keyed_option_clearly_the_longest_is_a_warning_at_its_text():
    # 27 characters for the longest other option: the keyed one warns from 1.2 times that and 10 more (33 -> 37).
    warnings = question_warnings(_keyed("Reflect the feeling, then ask what happened."))
    assert [(loc, code) for loc, code, _ in warnings] == [(("options", 2, "text"), "keyed-longest")]
    assert "'key'" in warnings[0][2] and "44 characters" in warnings[0][2] and "27" in warnings[0][2]


@pytest.mark.parametrize("text", [
    "Reflect the feeling first.",                         # shorter than the others
    "Reflect the feeling, then ask why.",                 # longer, but by less than 10 characters
    "Reflect the [feeling](glossary:empathy) [@rogers-1957].",  # markup and citations do not count
])
def test_a_keyed_option_not_clearly_the_longest_does_not_warn(text):
    assert question_warnings(_keyed(text)) == []


def test_keyed_longest_counts_questions_of_three_or_more_options():
    two = make("single_choice", options=[{"id": "a", "text": "Much the longest reply here", "correct": True},
                                         {"id": "b", "text": "Short", "feedback": "No."}])
    assert keyed_longest([_keyed("Reflect the feeling, then ask what happened."), _keyed("Short."), two]) == (1, 2)


@pytest.mark.parametrize("text, verdict", [
    ("Correct. Reflecting shows you heard.", "Correct"),
    ("**Not quite**: advice comes later.", "Not quite"),
    ("right — it reflects the feeling.", "right"),
    ("Yes, it shows you followed.", "Yes"),
])
def test_feedback_opening_with_a_verdict_warns_at_its_location(text, verdict):
    options = copy.deepcopy(VALID["single_choice"]["options"])
    options[0]["feedback"] = text
    warnings = question_warnings(make("single_choice", options=options), VERDICTS)
    assert [(loc, code) for loc, code, _ in warnings] == [(("options", 0, "feedback"), "verdict-opening")]
    assert f"'{verdict}'" in warnings[0][2]


@pytest.mark.parametrize("kind, field", [("true_false", "feedback_true"), ("ordering", "explanation"),
                                         ("matching", "explanation")])
def test_every_feedback_and_explanation_is_checked_for_verdicts(kind, field):
    warnings = question_warnings(make(kind, **{field: "Wrong: noticed mimicry backfires."}), VERDICTS)
    assert [(loc, code) for loc, code, _ in warnings] == [((field,), "verdict-opening")]


@pytest.mark.parametrize("text", ["Right now, most people interrupt.", "Best friends share this.",
                                  "Correctly timed advice helps.", "Nobody likes being rushed."])
def test_a_verdict_word_that_starts_a_sentence_about_something_else_does_not_warn(text):
    assert question_warnings(make("true_false", explanation=text), VERDICTS) == []


def test_french_verdicts_come_from_the_french_catalog():
    french = [w.strip() for w in catalog("fr").raw("quiz_craft.verdicts").split(",")]
    warnings = question_warnings(make("true_false", feedback_true="Pas tout à fait : l'imitation visible nuit."), french)
    assert [code for _, code, _ in warnings] == ["verdict-opening"]
    assert question_warnings(make("true_false", feedback_true="Pas tout à fait : l'imitation visible nuit."),
                             VERDICTS) == []


# -- display order: one shuffle for the page, the worksheet and the answer key ------------------------------------------


def _choice(qid: str, n: int = 6, **option) -> SingleChoice:
    options = [{"id": f"o{i}", "text": f"Option {i}", "feedback": "Why.", "correct": i == 0} for i in range(n)]
    for key, value in option.items():
        index, field = key.split("_", 1)
        options[int(index[1:])][field] = value
    return SingleChoice.model_validate(
        {"type": "single_choice", "id": qid, "stem": "Pick one.", "options": options, "explanation": "Because."})


def test_display_order_is_the_same_every_time_and_for_an_equal_question():
    first = [o.id for o in display_order(_choice("same-id"))]
    assert first == [o.id for o in display_order(_choice("same-id"))]
    assert sorted(first) == [f"o{i}" for i in range(6)]


def test_display_order_is_pinned_to_known_values():
    # The order is sha256("<question id>/<option id>"): the worksheet, answer key and exports reproduce it, so a
    # change here would silently make printed answer keys disagree with the site.
    assert [o.id for o in display_order(_choice("first-response"))] == ["o5", "o1", "o2", "o4", "o3", "o0"]


def test_display_order_depends_on_the_question_id():
    orders = {tuple(o.id for o in display_order(_choice(f"q-{n}"))) for n in range(20)}
    assert len(orders) > 10
    assert any(order[0] != "o0" for order in orders), "the correct option must not always come first"


def test_shuffle_false_keeps_the_written_order():
    question = _choice("no-shuffle").model_copy(update={"shuffle": False})
    assert [o.id for o in display_order(question)] == [f"o{i}" for i in range(6)]


def test_fixed_options_keep_their_place():
    for n in range(10):
        order = [o.id for o in display_order(_choice(f"fixed-{n}", o5_fixed=True, o2_fixed=True))]
        assert order[5] == "o5" and order[2] == "o2"


def test_adding_an_option_keeps_the_others_in_the_same_relative_order():
    before = [o.id for o in display_order(_choice("stable", 5))]
    after = [o.id for o in display_order(_choice("stable", 6)) if o.id != "o5"]
    assert after == before


def test_ordering_is_never_shown_in_the_correct_order():
    for n in range(200):
        items = [{"id": f"step-{i}", "text": f"Step {i}"} for i in range(2 + n % 3)]
        question = Ordering.model_validate(
            {"type": "ordering", "id": f"order-{n}", "stem": "Order them.", "items": items, "explanation": "."})
        shown = display_order(question)
        assert shown != list(question.items) and sorted(i.id for i in shown) == sorted(i["id"] for i in items)


def test_true_false_is_always_true_then_false():
    assert display_order(make("true_false")) == [True, False]


def test_matching_choices_hold_every_match_and_distractor_in_a_fixed_shuffle():
    question = make("matching")
    choices = match_choices(question)
    assert sorted(choices) == sorted(["Reflecting a feeling", "Open question", "Giving advice"])
    assert choices == match_choices(make("matching"))


def test_likert_statements_keep_their_order_unless_shuffled():
    assert [s.id for s in display_order(make("likert"))] == ["paraphrase", "interrupt"]


def test_reflection_has_nothing_to_order():
    assert display_order(make("reflection")) == []


def test_letters_follow_display_positions():
    assert [letter(i) for i in range(4)] == ["A", "B", "C", "D"]


def test_a_course_whose_keyed_options_are_often_the_longest_warns_once_at_course_yml(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    questions = [{
        "id": f"q-{n}", "type": "single_choice", "stem": "Which reply fits?", "explanation": "It reflects.",
        "options": [{"id": "a", "text": "Say nothing.", "feedback": "Silence alone is not a reply."},
                    {"id": "b", "text": "Change the subject.", "feedback": "That avoids the point."},
                    {"id": "c", "correct": True,
                     "text": "Reflect the feeling, then ask what happened next." if n < 3 else "Reflect it."}],
    } for n in range(6)]
    quiz = {"id": "long-keys", "title": "Long keys", "lesson": "first-lesson", "questions": questions}
    (root / "quizzes" / "long-keys.yml").write_text(yaml.safe_dump(quiz, sort_keys=False), encoding="utf-8")

    assert main(["--root", str(root), "validate"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "[keyed-longest" in line]
    assert [line.split(" warning ")[0] for line in lines] == [
        "content/course.yml:1:5:", "quizzes/long-keys.yml:18:11:", "quizzes/long-keys.yml:32:11:",
        "quizzes/long-keys.yml:46:11:"]
    assert "in 3 of the course's 6 single-choice questions (50%)" in lines[0]
