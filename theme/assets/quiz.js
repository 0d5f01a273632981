/* Self-check quizzes and the Progress page. Markup: generator/templates/quiz/. No innerHTML, no inline code. */
(() => {
  const $$ = (r, s) => [...r.querySelectorAll(s)];
  const get = k => { try { return JSON.parse(localStorage.getItem(k)) } catch (e) { return null } };
  const put = (k, v) => { try { localStorage.setItem(k, JSON.stringify(v)) } catch (e) {} lms.save(k) };
  const keys = p => { try { return Object.keys(localStorage).filter(k => k.startsWith(p)) } catch (e) { return [] } };
  const fmt = n => +n.toFixed(2);
  const ok = e => e.hasAttribute("data-c");
  const plural = (n, w) => n + " " + w + (n == 1 ? "" : "s");

  function quiz(z) {
    const P = z.dataset.qz + "/", qs = $$(z, ".qz-q"), sum = z.querySelector(".qz-sum");
    const total = () => {
      let got = 0, max = 0, n = 0;
      qs.forEach(q => {
        const r = get(P + q.dataset.qid), p = +q.dataset.points || 0;
        max += p;
        if (r) n++, got += (r.s || 0) * p;
      });
      sum.hidden = false;
      sum.textContent = (max ? `Your score: ${fmt(got)} of ${plural(max, "point")}. ` : "") +
        `${n} of ${plural(qs.length, "question")} answered.`;
    };
    qs.forEach(q => question(q, P + q.dataset.qid, total));
    total();
  }

  function question(q, key, total) {
    const type = q.dataset.type, list = q.querySelector(".qz-opts"), st = q.querySelector(".qz-status");
    const btn = q.querySelector(".qz-check"), ans = q.querySelector(".qz-ans");
    const ctrls = () => $$(q, "input,select,textarea");
    const rows = () => $$(list || q, ".qz-o");
    const state = () => type == "ordering" ? rows().map(r => r.dataset.id)
      : ctrls().map(c => c.type == "radio" || c.type == "checkbox" ? c.checked : c.value);
    let rec = get(key);
    const save = () => { rec.v = state(); put(key, rec) };
    const clear = () => {
      $$(q, "[data-v]").forEach(e => e.removeAttribute("data-v"));
      $$(q, ".qz-fb").forEach(f => f.hidden = true);
      $$(q, "[aria-describedby$=-fb]").forEach(i => i.removeAttribute("aria-describedby"));
      st.textContent = "";
    };
    const mark = (row, good, fb) => {
      row.dataset.v = good ? "ok" : "no";
      if ((fb = row.querySelector(".qz-fb"))) {
        fb.hidden = false;
        row.querySelector("input").setAttribute("aria-describedby", fb.id);
      }
      return fb ? " " + fb.textContent.trim() : "";
    };

    // Returns [score 0..1 or null when ungraded, message] or [undefined, error, control to focus].
    function grade() {
      const inputs = list ? $$(list, "input") : [];
      if (type == "single_choice" || type == "true_false") {
        const c = inputs.find(i => i.checked);
        if (!c) return [, "Choose an answer, then select Check answer.", inputs[0]];
        const good = ok(c);
        return [+good, (good ? "✓ Correct." : "✗ Not quite.") + mark(c.closest(".qz-o"), good)];
      }
      if (type == "multiple_response") {
        let k = 0, m = 0, h = 0, f = 0;
        inputs.forEach(i => {
          const good = ok(i);
          good ? k++ : m++;
          if (i.checked) {
            good ? h++ : f++;
            mark(i.closest(".qz-o"), good);
          }
        });
        if (!h && !f) return [, "Select at least one answer, then select Check answer.", inputs[0]];
        const all = h == k && !f, s = Math.max(0, h / k - (m && f / m));
        return [q.dataset.scoring == "partial" ? s : +all, `${all ? "✓ Correct." : "✗ Not quite."} You found ${h} of ${plural(k, "right answer")}` +
          (f ? ` and chose ${plural(f, "answer")} that ${f == 1 ? "is" : "are"} not right.` : ".")];
      }
      if (type == "matching" || type == "ordering") {
        const r = rows(), sel = $$(list, "select"), empty = sel.find(s => !s.value);
        if (empty) return [, "Choose a match for every item, then select Check answer.", empty];
        const h = r.filter((row, i) => {
          const good = sel.length ? sel[i].value == sel[i].dataset.c : row.dataset.c == i + 1;
          mark(row, good);
          return good;
        }).length;
        const all = h == r.length;
        return [q.dataset.scoring == "partial" ? h / r.length : +all, `${all ? "✓ Correct." : "✗ Not quite."} ${h} of ${r.length} ` +
          (sel.length ? "matches are right." : "items are in the right place.")];
      }
      if (type == "likert") {
        const sets = $$(q, ".qz-lk"), none = sets.find(f => !f.querySelector(":checked"));
        if (none) return [, "Answer every statement, then select See my total.", none.querySelector("input")];
        const t = sets.reduce((a, f) => a + +f.querySelector(":checked").value, 0);
        const band = $$(ans, "[data-min]").find(b => b.dataset.min <= t && t <= +b.dataset.max);
        return [null, `Your total is ${t}, on a scale from ${sets.length} to ${sets.length * $$(sets[0], "input").length}.` +
          (band ? " " + band.textContent : "")];
      }
      const ta = q.querySelector("textarea");
      if (!ta.value.trim()) return [, "Write your answer first, then compare it with the model answer.", ta];
      return [null, "Saved in this browser. Compare your answer with the model answer below."];
    }

    // Live: a learner pressed the button. Otherwise: restoring a saved answer silently.
    function check(live) {
      clear();
      const [s, msg, focus] = grade();
      if (s === undefined) {
        if (live) st.dataset.v = "no", st.textContent = msg, focus.focus();
        return;
      }
      ans.hidden = false;
      if (s === null || s == 1) ans.open = true;
      if (!live) return;
      st.dataset.v = s === null ? "info" : s == 1 ? "ok" : "no";
      st.textContent = msg + (s !== null && s < 1 ? " Change your answer and check again, or open “Show answer and explanation”." : "");
      // The feedback just shown above the button can push it, and the status, below the fold: bring both back.
      st.scrollIntoView({ block: "nearest" }), btn.scrollIntoView({ block: "nearest" });
      rec = { s, p: +q.dataset.points || 0, n: ((rec || {}).n || 0) + 1 };
      save();
      total();
    }

    function move(b) {
      const li = b.closest(".qz-o"), up = b.dataset.d < 0, to = up ? li.previousElementSibling : li.nextElementSibling;
      const name = li.querySelector(".qz-t").textContent;
      clear();
      if (!to) return st.textContent = `Already ${up ? "first" : "last"}: ${name}`;
      list.insertBefore(li, up ? to : to.nextSibling);
      b.focus();
      st.textContent = `Moved to position ${rows().indexOf(li) + 1} of ${rows().length}: ${name}`;
    }

    btn.hidden = false;
    ans.hidden = true;
    $$(q, ".qz-mv").forEach(m => m.hidden = false);
    q.addEventListener("click", e => {
      const b = e.target.closest("button");
      if (b == btn) check(true);
      else if (b && b.dataset.d) move(b);
    });
    q.addEventListener("change", e => {
      if (ans.contains(e.target)) rec && save();
      else if (type != "reflection") clear();
    });
    if (rec && rec.v) {
      if (type == "ordering") rec.v.forEach(id => { const r = list.querySelector(`[data-id="${id}"]`); r && list.append(r) });
      else if (rec.v.length == ctrls().length) ctrls().forEach((c, i) => typeof rec.v[i] == "boolean" ? c.checked = rec.v[i] : c.value = rec.v[i]);
      check(false);
    }
  }

  function progress(g) {
    const P = g.dataset.qz + "/", st = g.querySelector(".qz-status");
    const show = () => $$(g, "tr[data-qids]").forEach(tr => {
      const ids = tr.dataset.qids.split(" "), max = +tr.dataset.max;
      let n = 0, got = 0;
      ids.forEach(id => { const r = get(P + id); if (r) n++, got += (r.s || 0) * (r.p || 0) });
      tr.querySelector(".qz-st").textContent = !n ? "Not started" :
        `${n < ids.length ? "In progress" : "Done"}: ${n} of ${plural(ids.length, "question")} answered` +
        (max ? `, ${fmt(got)} of ${plural(max, "point")}.` : ".");
    });
    g.querySelector(".qz-nojs").hidden = true;
    g.querySelector(".qz-pacts").hidden = false;
    g.addEventListener("click", e => {
      const a = e.target.dataset.a, ks = keys(P);
      if (a == "reset" && confirm("Delete every saved answer for this course from this browser?")) {
        ks.forEach(k => localStorage.removeItem(k));
        lms.save(P);
        show();
        st.textContent = "Progress reset: no saved answers remain.";
      }
      if (a == "export") {
        const answers = {};
        ks.forEach(k => answers[k.slice(P.length)] = get(k));
        const url = URL.createObjectURL(new Blob([JSON.stringify({ course: P, saved: new Date().toISOString(), answers })], { type: "application/json" }));
        const link = document.createElement("a");
        link.href = url;
        link.download = P.replace(/\W+/g, "-") + "progress.json";
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 1e4);
        st.textContent = `Downloaded ${plural(ks.length, "saved answer")}.`;
      }
    });
    g.addEventListener("change", async e => {
      const file = e.target.files && e.target.files[0];
      if (!file) return;
      let data;
      try { data = JSON.parse(await file.text()) } catch (x) {}
      const valid = data && data.answers && typeof data.answers == "object";
      if (!valid || data.course != P) st.textContent = valid ?
        "That file holds progress for a different course or course version, so nothing was loaded." :
        "That file is not a progress file saved from this course, so nothing was loaded.";
      else {
        const good = Object.entries(data.answers).filter(([id, r]) => /^[a-z0-9-]+$/.test(id) && r && typeof r == "object");
        good.forEach(([id, r]) => put(P + id, r));
        show();
        st.textContent = `Loaded ${plural(good.length, "saved answer")}.`;
      }
      e.target.value = "";
    });
    show();
  }

  /* ---- SCORM 1.2 run-time adapter (coursegen export scorm) --------------------------------------------------------
   * Only when the page runs inside an LMS that offers the SCORM 1.2 API; outside one, `lms` does nothing and the
   * widget works exactly as it does on the public site. The LMS is the learner's record: each page load restores the
   * saved answers from cmi.suspend_data into localStorage before the widgets start, and every saved answer is written
   * back, with the score (percent of all points in the package), the package's lesson_status and one objective per
   * lesson (its status and score). The package lists its lessons and question points in coursegen-scorm.json.
   * A site of many pages is one SCO, so LMSFinish is never called when the learner moves on: the next page could
   * not start a finished session. Each change is committed at once, and cmi.core.exit is "suspend".
   */
  function scormApi() {
    const climb = w => {
      for (let i = 0; w && i < 10; i++) {
        try { if (w.API && typeof w.API.LMSInitialize == "function") return w.API } catch (e) { return null }
        if (w.parent == w) break;
        w = w.parent;
      }
      return null;
    };
    let api = climb(window);
    try { api = api || (window.opener && climb(window.opener)) } catch (e) {}
    return api || null;
  }

  function scorm(scriptUrl) {
    const none = { save() {}, visit() {} };
    const api = scormApi();
    if (!api) return none;
    if (String(api.LMSInitialize("")) != "true" && String(api.LMSGetLastError()) != "101") return none;
    const getv = k => { try { return String(api.LMSGetValue(k) || "") } catch (e) { return "" } };
    const setv = (k, v) => { try { api.LMSSetValue(k, String(v)) } catch (e) {} };
    const commit = () => { try { api.LMSCommit("") } catch (e) {} };
    const raw = (k, v) => { try { localStorage.setItem(k, JSON.stringify(v)) } catch (e) {} };
    let saved = {}, course = null, meta = null, seen = [];
    try { saved = JSON.parse(getv("cmi.suspend_data") || "{}") || {} } catch (e) {}
    // A record travels as [score, points, attempts, answer]; an answer of booleans as a string of 0s and 1s.
    const pack = r => [fmt(r.s || 0), r.p || 0, r.n || 0, Array.isArray(r.v) && r.v.every(x => typeof x == "boolean") ?
      r.v.map(Number).join("") : r.v];
    const unpack = a => ({ s: +a[0] || 0, p: +a[1] || 0, n: +a[2] || 0,
      v: typeof a[3] == "string" ? [...a[3]].map(c => c == "1") : Array.isArray(a[3]) ? a[3] : undefined });

    // Saved answers of another course version, or of another learner in this browser, are not this learner's.
    const adopt = prefix => {
      if (course || !prefix) return;
      course = prefix;
      const mine = saved.c == prefix && saved.a && typeof saved.a == "object" ? saved.a : {};
      seen = saved.c == prefix && Array.isArray(saved.l) ? saved.l : [];
      keys(prefix + "/").forEach(k => {
        const r = mine[k.slice(prefix.length + 1)], local = get(k);
        if (!r || !local || local.n != r[2] || fmt(local.s || 0) != fmt(+r[0] || 0)) localStorage.removeItem(k);
      });
      Object.entries(mine).forEach(([id, a]) => {
        if (/^[a-z0-9-]+$/.test(id) && Array.isArray(a) && !get(prefix + "/" + id)) raw(prefix + "/" + id, unpack(a));
      });
    };
    const here = document.querySelector("[data-qz]");
    adopt(saved.c || (here && here.dataset.qz));
    if (getv("cmi.core.lesson_status") == "not attempted") setv("cmi.core.lesson_status", "incomplete");
    setv("cmi.core.exit", "suspend");

    // SCORM 1.2 allows 4,096 characters: long free-text answers go first, then restorable answers, newest kept.
    function suspend() {
      const records = {};
      keys(course + "/").forEach(k => { const r = get(k); if (r) records[k.slice(course.length + 1)] = pack(r) });
      const text = () => JSON.stringify({ c: course, a: records, l: seen });
      if (text().length > 4096) Object.values(records).forEach(a => { if (Array.isArray(a[3])) a[3] = a[3].map(x => typeof x == "string" ? "" : x) });
      for (const a of Object.values(records)) { if (text().length <= 4096) break; a.length = 3 }
      setv("cmi.suspend_data", text());
    }

    function report() {
      if (!meta || !course) return;
      const pct = (got, max) => fmt(100 * got / max);
      let got = 0, max = 0, answered = 0, done = true;
      meta.lessons.forEach((l, i) => {
        const ids = Object.keys(l.questions);
        let n = 0, lgot = 0, lmax = 0;
        ids.forEach(id => { const r = get(course + "/" + id), p = l.questions[id]; lmax += p; if (r) n++, lgot += (r.s || 0) * p });
        got += lgot, max += lmax, answered += n;
        const status = n == ids.length && (ids.length || seen.includes(l.id)) ? "completed" :
          n || seen.includes(l.id) ? "incomplete" : "not attempted";
        if (status != "completed") done = false;
        setv(`cmi.objectives.${i}.id`, l.id);
        setv(`cmi.objectives.${i}.status`, status);
        if (lmax && n) setv(`cmi.objectives.${i}.score.min`, 0), setv(`cmi.objectives.${i}.score.max`, 100),
          setv(`cmi.objectives.${i}.score.raw`, pct(lgot, lmax));
      });
      if (max && answered) setv("cmi.core.score.min", 0), setv("cmi.core.score.max", 100), setv("cmi.core.score.raw", pct(got, max));
      const mastery = parseFloat(getv("cmi.student_data.mastery_score"));
      setv("cmi.core.lesson_status", !done ? "incomplete" : isNaN(mastery) || !max ? "completed" :
        100 * got / max >= mastery ? "passed" : "failed");
    }

    function visit() {
      if (!meta) return;
      const lesson = meta.lessons.find(l => new URL(l.url, meta.root).pathname == location.pathname);
      if (lesson && !seen.includes(lesson.id)) seen.push(lesson.id), course && (suspend(), report(), commit());
    }

    fetch(new URL("../coursegen-scorm.json", scriptUrl)).then(r => r.json()).then(m => {
      meta = m, meta.root = new URL("..", scriptUrl).href;
      adopt(m.course);
      visit(), suspend(), report(), commit();
    }).catch(() => {});
    addEventListener("pagehide", commit);
    return {
      save(key) {
        if (!course || !key.startsWith(course + "/")) return;
        suspend(), report(), commit();
      },
      visit,
    };
  }
  const lms = scorm(document.currentScript ? document.currentScript.src : location.href);

  const init = () => {
    $$(document, ".qz:not([data-on])").forEach(z => { z.dataset.on = 1; quiz(z) });
    $$(document, ".qz-progress:not([data-on])").forEach(g => { g.dataset.on = 1; progress(g) });
    lms.visit();
  };
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
