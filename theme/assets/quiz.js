/* Self-check quizzes and the Progress page. Markup: generator/templates/quiz/. No innerHTML, no inline code. */
(() => {
  const $$ = (r, s) => [...r.querySelectorAll(s)];
  const get = k => { try { return JSON.parse(localStorage.getItem(k)) } catch (e) { return null } };
  const put = (k, v) => { try { localStorage.setItem(k, JSON.stringify(v)) } catch (e) {} saved(k) };
  // Tells an LMS adapter (assets/scorm.js, only in SCORM packages) that answers under this key changed.
  const saved = k => document.dispatchEvent(new CustomEvent("qz-saved", { detail: k }));
  const keys = p => { try { return Object.keys(localStorage).filter(k => k.startsWith(p)) } catch (e) { return [] } };
  const ok = e => e.hasAttribute("data-c");
  const lang = () => document.documentElement.lang || "en";
  const fmt = n => (+n.toFixed(2)).toLocaleString(lang());

  // Interface strings in the course's language (generator/locales/, section quiz_js): the data-qz-strings JSON of the
  // quiz or Progress container, parsed once. Plural forms are chosen by v.n; {x} becomes v.x. Only textContent.
  const S = new WeakMap();
  function tr(el, k, v = {}) {
    const c = el.closest("[data-qz-strings]");
    if (c && !S.has(c)) S.set(c, JSON.parse(c.dataset.qzStrings));
    let s = (c && S.get(c)[k]) || k;
    if (typeof s == "object") s = s[new Intl.PluralRules(lang()).select(v.n)] || s.other;
    return s.replace(/\{(\w+)\}/g, (m, x) => typeof v[x] == "number" ? fmt(v[x]) : v[x]);
  }

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
      sum.textContent = (max ? tr(z, "score", { got, points: tr(z, "points", { n: max }) }) : "") +
        tr(z, "answered", { n, total: qs.length, questions: tr(z, "questions", { n: qs.length }) });
    };
    qs.forEach(q => question(q, P + q.dataset.qid, total));
    total();
  }

  function question(q, key, total) {
    const type = q.dataset.type, list = q.querySelector(".qz-opts"), st = q.querySelector(".qz-status");
    const btn = q.querySelector(".qz-check"), ans = q.querySelector(".qz-ans");
    const m = (k, v) => tr(q, k, v);
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
        if (!c) return [, m("choose"), inputs[0]];
        const good = ok(c);
        return [+good, m(good ? "correct" : "wrong") + mark(c.closest(".qz-o"), good)];
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
        if (!h && !f) return [, tr(q, "select"), inputs[0]];
        const all = h == k && !f, s = Math.max(0, h / k - (m && f / m));
        return [q.dataset.scoring == "partial" ? s : +all, tr(q, all ? "correct" : "wrong") + " " +
          tr(q, "found", { n: h, total: k, right: tr(q, "right_answers", { n: k }) }) +
          (f ? tr(q, "wrong_chosen", { n: f }) : tr(q, "found_end"))];
      }
      if (type == "matching" || type == "ordering") {
        const r = rows(), sel = $$(list, "select"), empty = sel.find(s => !s.value);
        if (empty) return [, m("match"), empty];
        const h = r.filter((row, i) => {
          const good = sel.length ? sel[i].value == sel[i].dataset.c : row.dataset.c == i + 1;
          mark(row, good);
          return good;
        }).length;
        const all = h == r.length;
        return [q.dataset.scoring == "partial" ? h / r.length : +all, m(all ? "correct" : "wrong") + " " +
          m(sel.length ? "matches" : "placed", { n: h, total: r.length })];
      }
      if (type == "likert") {
        const sets = $$(q, ".qz-lk"), none = sets.find(f => !f.querySelector(":checked"));
        if (none) return [, m("likert"), none.querySelector("input")];
        const t = sets.reduce((a, f) => a + +f.querySelector(":checked").value, 0);
        const band = $$(ans, "[data-min]").find(b => b.dataset.min <= t && t <= +b.dataset.max);
        return [null, m("total", { n: t, low: sets.length, high: sets.length * $$(sets[0], "input").length }) +
          (band ? " " + band.textContent : "")];
      }
      const ta = q.querySelector("textarea");
      if (!ta.value.trim()) return [, m("write"), ta];
      return [null, m("saved")];
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
      st.textContent = msg + (s !== null && s < 1 ? m("retry") : "");
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
      if (!to) return st.textContent = m(up ? "first" : "last", { name });
      list.insertBefore(li, up ? to : to.nextSibling);
      b.focus();
      st.textContent = m("moved", { n: rows().indexOf(li) + 1, total: rows().length, name });
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
    const P = g.dataset.qz + "/", st = g.querySelector(".qz-status"), m = (k, v) => tr(g, k, v);
    const show = () => $$(g, "tr[data-qids]").forEach(tr => {
      const ids = tr.dataset.qids.split(" "), max = +tr.dataset.max;
      let n = 0, got = 0;
      ids.forEach(id => { const r = get(P + id); if (r) n++, got += (r.s || 0) * (r.p || 0) });
      tr.querySelector(".qz-st").textContent = !n ? m("not_started") :
        m(n < ids.length ? "in_progress" : "done", { n, total: ids.length, questions: m("questions", { n: ids.length }) }) +
        (max ? m("progress_points", { got, points: m("points", { n: max }) }) : m("progress_end"));
    });
    g.querySelector(".qz-nojs").hidden = true;
    g.querySelector(".qz-pacts").hidden = false;
    g.addEventListener("click", e => {
      const a = e.target.dataset.a, ks = keys(P);
      if (a == "reset" && confirm(m("confirm_reset"))) {
        ks.forEach(k => localStorage.removeItem(k));
        saved(P);
        show();
        st.textContent = m("reset");
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
        st.textContent = m("downloaded", { answers: m("saved_answers", { n: ks.length }) });
      }
    });
    g.addEventListener("change", async e => {
      const file = e.target.files && e.target.files[0];
      if (!file) return;
      let data;
      try { data = JSON.parse(await file.text()) } catch (x) {}
      const valid = data && data.answers && typeof data.answers == "object";
      if (!valid || data.course != P) st.textContent = m(valid ? "other_course" : "not_progress");
      else {
        const good = Object.entries(data.answers).filter(([id, r]) => /^[a-z0-9-]+$/.test(id) && r && typeof r == "object");
        good.forEach(([id, r]) => put(P + id, r));
        show();
        st.textContent = m("loaded", { answers: m("saved_answers", { n: good.length }) });
      }
      e.target.value = "";
    });
    show();
  }

  const init = () => {
    $$(document, ".qz:not([data-on])").forEach(z => { z.dataset.on = 1; quiz(z) });
    $$(document, ".qz-progress:not([data-on])").forEach(g => { g.dataset.on = 1; progress(g) });
  };
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
