/* SCORM 1.2 run-time adapter for the quiz widget (quiz.js). `coursegen export scorm` loads it, before quiz.js, on
 * every page of a SCORM package; the public site never loads it, and outside an LMS it does nothing at all.
 *
 * Inside an LMS that offers the SCORM 1.2 API (window.API in this window, a parent, or the opener), the LMS is the
 * learner's record: each page load restores the saved answers from cmi.suspend_data into localStorage before the
 * widgets start, and every answer the widget saves (its "qz-saved" event) is written back, with the score (percent
 * of all points in the package), the package's lesson_status and one objective per lesson (its status and score).
 * The package lists its lessons and question points in coursegen-scorm.json, at the site root.
 * A site of many pages is one SCO, so LMSFinish is never called when the learner moves on (the next page could not
 * start a finished session): each change is committed at once, and cmi.core.exit is "suspend".
 * No innerHTML, no inline code: it runs under Content-Security-Policy script-src 'self'.
 */
(() => {
  const get = k => { try { return JSON.parse(localStorage.getItem(k)) } catch (e) { return null } };
  const put = (k, v) => { try { localStorage.setItem(k, JSON.stringify(v)) } catch (e) {} };
  const keys = p => { try { return Object.keys(localStorage).filter(k => k.startsWith(p)) } catch (e) { return [] } };
  const drop = k => { try { localStorage.removeItem(k) } catch (e) {} };
  const fmt = n => +(+n || 0).toFixed(2);
  const LIMIT = 4096; // characters of cmi.suspend_data in SCORM 1.2

  // SCORM 1.2 RTE 3.3.6.1: look in this window and its parents, then in the opener and its parents.
  function findApi() {
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

  const api = findApi();
  if (!api) return;
  // A page after the first finds the session already open: LMSInitialize then fails with 101, which is fine.
  if (String(api.LMSInitialize("")) != "true" && String(api.LMSGetLastError()) != "101") return;
  const getv = k => { try { return String(api.LMSGetValue(k) || "") } catch (e) { return "" } };
  const setv = (k, v) => { try { api.LMSSetValue(k, String(v)) } catch (e) {} };
  const commit = () => { try { api.LMSCommit("") } catch (e) {} };
  const script = document.currentScript ? document.currentScript.src : location.href;

  let saved = {}, course = null, meta = null, seen = [];
  try { saved = JSON.parse(getv("cmi.suspend_data") || "{}") || {} } catch (e) {}

  // A record travels as [score, points, attempts, answer]; an answer of booleans as a string of 0s and 1s.
  const pack = r => [fmt(r.s), r.p || 0, r.n || 0,
    Array.isArray(r.v) && r.v.every(x => typeof x == "boolean") ? r.v.map(Number).join("") : r.v];
  const unpack = a => ({ s: +a[0] || 0, p: +a[1] || 0, n: +a[2] || 0,
    v: typeof a[3] == "string" ? [...a[3]].map(c => c == "1") : Array.isArray(a[3]) ? a[3] : undefined });

  // The LMS's record replaces whatever this browser holds for the course: answers saved here by another learner,
  // or outside the LMS, are not this learner's. A local copy that matches the record is kept (it may hold more of
  // the answer than fitted into suspend_data). Answers saved for another course version are not restored.
  function adopt(prefix) {
    if (course || !prefix) return;
    course = prefix;
    const mine = saved.c == prefix && saved.a && typeof saved.a == "object" ? saved.a : {};
    seen = saved.c == prefix && Array.isArray(saved.l) ? saved.l.filter(x => typeof x == "string") : [];
    keys(prefix + "/").forEach(k => {
      const r = mine[k.slice(prefix.length + 1)], local = get(k);
      if (!Array.isArray(r) || !local || local.n != r[2] || fmt(local.s) != fmt(r[0])) drop(k);
    });
    Object.entries(mine).forEach(([id, a]) => {
      if (/^[a-z0-9-]+$/.test(id) && Array.isArray(a) && !get(prefix + "/" + id)) put(prefix + "/" + id, unpack(a));
    });
  }

  // What does not fit goes first: free text (reflections), then whole answers (scores and attempts always stay).
  function suspend() {
    const records = {};
    keys(course + "/").forEach(k => { const r = get(k); if (r && typeof r == "object") records[k.slice(course.length + 1)] = pack(r) });
    const text = () => JSON.stringify({ c: course, a: records, l: seen });
    if (text().length > LIMIT) Object.values(records).forEach(a => { if (Array.isArray(a[3])) a[3] = a[3].map(x => typeof x == "string" ? "" : x) });
    for (const a of Object.values(records)) { if (text().length <= LIMIT) break; a.length = 3 }
    setv("cmi.suspend_data", text());
  }

  function report() {
    if (!meta || !course) return;
    const pct = (got, max) => fmt(100 * got / max);
    let got = 0, max = 0, answered = 0, done = true;
    meta.lessons.forEach((lesson, i) => {
      const ids = Object.keys(lesson.questions), visited = seen.includes(lesson.id);
      let n = 0, lgot = 0, lmax = 0;
      ids.forEach(id => { const r = get(course + "/" + id), p = +lesson.questions[id] || 0; lmax += p; if (r) n++, lgot += (+r.s || 0) * p });
      got += lgot, max += lmax, answered += n;
      // A lesson with a quiz is complete when every question is answered; one without, once it has been read.
      const status = n == ids.length && (ids.length || visited) ? "completed" : n || visited ? "incomplete" : "not attempted";
      if (status != "completed") done = false;
      setv(`cmi.objectives.${i}.id`, lesson.id);
      setv(`cmi.objectives.${i}.status`, status);
      if (lmax && n) {
        setv(`cmi.objectives.${i}.score.min`, 0), setv(`cmi.objectives.${i}.score.max`, 100);
        setv(`cmi.objectives.${i}.score.raw`, pct(lgot, lmax));
      }
    });
    if (max && answered) setv("cmi.core.score.min", 0), setv("cmi.core.score.max", 100), setv("cmi.core.score.raw", pct(got, max));
    // With a mastery score from the LMS (the manifest's adlcp:masteryscore), a finished package passes or fails.
    const mastery = parseFloat(getv("cmi.student_data.mastery_score"));
    setv("cmi.core.lesson_status", !done ? "incomplete" : isNaN(mastery) || !max ? "completed" :
      100 * got / max >= mastery ? "passed" : "failed");
  }

  const update = () => { if (course) suspend(), report(), commit() };

  function visit() {
    if (!meta) return;
    const lesson = meta.lessons.find(l => new URL(l.url, meta.root).pathname == location.pathname);
    if (lesson && !seen.includes(lesson.id)) seen.push(lesson.id), update();
  }

  const here = document.querySelector("[data-qz]");
  adopt(saved.c || (here && here.dataset.qz));
  if (getv("cmi.core.lesson_status") == "not attempted") setv("cmi.core.lesson_status", "incomplete");
  setv("cmi.core.exit", "suspend");
  commit();

  document.addEventListener("qz-saved", e => { if (course && String(e.detail).startsWith(course + "/")) update() });
  addEventListener("pagehide", commit);
  fetch(new URL("../coursegen-scorm.json", script)).then(r => r.json()).then(m => {
    if (!m || !Array.isArray(m.lessons)) return;
    meta = m, meta.root = new URL("..", script).href;
    adopt(m.course);
    visit(), update();
    // Material's instant navigation swaps pages without a reload: count those visits too.
    if (window.document$) window.document$.subscribe(visit);
  }).catch(() => {});
})();
