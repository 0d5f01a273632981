/* coursegen export scorm: this package's lessons, for assets/scorm.js. */
window.COURSEGEN_SCORM = {
 "course": "every-type@1.0",
 "lessonCodes": {
  "cues": "822gw"
 },
 "lessons": [
  {
   "id": "cues",
   "questions": {
    "best-reply": 1,
    "how-i-listen": 0,
    "match-cues": 1,
    "order-steps": 1,
    "pick-cues": 2,
    "silence-is-rude": 1,
    "think-back": 0
   },
   "url": "listening/cues.html"
  }
 ],
 "questionCodes": {
  "best-reply": "vabe9",
  "how-i-listen": "mp74w",
  "match-cues": "tkw87",
  "order-steps": "z1mfk",
  "pick-cues": "ezcuv",
  "silence-is-rude": "byhx0",
  "think-back": "n87cw"
 },
 "scorm": "2004",
 "title": "Every Type Course"
};
