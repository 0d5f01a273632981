/* The quiz widget's side of a SCORM package (quiz.js's record of answers <-> the LMS). `coursegen export scorm` and
 * `scorm2004` load it on every course page of the package, after the package's data (assets/coursegen-scorm-data.js)
 * and before quiz.js; the public site never loads it, and outside an LMS it does nothing at all.
 *
 * The package's launch page holds the one run-time session with the LMS (scorm-launch.js, window.coursegenLms), and
 * the course pages load in its frame. On each page load this script restores the saved answers from the session's
 * suspend data into localStorage before the widgets start; on each answer the widget saves (its "qz-saved" event) it
 * hands the session the new suspend data, the score (percent of all points in the package), whether the package is
 * complete, and each lesson's status and score. The session turns that into SCORM 1.2 or 2004 data and commits.
 * No innerHTML, no inline code: it runs under Content-Security-Policy script-src 'self'.
 */
(() => {
  const meta = window.COURSEGEN_SCORM;
  if (!meta || !Array.isArray(meta.lessons)) return;
  const get = k => { try { return JSON.parse(localStorage.getItem(k)) } catch (e) { return null } };
  const put = (k, v) => { try { localStorage.setItem(k, JSON.stringify(v)) } catch (e) {} };
  const keys = p => { try { return Object.keys(localStorage).filter(k => k.startsWith(p)) } catch (e) { return [] } };
  const drop = k => { try { localStorage.removeItem(k) } catch (e) {} };

  // The launch page (scorm-launch.js) holds the LMS session; this page only talks to it. Outside the launch page
  // (the public site, or a page opened in a tab of its own) there is none, and the page works as the site does.
  function findSession() {
    let w = window;
    for (let i = 0; i < 10 && w.parent != w; i++) {
      try { w = w.parent; if (w.coursegenLms) return w.coursegenLms } catch (e) { return null }
    }
    return null;
  }

  const lms = findSession();
  if (!lms) return;

  const course = meta.course, P = course + "/";
  const invert = o => Object.fromEntries(Object.entries(o || {}).map(([k, v]) => [v, k]));
  const qcode = meta.questionCodes || {}, qid = invert(qcode), lcode = meta.lessonCodes || {}, lid = invert(lcode);
  const root = new URL("../", document.currentScript ? document.currentScript.src : location.href).href;

  // suspend_data: {"c": course@version, "l": "lesson.lesson", "a": "record;record"}, a record being
  // "code,score x 1000,points,attempts,answer". The answer is the widget's list of control states, written by shape:
  // b0110 (booleans: choices, likert), mA_C (letters: matching), olisten.reflect (ids: ordering), r01.text (a free
  // text then booleans: reflection, the text URI-encoded), else j + URI-encoded JSON. None holds ',' or ';'.
  const milli = s => Math.round((+s || 0) * 1000);
  const isId = x => typeof x == "string" && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(x);
  const bits = v => v.map(Number).join("");
  const enc = (v, text = true) => {
    if (!Array.isArray(v) || !v.length) return "";
    const bools = a => a.every(x => typeof x == "boolean");
    if (bools(v)) return "b" + bits(v);
    if (v.every(x => typeof x == "string" && /^[A-Z]?$/.test(x))) return "m" + v.map(x => x || "_").join("");
    if (v.every(isId)) return "o" + v.join(".");
    if (typeof v[0] == "string" && bools(v.slice(1))) return "r" + bits(v.slice(1)) + (text && v[0] ? "." + encodeURIComponent(v[0]) : "");
    return "j" + encodeURIComponent(JSON.stringify(v));
  };
  const dec = x => {
    try {
      const body = x.slice(1), flags = s => [...s].map(c => c == "1");
      if (x[0] == "b") return flags(body);
      if (x[0] == "m") return [...body].map(c => c == "_" ? "" : c);
      if (x[0] == "o") return body.split(".");
      if (x[0] == "r") {
        const dot = body.indexOf(".");
        return dot < 0 ? ["", ...flags(body)] : [decodeURIComponent(body.slice(dot + 1)), ...flags(body.slice(0, dot))];
      }
      if (x[0] == "j") { const v = JSON.parse(decodeURIComponent(body)); return Array.isArray(v) ? v : undefined }
    } catch (e) {}
    return undefined;
  };

  let saved = {};
  try { saved = JSON.parse(lms.suspendData || "{}") || {} } catch (e) {}
  if (saved.c != course) saved = {}; // another course version: its answers are not restored
  const seen = String(saved.l || "").split(".").map(c => lid[c]).filter(Boolean);

  // The LMS's record replaces whatever this browser holds for the course: answers saved here by another learner,
  // or outside the LMS, are not this learner's. A local copy that matches the record is kept (it may hold more of
  // the answer than fitted into suspend_data).
  const records = {};
  String(saved.a || "").split(";").forEach(r => {
    const [code, s, p, n, v = ""] = r.split(","), id = qid[code];
    if (id) records[id] = { s: +s / 1000 || 0, p: +p || 0, n: +n || 0, v: v ? dec(v) : undefined };
  });
  keys(P).forEach(k => {
    const r = records[k.slice(P.length)], local = get(k);
    if (!r || !local || local.n != r.n || milli(local.s) != milli(r.s)) drop(k);
  });
  Object.entries(records).forEach(([id, r]) => { if (!get(P + id)) put(P + id, r) });

  // What does not fit goes first: free text (reflections), then orderings and other long answers, then every
  // answer; scores and attempts always stay.
  function suspend() {
    const rows = [];
    keys(P).forEach(k => {
      const r = get(k), code = qcode[k.slice(P.length)];
      if (code && r && typeof r == "object") rows.push([code, milli(r.s), +r.p || 0, +r.n || 0, r.v]);
    });
    const text = f => JSON.stringify({ c: course, l: seen.map(i => lcode[i]).join("."),
      a: rows.map(r => [...r.slice(0, 4), f(r[4])].join(",")).join(";") });
    const passes = [v => enc(v), v => enc(v, false), v => { const e = enc(v, false); return "bmr".includes(e[0]) ? e : "" }, () => ""];
    let out = "";
    for (const f of passes) if ((out = text(f)).length <= lms.limit) break;
    return out;
  }

  // The package's score (percent of all its points), whether it is complete, and each lesson's status and score.
  function progress() {
    const pct = (got, max) => +(100 * got / max).toFixed(2);
    let got = 0, max = 0, answered = 0, complete = true;
    const lessons = meta.lessons.map(lesson => {
      const ids = Object.keys(lesson.questions), visited = seen.includes(lesson.id);
      let n = 0, lgot = 0, lmax = 0;
      ids.forEach(id => { const r = get(P + id), p = +lesson.questions[id] || 0; lmax += p; if (r) n++, lgot += (+r.s || 0) * p });
      got += lgot, max += lmax, answered += n;
      // A lesson with a quiz is complete when every question is answered; one without, once it has been read.
      const status = n == ids.length && (ids.length || visited) ? "completed" : n || visited ? "incomplete" : "not attempted";
      if (status != "completed") complete = false;
      return { id: lesson.id, status, percent: lmax && n ? pct(lgot, lmax) : null };
    });
    return { percent: max && answered ? pct(got, max) : null, complete, lessons };
  }

  const update = () => {
    try { lms.report({ suspend: suspend(), ...progress() }) } catch (e) { console.warn("coursegen SCORM:", e) }
  };

  function visit() {
    const lesson = meta.lessons.find(l => new URL(l.url, root).pathname == location.pathname);
    if (lesson && !seen.includes(lesson.id)) seen.push(lesson.id);
    update();
  }

  visit();
  document.addEventListener("qz-saved", e => { if (String(e.detail).startsWith(P)) update() });
  // Material's instant navigation swaps pages without a reload: count those visits too.
  if (window.document$) window.document$.subscribe(visit);
})();
