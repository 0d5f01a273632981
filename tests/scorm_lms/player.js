// A stand-in LMS for tests/browser/test_scorm_browser.py: scorm-again's SCORM 1.2 API (or 2004's, with ?v=2004) as the LMS
// side in the parent window, preloaded with what an earlier session stored (window.LMS_STATE, set by the test),
// launching the package's page named in ?launch= in the frame. Each commit is counted, as an LMS would store it,
// and whatever the run-time held when the SCO terminated is kept in window.lmsFinished.
const query = new URLSearchParams(location.search);
const v2004 = query.get("v") == "2004";
const api = v2004 ? new Scorm2004API({ logLevel: 5, autocommit: false }) : new Scorm12API({ logLevel: 5, autocommit: false });
window[v2004 ? "API_1484_11" : "API"] = api;
window.lms = api;
window.lmsGet = e => v2004 ? api.GetValue(e) : api.LMSGetValue(e);
if (window.LMS_STATE) api.loadFromFlattenedJSON(window.LMS_STATE);
window.lmsCommits = [];
window.lmsFinished = null;
api.on(v2004 ? "Commit" : "LMSCommit", () => window.lmsCommits.push(api.cmi.suspend_data));
api.on(v2004 ? "Terminate" : "LMSFinish", () => { window.lmsFinished = JSON.parse(JSON.stringify(api.cmi)) });
window.addEventListener("DOMContentLoaded", () => {
  document.getElementById("sco").src = "package/" + (query.get("launch") || "index.html");
});
