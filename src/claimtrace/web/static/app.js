// claimtrace web UI: the article reader (attributions ↔ highlighted text) and the graph.
// No framework, nothing loaded from elsewhere; the pages work without it, it adds interaction.
"use strict";

function setupReader() {
  const text = document.getElementById("text");
  if (!text) return;
  const marks = Array.from(text.querySelectorAll("mark[data-a]"));
  const toggles = Array.from(document.querySelectorAll(".attr-toggle"));

  function light(id, on) {
    for (const m of marks) {
      if (m.dataset.a.split(" ").includes(id)) m.classList.toggle("active", on);
    }
  }
  function open(button, show) {
    const detail = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", String(show));
    if (detail) detail.hidden = !show;
    light(button.dataset.a, show);
  }
  for (const button of toggles) {
    button.addEventListener("click", () => {
      open(button, button.getAttribute("aria-expanded") !== "true");
    });
    button.addEventListener("mouseenter", () => light(button.dataset.a, true));
    button.addEventListener("mouseleave", () => {
      if (button.getAttribute("aria-expanded") !== "true") light(button.dataset.a, false);
    });
  }
  for (const m of marks) {
    m.addEventListener("click", () => {
      const id = m.dataset.a.split(" ")[0];
      const button = document.querySelector('.attr-toggle[data-a="' + CSS.escape(id) + '"]');
      if (!button) return;
      open(button, true);
      button.scrollIntoView({ block: "nearest" });
      button.focus({ preventScroll: true });
    });
  }
}

function setupGraph() {
  const svg = document.getElementById("graph");
  if (!svg) return;
  const width = Number(svg.dataset.w), height = Number(svg.dataset.h);
  let view = { x: 0, y: 0, w: width, h: height };
  const apply = () => svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  function zoom(factor, cx, cy) {
    cx = cx ?? view.x + view.w / 2;
    cy = cy ?? view.y + view.h / 2;
    const w = Math.min(width * 4, Math.max(width / 20, view.w * factor));
    const h = w * height / width;
    view = { x: cx - (cx - view.x) * w / view.w, y: cy - (cy - view.y) * h / view.h, w, h };
    apply();
  }
  document.getElementById("zoom-in").addEventListener("click", () => zoom(0.7));
  document.getElementById("zoom-out").addEventListener("click", () => zoom(1 / 0.7));
  document.getElementById("zoom-reset").addEventListener("click", () => {
    view = { x: 0, y: 0, w: width, h: height };
    apply();
  });
  // Where a point on the screen falls in the picture's coordinates (the picture may be
  // letterboxed inside the element, so the element's box alone does not tell).
  function toView(clientX, clientY) {
    const m = svg.getScreenCTM();
    if (!m) return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    return { x: (clientX - m.e) / m.a, y: (clientY - m.f) / m.d };
  }
  // Plain wheel scrolls the page; Ctrl/⌘ + wheel (and a trackpad pinch) zooms.
  svg.addEventListener("wheel", (event) => {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const at = toView(event.clientX, event.clientY);
    zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, at.x, at.y);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.target.closest("a")) return;
    const m = svg.getScreenCTM();
    drag = { x: event.clientX, y: event.clientY, view: { ...view }, scale: m ? m.a : 1 };
  });
  window.addEventListener("pointerup", () => { drag = null; });
  window.addEventListener("pointercancel", () => { drag = null; });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    view.x = drag.view.x - (event.clientX - drag.x) / drag.scale;
    view.y = drag.view.y - (event.clientY - drag.y) / drag.scale;
    apply();
  });

  const nodes = Array.from(svg.querySelectorAll(".node"));
  const lines = Array.from(svg.querySelectorAll("line"));
  function highlight(id) {
    svg.classList.toggle("dim", Boolean(id));
    const near = new Set([id]);
    for (const l of lines) {
      const on = Boolean(id) && (l.dataset.s === id || l.dataset.t === id);
      l.classList.toggle("lit", on);
      if (on) { near.add(l.dataset.s); near.add(l.dataset.t); }
    }
    for (const n of nodes) n.classList.toggle("lit", Boolean(id) && near.has(n.dataset.id));
  }
  for (const n of nodes) {
    n.addEventListener("mouseenter", () => highlight(n.dataset.id));
    n.addEventListener("focus", () => highlight(n.dataset.id));
    n.addEventListener("mouseleave", () => highlight(null));
    n.addEventListener("blur", () => highlight(null));
  }
  const find = document.getElementById("graph-find");
  find.addEventListener("change", () => {
    const wanted = find.value.trim().toLowerCase();
    const hit = nodes.find((n) => n.dataset.label.toLowerCase() === wanted)
      || nodes.find((n) => n.dataset.label.toLowerCase().includes(wanted));
    if (hit) { hit.focus(); highlight(hit.dataset.id); }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupReader();
  setupGraph();
});
