// Describe the keyboard focus for tests/browser/test_quality_gate.py: what has focus, how its focus is shown, whether it
// is on screen, and whether anything (the sticky header above all) covers it. Evaluated with page.evaluate().
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { none: true };

  const parse = (c) => {
    const m = c && c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  // The colour a focus ring is drawn on: the ancestors' backgrounds composited, nearest on top, over white.
  const backgroundOf = (node) => {
    const layers = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] === 1) break;
      }
    }
    return layers.reverse().reduce((bg, c) => over(c, bg), [255, 255, 255, 1]);
  };
  const visible = (n) => {
    const r = n.getBoundingClientRect();
    const s = getComputedStyle(n);
    return r.width * r.height >= 4 && s.visibility !== "hidden" && s.opacity !== "0";
  };
  const describe = (n) => {
    if (!n) return "nothing";
    const cls = typeof n.className === "string" && n.className.trim() ? "." + n.className.trim().split(/\s+/).join(".") : "";
    return n.tagName.toLowerCase() + (n.id ? "#" + n.id : "") + cls;
  };

  // Where the focus shows: on the element itself, or, for a native control, on its label (Material's palette
  // radios are 0 px and show it on the next label; the quiz draws it around the whole option row's label).
  const ringOf = (n) => {
    const st = getComputedStyle(n);
    const bg = backgroundOf(n.parentElement || n);
    const oc = parse(st.outlineColor);
    if (st.outlineStyle !== "none" && parseFloat(st.outlineWidth) > 0 && oc && oc[3] > 0) {
      return { kind: "outline", on: describe(n), ratio: contrast(over(oc, bg), bg) };
    }
    if (st.boxShadow && st.boxShadow !== "none") {
      const sc = parse(st.boxShadow);
      if (sc && sc[3] > 0) return { kind: "box-shadow", on: describe(n), ratio: contrast(over(sc, bg), bg) };
    }
    return null;
  };
  const labels = [...(el.labels || [])];
  if (el.closest("label") && !labels.includes(el.closest("label"))) labels.push(el.closest("label"));
  if (el.nextElementSibling && el.nextElementSibling.tagName === "LABEL") labels.push(el.nextElementSibling);
  const candidates = [el, ...labels.filter(visible)];
  let indicator = null;
  for (const n of candidates) if ((indicator = ringOf(n))) break;
  const shown = visible(el) ? el : labels.find(visible) || el;
  const textEntry =
    el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && /^(text|search|email|url|tel|password|number)$/.test(el.type));
  if (!indicator && textEntry) indicator = { kind: "caret", ratio: null };

  // On screen, and not covered: hit-test the centre and four inset corners of each line box (a link can wrap)
  // of the part inside the viewport.
  const r = shown.getBoundingClientRect();
  const header = document.querySelector("header.md-header");
  const coveredBy = [];
  let underHeader = false;
  const parts = [...shown.getClientRects()]
    .map((b) => ({ left: Math.max(b.left, 0), top: Math.max(b.top, 0), right: Math.min(b.right, innerWidth), bottom: Math.min(b.bottom, innerHeight) }))
    .filter((b) => b.right - b.left >= 1 && b.bottom - b.top >= 1);
  const onScreen = visible(shown) && parts.length > 0;
  for (const box of parts) {
    const ix = Math.min(2, (box.right - box.left) / 4);
    const iy = Math.min(2, (box.bottom - box.top) / 4);
    const points = [
      [(box.left + box.right) / 2, (box.top + box.bottom) / 2],
      [box.left + ix, box.top + iy], [box.right - ix, box.top + iy],
      [box.left + ix, box.bottom - iy], [box.right - ix, box.bottom - iy],
    ];
    for (const [x, y] of points) {
      const hit = document.elementFromPoint(x, y);
      const ok = hit && (shown.contains(hit) || el.contains(hit) || (hit.tagName === "LABEL" && hit.control === el));
      if (!ok) {
        coveredBy.push(describe(hit));
        if (header && hit && header.contains(hit) && !header.contains(el)) underHeader = true;
      }
    }
  }
  // The sticky header's box against the focused element's: overlapping is fine only where the element is on top
  // (Material's skip link is drawn over the header on purpose); the hit test above tells which.
  const h = header ? header.getBoundingClientRect() : null;
  const overlapsHeader = !!h && !header.contains(el) && r.top < h.bottom - 0.5 && r.bottom > h.top;

  const name = (el.getAttribute("aria-label") || el.innerText || el.value || el.getAttribute("href") || "").trim();
  return {
    none: false,
    desc: `${describe(el)} "${name.replace(/\s+/g, " ").slice(0, 50)}"`,
    tag: el.tagName,
    type: el.type || null,
    href: el.href || null,
    inQuiz: !!el.closest("[data-qz], fieldset"),  // the self-check widget: generator/templates/quiz/quiz.html
    quiz: (el.closest("[data-qz]") || {}).id || null,  // which quiz (a module's quiz page holds one per lesson)
    question: (el.closest(".qz-q") || {}).id || null,
    indicator,
    onScreen,
    coveredBy: [...new Set(coveredBy)],
    underHeader,
    overlapsHeader,
    box: [r.left, r.top, r.right, r.bottom].map(Math.round),
    headerBox: h ? [h.top, h.bottom].map(Math.round) : null,
  };
}
