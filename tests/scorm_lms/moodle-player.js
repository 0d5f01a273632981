// A stand-in for Moodle's mod/scorm/player.php around Moodle's own scorm_12.js and request.js: only what the page
// would get from Moodle's module.js and YUI (M.mod_scorm, YUI().use, Y.log, underscore, scorm_current_node), then the call
// that player.php makes, M.scorm_api.init, with the data model that datamodel.php's stored tracks give
// (window.MOODLE_DEF, written by moodle-state.js). The SCO's launch page opens in the scorm_object frame.
window.M = { mod_scorm: { connectPrereqCallback: { success() {} } } };
window.YUI = () => ({ use() {} }); // the table of contents refresh after a commit: no table of contents here
window.Y = { log() {} }; // YUI's instance, for the API's log lines
window.scorm_current_node = null; // one SCO: no tree
// module.js: a data model element as a request parameter, 'cmi.core.score.raw' -> 'cmi__core__score__raw'
window.underscore = str => String(str).replace(/\./g, "__");
window.addEventListener("DOMContentLoaded", () => {
  const state = window.MOODLE_DEF;
  const cmistring256 = "^[\\u0000-\\uFFFF]{0,255}$", cmistring4096 = "^[\\u0000-\\uFFFF]{0,4096}$";
  // (Y, def, cmiobj, cmiint, cmistring256, cmistring4096, scormdebugging, scormauto, scormid, cfgwwwroot, sesskey,
  //  scoid, attempt, viewmode, cmid, currentorg, autocommit, masteryoverride, hidetoc)
  M.scorm_api.init(null, { 1: state.def }, { 1: "" }, { 1: "" }, cmistring256, cmistring4096, false, 0, 1,
    location.origin + "/moodle", "sesskey", 1, state.attempt, "normal", 1, "", false, true, "0");
  document.getElementById("scorm_object").src = "package/" + state.launch;
});
