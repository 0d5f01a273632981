/* The quiz widget's side of a SCORM package (quiz.js's record of answers <-> the LMS). `coursegen export scorm` and
 * `scorm2004` load it on every course page of the package, after the package's data (assets/coursegen-scorm-data.js)
 * and before quiz.js; the public site never loads it, and outside an LMS it does nothing at all.
 *
 * The package's launch page holds the one run-time session with the LMS (scorm-launch.js, window.coursegenLms), and
 * the course pages load in its frame. On each page load this script restores the saved answers and module-check
 * records from the session's suspend data into localStorage before the widgets start; on each record the widget
 * saves (its "qz-saved" event) it
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

  const course = meta.course, P = course + "/", CHECK = "check--";
  const own = (o, k) => Object.hasOwn(o, k) ? o[k] : undefined; // stored text never reaches Object.prototype
  const invert = o => Object.fromEntries(Object.entries(o || {}).map(([k, v]) => [v, k]));
  const qcode = meta.questionCodes || {}, qid = invert(qcode), lcode = meta.lessonCodes || {}, lid = invert(lcode);
  const root = new URL("../", document.currentScript ? document.currentScript.src : location.href).href;
  const isRecord = x => x !== null && typeof x == "object" && !Array.isArray(x);

  // suspend_data: {"c": course@version, "l": "lesson.lesson", "a": "record;record", "k": "check;check"}.
  // An answer's record is "code,score x 1000,points,attempts,answer[,first-try score x 1000]", the first-try score
  // only where it differs from the score. The answer is the widget's list of control states, written by shape:
  // b0110 (booleans: choices, likert), mA_C (letters: matching), olisten.reflect (ids: ordering), r01.text (a free
  // text then booleans: reflection, the text URI-encoded), else j + URI-encoded JSON. None holds ',' ';' ':' or '|'.
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

  // A module check's record (quiz.js: {a: finished attempts, d: the attempt under way}) is
  // "module,attempt|attempt,last draw,draw under way,answer:answer". An attempt is "time_got_max_percent_passed", the
  // time in seconds, base 36; a draw is question codes joined by '.', "-<id>" for a question of the check alone (it
  // has no code); the answers of the attempt under way are written as above, in the order of its draw.
  const draw = ids => Array.isArray(ids) && ids.length && ids.every(isId) ? ids.map(i => own(qcode, i) || "-" + i).join(".") : "";
  const undraw = text => text.split(".").map(c => c[0] == "-" ? (isId(c.slice(1)) ? c.slice(1) : undefined) : own(qid, c));
  function attemptText(a) {
    const time = isRecord(a) ? Date.parse(a.t) : NaN, numbers = isRecord(a) ? [+(+a.s || 0).toFixed(3), +a.m || 0, +a.pc || 0] : [];
    return time > 0 && numbers.every(isFinite) ? [Math.floor(time / 1000).toString(36), ...numbers, a.ok ? 1 : 0].join("_") : "";
  }
  function attemptFrom(text) {
    const [t, s, m, pc, ok, ...rest] = text.split("_"), numbers = [s, m, pc].map(x => x ? +x : NaN);
    if (rest.length || !/^[0-9a-z]{1,9}$/.test(t || "") || !numbers.every(isFinite) || !/^[01]$/.test(ok)) return null;
    return { t: new Date(parseInt(t, 36) * 1000).toISOString(), s: numbers[0], m: numbers[1], pc: numbers[2], ok: ok == "1" };
  }
  // What suspend() writes of a check: its attempts, the last one's draw, and the attempt under way (draw, answers).
  function checkOf(module, record) {
    const done = Array.isArray(record.a) ? record.a : [], last = done[done.length - 1], d = record.d;
    const under = isRecord(d) && draw(d.q);
    return { module, attempts: done.map(attemptText).filter(Boolean), last: attemptText(last) ? draw(last.q) : "",
      draft: under ? { draw: under, values: d.q.map((_, i) => Array.isArray(d.v) ? d.v[i] : undefined) } : null };
  }

  let saved = {};
  try { saved = JSON.parse(lms.suspendData || "{}") || {} } catch (e) {}
  if (!isRecord(saved) || saved.c != course) saved = {}; // another course version: its answers are not restored
  const seen = String(saved.l || "").split(".").map(c => own(lid, c)).filter(Boolean);

  // Each record is read alone: one that does not parse is left out, and the others are restored.
  const records = new Map(), checks = new Map();
  String(saved.a || "").split(";").forEach(r => {
    const [code, s, p, n, v = "", f = ""] = r.split(","), id = own(qid, code);
    if (!id || ![s, p, n].every(x => x && isFinite(x))) return;
    const first = f && isFinite(f) ? { f: +f / 1000 } : {};
    records.set(id, { s: +s / 1000 || 0, p: +p || 0, n: +n || 0, v: v ? dec(v) : undefined, ...first });
  });
  String(saved.k || "").split(";").forEach(line => {
    try {
      const [module, done = "", last = "", under = "", answers = ""] = line.split(",");
      if (!isId(module)) return;
      const attempts = done ? done.split("|").filter(attemptFrom) : [], record = { a: attempts.map(attemptFrom) };
      const lastIds = last ? undraw(last) : [];
      if (record.a.length && lastIds.length && lastIds.every(Boolean)) record.a[record.a.length - 1].q = lastIds;
      const q = under ? undraw(under) : [], values = answers.split(":");
      if (q.length && q.every(Boolean)) record.d = { q, v: q.map((_, i) => values[i] ? dec(values[i]) || null : null) };
      if (record.a.length || record.d) checks.set(module, { record, attempts, draw: record.d ? under : "" });
    } catch (e) {}
  });

  // The LMS's record replaces whatever this browser holds for the course: answers saved here by another learner,
  // or outside the LMS, are not this learner's. A local copy that matches the record is kept (it may hold more of
  // the answer, or of a check's history, than fitted into suspend_data).
  const keepsCheck = (local, lmsCheck) => {
    const mine = checkOf("", local), n = lmsCheck.attempts.length;
    return mine.attempts.length >= n && mine.attempts.slice(mine.attempts.length - n).join("|") == lmsCheck.attempts.join("|") &&
      (!lmsCheck.draw || (mine.draft && mine.draft.draw) == lmsCheck.draw);
  };
  keys(P).forEach(k => {
    const id = k.slice(P.length), local = get(k);
    if (id.startsWith(CHECK)) {
      const c = checks.get(id.slice(CHECK.length));
      if (!c || !isRecord(local) || !keepsCheck(local, c)) drop(k);
      return;
    }
    const r = records.get(id);
    if (!r || !isRecord(local) || local.n != r.n || milli(local.s) != milli(r.s) ||
      ("f" in r && milli("f" in local ? local.f : local.s) != milli(r.f))) drop(k);
  });
  records.forEach((r, id) => { if (!get(P + id)) put(P + id, r) });
  checks.forEach((c, module) => { if (!get(P + CHECK + module)) put(P + CHECK + module, c.record) });

  // When the data would not fit the LMS's limit, one kind goes after another until it does (what stays longest
  // comes last): free text (reflections); orderings and other long answers; the draw of each check's last attempt
  // (it only puts those questions last in the next draw); first-try scores; each check's attempt under way; every
  // other answer; then finished check attempts, the oldest first. Each answer's score, points and attempts stay.
  function suspend() {
    const rows = [], checked = [];
    keys(P).sort().forEach(k => {
      const id = k.slice(P.length), r = get(k), code = own(qcode, id);
      if (!isRecord(r)) return;
      if (id.startsWith(CHECK) && isId(id.slice(CHECK.length))) checked.push(checkOf(id.slice(CHECK.length), r));
      else if (code) rows.push([code, milli(r.s), +r.p || 0, +r.n || 0, r.v, "f" in r ? milli(r.f) : milli(r.s)]);
    });
    const answerAt = level => [v => enc(v), v => enc(v, false)][level] ||
      (level < 6 ? v => { const e = enc(v, false); return "bmr".includes(e[0]) ? e : "" } : () => "");
    const checkLine = (c, level, answer, gone) => {
      const attempts = c.attempts.filter((_, i) => !gone.has(c.module + " " + i)), draft = level < 5 && c.draft;
      if (!attempts.length && !draft) return "";
      return [c.module, attempts.join("|"), level < 3 ? c.last : "", draft ? draft.draw : "",
        draft ? draft.values.map(answer).join(":") : ""].join(",");
    };
    const text = (level, gone = new Set()) => {
      const answer = answerAt(level), k = checked.map(c => checkLine(c, level, answer, gone)).filter(Boolean).join(";");
      return JSON.stringify({ c: course, l: seen.map(i => lcode[i]).join("."),
        a: rows.map(([code, s, p, n, v, f]) => [code, s, p, n, answer(v)].join(",") + (level < 4 && f != s ? "," + f : ""))
          .join(";"),
        ...k && { k } });
    };
    let out = "";
    for (let level = 0; level <= 6; level++) if ((out = text(level)).length <= lms.limit) return out;
    // A stable sort: attempts of the same second keep the order of their module and their own.
    const oldest = checked.flatMap(c => c.attempts.map((a, i) => [parseInt(a, 36), c.module + " " + i])).sort((x, y) => x[0] - y[0]);
    for (let n = 1; n <= oldest.length; n++) {
      if ((out = text(6, new Set(oldest.slice(0, n).map(x => x[1])))).length <= lms.limit) break;
    }
    return out;
  }

  // The package's score (percent of all its points), whether it is complete, and its objectives: each lesson's
  // status and score, then each module check with a finished attempt (its best attempt's percent, passed or failed),
  // in the order the checks were first taken, so that each keeps its objective's index from one commit to the next.
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
    const checks = keys(P + CHECK).sort().map(k => [k.slice(P.length), get(k)])
      .map(([id, r]) => [id, isRecord(r) && Array.isArray(r.a) ? r.a.filter(attemptText) : []])
      .filter(([id, done]) => done.length && isId(id.slice(CHECK.length)))
      .sort(([, a], [, b]) => Date.parse(a[0].t) - Date.parse(b[0].t))
      .map(([id, done]) => {
        const best = done.reduce((b, a) => +a.pc > +b.pc ? a : b);
        return { id, status: best.ok ? "passed" : "failed", percent: Math.min(100, Math.max(0, +best.pc)) };
      });
    return { percent: max && answered ? pct(got, max) : null, complete, objectives: [...lessons, ...checks] };
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
