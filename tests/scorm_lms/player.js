// A stand-in LMS for tests/test_scorm_browser.py: scorm-again's SCORM 1.2 API (the LMS side) in the parent window,
// preloaded with what an earlier session stored (window.LMS_STATE, set by the test), launching the package's page
// named in ?launch= in the frame. Each commit is counted and its data kept, as an LMS would store it.
window.API = new Scorm12API({ logLevel: 5, autocommit: false });
if (window.LMS_STATE) window.API.loadFromFlattenedJSON(window.LMS_STATE);
window.lmsCommits = [];
window.API.on("LMSCommit", () => window.lmsCommits.push(window.API.cmi.suspend_data));
window.addEventListener("DOMContentLoaded", () => {
  const launch = new URLSearchParams(location.search).get("launch") || "index.html";
  document.getElementById("sco").src = "package/" + launch;
});
