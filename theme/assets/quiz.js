/* Self-check quizzes and the Progress page. Markup: generator/templates/quiz/. No innerHTML, no inline code.
 * localStorage["<course>@<version>/<question id>"] = { s: score 0..1 or null, p: points, n: attempts, v: state }.
 * localStorage["<course>@<version>/check--<module>"] = { a: [finished attempts], d: { q: [drawn ids], v: [states] } }.
 * Records also come from progress files and LMSs: one that does not fit its question is dropped. */
(() => {
  const all = (root, selector) => [...root.querySelectorAll(selector)];
  const storage = {
    get(key) { try { return JSON.parse(localStorage.getItem(key)) } catch (e) { return null } },
    put(key, value) { try { localStorage.setItem(key, JSON.stringify(value)) } catch (e) {} announce(key) },
    drop(key) { try { localStorage.removeItem(key) } catch (e) {} },
    keys(prefix) { try { return Object.keys(localStorage).filter(k => k.startsWith(prefix)) } catch (e) { return [] } },
  };
  // Tells an LMS adapter (assets/scorm.js, only in SCORM packages) that answers under this key changed.
  const announce = key => document.dispatchEvent(new CustomEvent("qz-saved", { detail: key }));
  const isRecord = value => value !== null && typeof value == "object" && !Array.isArray(value);
  const savedRecord = key => { const record = storage.get(key); return isRecord(record) ? record : null };
  const isKeyed = element => element.hasAttribute("data-c");
  const language = () => document.documentElement.lang || "en";
  const formatNumber = n => (+n.toFixed(2)).toLocaleString(language());

  // Strings in the course's language (locales' quiz_js, in data-qz-strings): plural forms by values.n, {x} = values.x
  const catalogs = new WeakMap();
  function translate(element, key, values = {}) {
    const holder = element.closest("[data-qz-strings]");
    if (holder && !catalogs.has(holder)) catalogs.set(holder, JSON.parse(holder.dataset.qzStrings));
    let text = (holder && catalogs.get(holder)[key]) || key;
    if (typeof text == "object") text = text[new Intl.PluralRules(language()).select(values.n)] || text.other;
    return text.replace(/\{(\w+)\}/g, (_, name) => typeof values[name] == "number" ? formatNumber(values[name]) : values[name]);
  }

  function quiz(container) {
    const prefix = container.dataset.qz + "/", questions = all(container, ".qz-q");
    const summary = container.querySelector(".qz-sum"), say = (key, values) => translate(container, key, values);
    const showTotal = () => {
      let got = 0, first = 0, max = 0, answered = 0;
      const missed = [];
      questions.forEach(question => {
        const record = savedRecord(prefix + question.dataset.qid), points = +question.dataset.points || 0;
        max += points;
        if (!record) return;
        answered++;
        got += (+record.s || 0) * points;
        const firstTry = "f" in record ? +record.f || 0 : +record.s || 0;
        first += firstTry * points;
        if (points && firstTry < 1) missed.push(question);
      });
      summary.hidden = false;
      summary.textContent = (max ? say("score", { got, points: say("points", { n: max }) }) : "") +
        say("answered", { n: answered, total: questions.length, questions: say("questions", { n: questions.length }) });
      showResult(container, answered == questions.length, max && say("first_try", { got: first, points: say("points", { n: max }) }), missed);
    };
    const widgets = questions.map(question => {
      try { return setUp(question, prefix + question.dataset.qid, showTotal) } catch (error) { console.error(error) }
    }).filter(Boolean);
    container.querySelector(".qz-again").addEventListener("click", () => {
      widgets.forEach(widget => widget.reset());
      showTotal();
      questions[0].querySelector("input,select,textarea,button:not([hidden])").focus();
    });
    showTotal();
  }

  // The end of a quiz or check: `shown` once complete; `line` under the score; what the `missed` questions assess.
  function showResult(container, shown, line = "", missed = []) {
    const result = container.querySelector(".qz-res"), wanted = new Set(missed.flatMap(q => q.dataset.obj.split(" ")));
    result.hidden = !shown;
    const first = result.querySelector(".qz-first");
    first.textContent = line || "";
    first.hidden = !line;
    const items = all(result, "[data-obj]");
    items.forEach(item => item.hidden = !wanted.has(item.dataset.obj));
    result.querySelector(".qz-review").hidden = !items.some(item => !item.hidden);
    result.querySelector(".qz-clean").hidden = missed.length > 0;
  }

  // A module check: a fresh draw per attempt (objectives' minimums first, questions of the last attempt last), all
  // checked together at the end for one total against the pass mark; attempts kept under "<prefix>check--<module>",
  // with the attempt under way (its draw and answers, d), so that a reload mid-check loses nothing.
  function exam(container) {
    const key = container.dataset.qz + "/check--" + container.dataset.check, say = (k, values) => translate(container, k, values);
    const slots = all(container, ".qz-slot"), widgets = new Map(), minimums = JSON.parse(container.dataset.min);
    const submit = container.querySelector(".qz-submit"), summary = container.querySelector(".qz-sum");
    const status = container.querySelector(":scope > .qz-status"), objectives = slot => slot.firstElementChild.dataset.obj.split(" ");
    const attempts = () => { const record = savedRecord(key); return record && Array.isArray(record.a) ? record.a.filter(isRecord) : [] };
    const qid = slot => slot.firstElementChild.dataset.qid;
    let drawn = [];
    slots.forEach(slot => widgets.set(slot, setUp(slot.firstElementChild, null, () => {}, true)));
    const keep = draft => storage.put(key, { a: attempts(), ...draft && { d: draft } });
    const keepAnswers = () => submit.hidden || keep({ q: drawn.map(qid), v: drawn.map(slot => widgets.get(slot).state()) });

    function newDraw() {
      const last = new Set((attempts().slice(-1)[0] || {}).q || []);
      const order = slots.map(slot => [Math.random() + last.has(slot.firstElementChild.dataset.qid), slot])
        .sort((a, b) => a[0] - b[0]).map(pair => pair[1]);
      const chosen = new Set();
      Object.entries(minimums).forEach(([objective, count]) => {
        const have = [...chosen].filter(slot => objectives(slot).includes(objective)).length;
        order.filter(slot => !chosen.has(slot) && objectives(slot).includes(objective)).slice(0, Math.max(0, count - have)).forEach(slot => chosen.add(slot));
      });
      order.filter(slot => !chosen.has(slot)).slice(0, +container.dataset.draw - chosen.size).forEach(slot => chosen.add(slot));
      show(chosen);
    }

    function show(chosen) {
      drawn = slots.filter(slot => chosen.has(slot));
      slots.forEach(slot => { slot.hidden = !chosen.has(slot); widgets.get(slot).reset() });
      drawn.forEach((slot, i) => slot.querySelector(".qz-h").textContent = say("question_of", { n: i + 1, count: drawn.length }));
      submit.hidden = false;
      summary.hidden = true;
      status.textContent = "";
      showResult(container, false);
    }

    // The attempt under way when the page was left: its draw, and each answer that still fits its question.
    function resume() {
      const draft = (savedRecord(key) || {}).d, ids = isRecord(draft) && Array.isArray(draft.q) ? draft.q : [];
      const chosen = new Set(slots.filter(slot => ids.includes(qid(slot))));
      if (!ids.length || chosen.size != ids.length) return false;
      show(chosen);
      drawn.forEach(slot => widgets.get(slot).put(Array.isArray(draft.v) && draft.v[ids.indexOf(qid(slot))]));
      return true;
    }

    function showHistory() {
      const list = container.querySelector(".qz-hist ol"), done = attempts();
      list.replaceChildren(...done.map(a => {
        const item = document.createElement("li");
        item.textContent = say("attempt", { date: new Date(a.t).toLocaleString(language()), got: +a.s || 0, max: +a.m || 0,
          percent: +a.pc || 0, verdict: say(a.ok ? "attempt_passed" : "attempt_not_passed") });
        return item;
      }));
      list.parentElement.hidden = !done.length;
    }

    submit.addEventListener("click", () => {
      let got = 0, max = 0;
      const missed = [];
      drawn.forEach(slot => {
        const question = slot.firstElementChild, points = +question.dataset.points || 0, score = widgets.get(slot).examine();
        max += points;
        got += score * points;
        if (score < 1) missed.push(question);
      });
      const percent = max ? Math.round(100 * got / max) : 0, passed = percent >= +container.dataset.pass;
      summary.textContent = say("check_total", { got, points: say("points", { n: max }), percent, pass: +container.dataset.pass }) + say(passed ? "passed" : "not_passed");
      status.textContent = summary.textContent;
      submit.hidden = true;
      summary.hidden = false;
      storage.put(key, { a: [...attempts(), { t: new Date().toISOString(), s: got, m: max, pc: percent, ok: passed, q: drawn.map(slot => slot.firstElementChild.dataset.qid) }] });
      showResult(container, true, "", missed);
      showHistory();
      summary.focus();
    });
    container.addEventListener("input", keepAnswers);
    container.addEventListener("click", event => event.target.closest("[data-d]") && keepAnswers());
    container.querySelector(".qz-again").addEventListener("click", () => {
      newDraw();
      drawn[0].querySelector("input,select,textarea,button:not([hidden])").focus();
    });
    container.querySelector(".qz-nojs").hidden = true;
    container.querySelector(".qz-intro").hidden = false;
    if (resume()) keepAnswers(); // without the answers that no longer fit
    else {
      newDraw();
      if ((savedRecord(key) || {}).d) keep(); // an attempt that no longer fits the check is dropped
    }
    showHistory();
  }

  // Each returns { score: 0..1 or null (never scored), message } or, before an answer, { message, focus }.
  const graders = {
    single_choice: gradeOne,
    true_false: gradeOne,
    multiple_response: gradeMany,
    matching: gradePlaces,
    ordering: gradePlaces,
    likert: gradeLikert,
    reflection: gradeReflection,
  };

  function gradeOne(q) {
    const chosen = q.inputs().find(input => input.checked);
    if (!chosen) return { message: q.say("choose"), focus: q.inputs()[0] };
    const right = isKeyed(chosen);
    q.mark(chosen.closest(".qz-o"), right);
    return { score: +right, message: q.say(right ? "correct" : "wrong") };
  }

  function gradeMany(q) {
    let keyed = 0, unkeyed = 0, hits = 0, misses = 0;
    q.inputs().forEach(input => {
      const right = isKeyed(input);
      right ? keyed++ : unkeyed++;
      if (input.checked) {
        right ? hits++ : misses++;
        q.mark(input.closest(".qz-o"), right);
      }
    });
    if (!hits && !misses) return { message: q.say("select"), focus: q.inputs()[0] };
    const allRight = hits == keyed && !misses;
    const partial = Math.max(0, hits / keyed - (unkeyed && misses / unkeyed));
    return {
      score: q.element.dataset.scoring == "partial" ? partial : +allRight,
      message: q.say(allRight ? "correct" : "wrong") + " " +
        q.say("found", { n: hits, total: keyed, right: q.say("right_answers", { n: keyed }) }) +
        (misses ? q.say("wrong_chosen", { n: misses }) : q.say("found_end")),
    };
  }

  // Matching: each row's select against its keyed letter; ordering: each row's place against its keyed position.
  function gradePlaces(q) {
    const rows = q.rows(), selects = all(q.list, "select"), empty = selects.find(select => !select.value);
    if (empty) return { message: q.say("match"), focus: empty };
    const placed = rows.filter((row, i) => {
      const right = selects.length ? selects[i].value == selects[i].dataset.c : row.dataset.c == i + 1;
      q.mark(row, right);
      return right;
    }).length;
    const allRight = placed == rows.length;
    return {
      score: q.element.dataset.scoring == "partial" ? placed / rows.length : +allRight,
      message: q.say(allRight ? "correct" : "wrong") + " " +
        q.say(selects.length ? "matches" : "placed", { n: placed, total: rows.length }),
    };
  }

  function gradeLikert(q) {
    const statements = all(q.element, ".qz-lk"), unanswered = statements.find(set => !set.querySelector(":checked"));
    if (unanswered) return { message: q.say("likert"), focus: unanswered.querySelector("input") };
    const total = statements.reduce((sum, set) => sum + +set.querySelector(":checked").value, 0);
    const band = all(q.answer, "[data-min]").find(b => +b.dataset.min <= total && total <= +b.dataset.max);
    const high = statements.length * all(statements[0], "input").length;
    return { score: null,
      message: q.say("total", { n: total, low: statements.length, high }) + (band ? " " + band.textContent : "") };
  }

  function gradeReflection(q) {
    const text = q.element.querySelector("textarea");
    if (!text.value.trim()) return { message: q.say("write"), focus: text };
    return { score: null, message: q.say("saved") };
  }

  // exam: part of a module check, where nothing is checked or saved until the whole check is (see `examine`).
  function setUp(element, key, showTotal, exam = false) {
    const type = element.dataset.type, grade = graders[type];
    const status = element.querySelector(".qz-status"), button = element.querySelector(".qz-check");
    const q = {
      element, list: element.querySelector(".qz-opts"), answer: element.querySelector(".qz-ans"),
      say: (messageKey, values) => translate(element, messageKey, values),
      inputs: () => q.list ? all(q.list, "input") : [],
      rows: () => all(q.list || element, ".qz-o"),
      controls: () => all(element, "input,select,textarea"),
      // Marks the row right or wrong and shows its feedback there, the one place feedback appears (the status
      // line gives the verdict alone).
      mark(row, right) {
        row.dataset.v = right ? "ok" : "no";
        const feedback = row.querySelector(".qz-fb");
        if (!feedback || !feedback.textContent.trim()) return;
        feedback.hidden = false;
        row.querySelector("input").setAttribute("aria-describedby", feedback.id);
      },
    };
    const state = () => type == "ordering" ? q.rows().map(row => row.dataset.id)
      : q.controls().map(control => control.type == "radio" || control.type == "checkbox" ? control.checked : control.value);
    let record = exam ? null : storage.get(key);
    const original = q.rows();
    const save = () => { record.v = state(); storage.put(key, record) };
    const clear = () => {
      all(element, "[data-v]").forEach(e => e.removeAttribute("data-v"));
      all(element, ".qz-fb").forEach(feedback => feedback.hidden = true);
      all(element, "[aria-describedby$=-fb]").forEach(input => input.removeAttribute("aria-describedby"));
      status.textContent = "";
    };

    // live: the learner pressed the button. Otherwise a saved answer is being restored, silently.
    function check(live) {
      clear();
      const result = grade(q);
      if (!("score" in result)) {
        if (live) {
          status.dataset.v = "no";
          status.textContent = result.message;
          result.focus.focus();
        }
        return;
      }
      const { score, message } = result;
      q.answer.hidden = false;
      // A reflection's model answer is what the learner compares with; elsewhere the feedback is already shown.
      if (type == "reflection") q.answer.open = true;
      if (!live) return;
      status.dataset.v = score === null ? "info" : score == 1 ? "ok" : "no";
      status.textContent = message + (score !== null && score < 1 ? q.say("retry") : "");
      // The feedback just shown above the button can push it, and the status, below the fold: bring both back.
      status.scrollIntoView({ block: "nearest" });
      button.scrollIntoView({ block: "nearest" });
      // f: the score at the first try, which the result reports beside the score now.
      const first = record && "f" in record ? record.f : record && "s" in record ? record.s : score;
      record = { s: score, p: +element.dataset.points || 0, n: ((record && +record.n) || 0) + 1, f: first };
      save();
      showTotal();
    }

    function move(moveButton) {
      const row = moveButton.closest(".qz-o"), up = moveButton.dataset.d < 0;
      const neighbour = up ? row.previousElementSibling : row.nextElementSibling;
      const name = row.querySelector(".qz-t").textContent;
      clear();
      if (!neighbour) {
        status.textContent = q.say(up ? "first" : "last", { name });
        return;
      }
      q.list.insertBefore(row, up ? neighbour : neighbour.nextSibling);
      moveButton.focus();
      status.textContent = q.say("moved", { n: q.rows().indexOf(row) + 1, total: q.rows().length, name });
    }

    // Puts a saved state back if it fits the question as it is now.
    function restore(saved) {
      if (type == "ordering") {
        const rows = q.rows(), byId = new Map(rows.map(row => [row.dataset.id, row]));
        if (saved.length != rows.length || !saved.every(id => byId.has(id))) return false;
        saved.forEach(id => q.list.append(byId.get(id)));
        return true;
      }
      const controls = q.controls();
      if (saved.length != controls.length) return false;
      if (!saved.every(value => typeof value == "boolean" || typeof value == "string")) return false;
      controls.forEach((control, i) => {
        if (typeof saved[i] == "boolean") control.checked = saved[i];
        else control.value = saved[i];
      });
      return true;
    }

    if (!grade) throw new Error(`no grader for the question type "${type}"`);
    button.hidden = exam;
    q.answer.hidden = true;
    if (exam) all(element, ".qz-hints").forEach(hints => hints.hidden = true);
    all(element, ".qz-mv").forEach(moveButtons => moveButtons.hidden = false);
    element.addEventListener("click", event => {
      const clicked = event.target.closest("button");
      if (clicked == button) check(true);
      else if (clicked && clicked.dataset.d) move(clicked);
    });
    element.addEventListener("change", event => {
      if (q.answer.contains(event.target)) record && save(); // the reflection's checklist, ticked after answering
      else if (type != "reflection") clear();
    });
    // Back to the question as the page first showed it, with nothing saved.
    const lockable = () => all(element, "input,select,textarea,.qz-mv button");
    const reset = () => {
      if (key) storage.drop(key);
      lockable().forEach(control => control.disabled = false);
      record = null;
      clear();
      q.controls().forEach(control => control.type == "radio" || control.type == "checkbox" ? control.checked = false : control.value = "");
      if (type == "ordering") original.forEach(row => q.list.append(row));
      all(element, "details").forEach(details => details.open = false);
      q.answer.hidden = true;
    };
    // In a module check: the verdict and feedback, the answer offered, the controls locked; returns the score 0..1.
    const examine = () => {
      clear();
      const result = grade(q), answered = "score" in result;
      status.dataset.v = answered && result.score == 1 ? "ok" : "no";
      status.textContent = answered ? result.message : q.say("unanswered");
      q.answer.hidden = false;
      lockable().forEach(control => control.disabled = true);
      return answered ? result.score : 0;
    };
    // An answer in progress, kept as it is (the module check's attempt under way) and put back if it still fits.
    const put = saved => { try { return Array.isArray(saved) && restore(saved) } catch (error) { return false } };
    const widget = { reset, examine, state, put };
    if (record === null || (isRecord(record) && record.v === undefined)) return widget; // nothing saved, or a score only
    let restored = false;
    try {
      restored = isRecord(record) && Array.isArray(record.v) && restore(record.v);
      if (restored) check(false);
    } catch (error) {
      restored = false;
    }
    if (!restored) {
      storage.drop(key);
      record = null;
      clear();
      q.answer.hidden = true;
    }
    return widget;
  }

  // The lesson to go on with ({ url, title, ids }): the last one with a saved answer while unfinished, else the one
  // after it; null before any answer, "done" after the last lesson.
  function nextLesson(prefix, lessons) {
    const answered = lesson => lesson.ids.filter(id => savedRecord(prefix + id)).length;
    let last = -1;
    lessons.forEach((lesson, i) => { if (answered(lesson)) last = i });
    if (last < 0) return null;
    return lessons[answered(lessons[last]) < lessons[last].ids.length ? last : last + 1] || "done";
  }

  // The home page's start button: "Continue: <lesson>" once there is progress.
  function startButton(link) {
    const lessons = JSON.parse(link.dataset.lessons).map(([url, title, ids]) => ({ url, title, ids: ids ? ids.split(" ") : [] }));
    const next = nextLesson(link.dataset.qz + "/", lessons);
    if (next == "done") [link.href, link.textContent] = [link.dataset.progress, link.dataset.done];
    else if (next) [link.href, link.textContent] = [next.url, link.dataset.continue.replace("{lesson}", next.title)];
  }

  function progress(container) {
    const prefix = container.dataset.qz + "/", status = container.querySelector(".qz-status");
    const say = (key, values) => translate(container, key, values);
    const rows = all(container, "tbody tr:has(td):not([data-check])").map(row => ({
      row, url: row.querySelector("a").href, title: row.querySelector("a").textContent,
      ids: row.dataset.qids ? row.dataset.qids.split(" ") : [],
    }));
    const show = () => {
      showLessons();
      all(container, "tr[data-check]").forEach(row => {
        const record = savedRecord(prefix + "check--" + row.dataset.check);
        const done = record && Array.isArray(record.a) ? record.a.filter(isRecord) : [];
        row.querySelector(".qz-st").textContent = done.length ?
          say("check_status", { n: done.length, best: Math.max(...done.map(a => +a.pc || 0)) }) : say("not_taken");
      });
      all(container, "tbody").forEach(group => {
        const quizzed = all(group, "tr[data-qids]");
        const done = quizzed.filter(row => row.dataset.qids.split(" ").every(id => savedRecord(prefix + id))).length;
        group.querySelector(".qz-mod").textContent = quizzed.length ? "(" + say("module_done", { n: done, total: quizzed.length }) + ")" : "";
      });
      const started = nextLesson(prefix, rows), next = started || rows[0], link = container.querySelector(".qz-next a");
      link.parentElement.hidden = next == "done";
      if (next != "done") [link.href, link.textContent] = [next.url, say(started ? "continue" : "start", { lesson: next.title })];
    };
    const showLessons = () => all(container, "tr[data-qids]").forEach(row => {
      const ids = row.dataset.qids.split(" "), max = +row.dataset.max;
      let answered = 0, got = 0;
      ids.forEach(id => {
        const record = savedRecord(prefix + id);
        if (record) { answered++; got += (+record.s || 0) * (+record.p || 0) }
      });
      row.querySelector(".qz-st").textContent = !answered ? say("not_started") :
        say(answered < ids.length ? "in_progress" : "done",
          { n: answered, total: ids.length, questions: say("questions", { n: ids.length }) }) +
        (max ? say("progress_points", { got, points: say("points", { n: max }) }) : say("progress_end"));
    });
    container.querySelector(".qz-nojs").hidden = true;
    container.querySelector(".qz-intro").hidden = false;
    container.querySelector(".qz-pacts").hidden = false;
    container.addEventListener("click", event => {
      const action = event.target.dataset.a, keys = storage.keys(prefix);
      if (action == "reset" && confirm(say("confirm_reset"))) {
        keys.forEach(storage.drop);
        announce(prefix);
        show();
        status.textContent = say("reset");
      }
      if (action == "export") {
        const answers = {};
        keys.forEach(key => answers[key.slice(prefix.length)] = storage.get(key));
        const file = JSON.stringify({ course: prefix, saved: new Date().toISOString(), answers });
        const url = URL.createObjectURL(new Blob([file], { type: "application/json" }));
        const link = document.createElement("a");
        link.href = url;
        link.download = prefix.replace(/\W+/g, "-") + "progress.json";
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 1e4);
        status.textContent = say("downloaded", { answers: say("saved_answers", { n: keys.length }) });
      }
    });
    container.addEventListener("change", async event => {
      const file = event.target.files && event.target.files[0];
      if (!file) return;
      let data;
      try { data = JSON.parse(await file.text()) } catch (e) {}
      const valid = data && isRecord(data.answers);
      if (!valid || data.course != prefix) status.textContent = say(valid ? "other_course" : "not_progress");
      else {
        const loaded = Object.entries(data.answers).filter(([id, record]) => /^[a-z0-9-]+$/.test(id) && isRecord(record));
        loaded.forEach(([id, record]) => storage.put(prefix + id, record));
        show();
        status.textContent = say("loaded", { answers: say("saved_answers", { n: loaded.length }) });
      }
      event.target.value = "";
    });
    show();
  }

  const start = () => {
    all(document, ".qz:not([data-on])").forEach(container => { container.dataset.on = 1; (container.dataset.check ? exam : quiz)(container) });
    all(document, ".qz-progress:not([data-on])").forEach(container => { container.dataset.on = 1; progress(container) });
    all(document, ".qz-start:not([data-on])").forEach(link => { link.dataset.on = 1; startButton(link) });
  };
  if (window.document$) window.document$.subscribe(start);
  else if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
