/* The SCORM session of a package made by `coursegen export scorm` (1.2) or `scorm2004` (2004 4th edition).
 *
 * The LMS opens the package's launch page, scorm.html; this script runs there, once per visit, and the course pages
 * load in the frame below it. So the package is one SCO with one run-time session, whatever the learner reads:
 * Initialize once when the launch page opens, Terminate (LMSFinish) once when it closes, with the session time.
 * Course pages never call the LMS: their adapter (scorm.js) asks this page through `window.coursegenLms`.
 *
 * Every call to the LMS is guarded: an LMS that throws or answers "false" is reported on the console (and kept in
 * coursegenLms.errors), and the course goes on as if no LMS were there. One adapter, two data models: the
 * version comes from the package's data (window.COURSEGEN_SCORM.scorm).
 */
(() => {
  const meta = window.COURSEGEN_SCORM || {};
  const v2004 = meta.scorm == "2004";
  const names = v2004
    ? { api: "API_1484_11", init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue",
        commit: "Commit", error: "GetLastError", text: "GetErrorString" }
    : { api: "API", init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
        commit: "LMSCommit", error: "LMSGetLastError", text: "LMSGetErrorString" };
  const errors = [];

  // SCORM 1.2 RTE 3.3.6.1 and 2004 RTE 3.3.2: this window and its parents, then the opener and its parents.
  function findApi() {
    const climb = w => {
      for (let i = 0; w && i < 10; i++) {
        try { if (w[names.api] && typeof w[names.api][names.init] == "function") return w[names.api] } catch (e) { return null }
        if (w.parent == w) break;
        w = w.parent;
      }
      return null;
    };
    let api = null;
    try { api = climb(window.parent == window ? null : window.parent) || (window.opener && climb(window.opener)) } catch (e) {}
    return api;
  }

  const api = findApi();
  // One guarded call: the LMS's answer as a string, or "" when it threw; a failure is reported, never thrown.
  function call(method, ...args) {
    let out = "", code = "";
    try {
      out = String(api[names[method]](...args));
      if (method == "get" || out == "true") return out;
      code = String(api[names.error]());
      if (method == "init" && code == "103") return "true"; // 2004: already initialised (by this SCO)
      code = `${code} ${String(api[names.text](code))}`;
    } catch (e) {
      code = String(e && e.message || e);
    }
    errors.push(`${names[method]}(${args.join(", ")}): ${code}`);
    console.warn(`coursegen SCORM: the LMS refused ${names[method]}(${args.join(", ")}): ${code}`);
    return out;
  }

  if (!api || call("init", "") != "true") return;
  const started = Date.now();
  const get = k => call("get", k);
  const set = (k, v) => call("set", k, String(v));
  const number = x => x === "" || isNaN(+x) ? NaN : +x;

  const session = {
    version: v2004 ? "2004" : "1.2",
    errors,
    suspendData: get("cmi.suspend_data"),
    // The mastery score the LMS holds for this SCO, in percent (NaN when it has none).
    mastery: v2004 ? 100 * number(get("cmi.scaled_passing_score")) : number(get("cmi.student_data.mastery_score")),
    limit: v2004 ? 64000 : 4096, // characters of cmi.suspend_data
    // state: {suspend, percent (null before any scored answer), complete, objectives: [{id, status, percent}]} where
    // a lesson's status is "completed", "incomplete" or "not attempted", and a module check's "passed" or "failed".
    report(state) {
      session.suspendData = state.suspend;
      set("cmi.suspend_data", state.suspend);
      const pct = state.percent, passed = pct != null && !isNaN(session.mastery) ? pct >= session.mastery : null;
      (v2004 ? report2004 : report12)(state, pct, passed);
      call("commit", "");
    },
  };

  function report12(state, pct, passed) {
    state.objectives.forEach((objective, i) => {
      set(`cmi.objectives.${i}.id`, objective.id);
      set(`cmi.objectives.${i}.status`, objective.status);
      if (objective.percent != null) {
        set(`cmi.objectives.${i}.score.min`, 0), set(`cmi.objectives.${i}.score.max`, 100);
        set(`cmi.objectives.${i}.score.raw`, objective.percent);
      }
    });
    if (pct != null) set("cmi.core.score.min", 0), set("cmi.core.score.max", 100), set("cmi.core.score.raw", pct);
    set("cmi.core.lesson_status", !state.complete ? "incomplete" : passed == null ? "completed" : passed ? "passed" : "failed");
  }

  function report2004(state, pct, passed) {
    const score = (prefix, value) => {
      set(`${prefix}.score.scaled`, +(value / 100).toFixed(4));
      set(`${prefix}.score.raw`, value), set(`${prefix}.score.min`, 0), set(`${prefix}.score.max`, 100);
    };
    state.objectives.forEach((objective, i) => {
      const verdict = ["passed", "failed"].includes(objective.status); // a module check: done, and passed or failed
      set(`cmi.objectives.${i}.id`, objective.id);
      set(`cmi.objectives.${i}.completion_status`, verdict ? "completed" : objective.status);
      if (verdict) set(`cmi.objectives.${i}.success_status`, objective.status);
      if (objective.percent != null) score(`cmi.objectives.${i}`, objective.percent);
    });
    if (pct != null) score("cmi", pct);
    set("cmi.completion_status", state.complete ? "completed" : "incomplete");
    set("cmi.success_status", !state.complete || passed == null ? "unknown" : passed ? "passed" : "failed");
  }

  // Session time, the elapsed time of this visit: HHHH:MM:SS.SS in 1.2, an ISO 8601 duration in 2004.
  function elapsed() {
    const cs = Math.max(1, Math.round((Date.now() - started) / 10));
    const h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    if (v2004) return `PT${h}H${m}M${s.toFixed(2)}S`;
    const two = n => String(n).padStart(2, "0");
    return `${two(Math.min(h, 9999))}:${two(m)}:${two(Math.floor(s))}.${two(cs % 100)}`;
  }

  let finished = false;
  function finish() {
    if (finished) return;
    finished = true;
    set(v2004 ? "cmi.session_time" : "cmi.core.session_time", elapsed());
    call("commit", "");
    call("finish", "");
  }

  // "suspend": the learner comes back to the same attempt, with the answers in suspend_data.
  set(v2004 ? "cmi.exit" : "cmi.core.exit", "suspend");
  // The session ends when this page goes (the LMS closes the SCO's frame) or the LMS's page around it does (the
  // learner leaves the activity or closes the tab), whichever is first. Browsers hide the parent page before its
  // frames, and an LMS switches to a request that outlives the page in its own pagehide (Moodle's request.js uses the
  // Beacon API from then on): ending the session in that same event lets its last data go out. Not beforeunload:
  // the learner may still stay on the page.
  for (let w = window, i = 0; i < 10; i++, w = w.parent) {
    try { w.addEventListener("pagehide", finish) } catch (e) { break } // an LMS page of another origin: its own only
    if (w.parent == w) break;
  }
  window.coursegenLms = session;
})();
