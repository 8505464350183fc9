// Hovering a highlighted piece outlines every piece of the same statements and shows who
// said it and when (the same words are in each piece's title attribute, for no-JS readers).
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  var box = document.getElementById("hover-box");
  if (!text || !box) { return; }
  function pieces(ids) {
    var out = [];
    ids.forEach(function (id) {
      document.querySelectorAll("[data-att]").forEach(function (el) {
        if (el.getAttribute("data-att").split(" ").indexOf(id) !== -1 && out.indexOf(el) === -1) { out.push(el); }
      });
    });
    return out;
  }
  function clear() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    box.hidden = true;
  }
  function show(el, x, y) {
    clear();
    var ids = el.getAttribute("data-att").split(" ").filter(Boolean);
    pieces(ids).forEach(function (p) { p.classList.add("active"); });
    var title = el.getAttribute("title") || el.getAttribute("data-title") || "";
    if (title) { el.setAttribute("data-title", title); el.removeAttribute("title"); }
    box.textContent = el.getAttribute("data-title") || "";
    box.hidden = !box.textContent;
    box.style.left = (x + 12) + "px";
    box.style.top = (y + 16) + "px";
  }
  text.addEventListener("mouseover", function (ev) {
    var el = ev.target.closest ? ev.target.closest("span.hl") : null;
    if (el) { show(el, ev.pageX, ev.pageY); }
  });
  text.addEventListener("mousemove", function (ev) {
    if (!box.hidden) { box.style.left = (ev.pageX + 12) + "px"; box.style.top = (ev.pageY + 16) + "px"; }
  });
  text.addEventListener("mouseleave", clear);
  document.querySelectorAll("table.statements tr[data-att]").forEach(function (row) {
    row.addEventListener("mouseenter", function () {
      clear();
      pieces([row.getAttribute("data-att")]).forEach(function (p) { p.classList.add("active"); });
    });
    row.addEventListener("mouseleave", clear);
  });
})();

// A statement's permalink (#a3): its row and every piece of its text are marked as the
// target, and the first piece is scrolled into the middle of the screen.
(function () {
  "use strict";
  function go() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    document.querySelectorAll(".target").forEach(function (el) { el.classList.remove("target"); });
    if (!id) { return; }
    var row = document.getElementById(id);
    if (!row || !row.hasAttribute("data-att")) { return; }
    var att = row.getAttribute("data-att");
    var first = null;
    row.classList.add("target");
    document.querySelectorAll("#article-text [data-att]").forEach(function (el) {
      if (el.getAttribute("data-att").split(" ").indexOf(att) !== -1) {
        el.classList.add("target");
        if (!first) { first = el; }
      }
    });
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.scrollIntoView({ block: "center" });
      first.focus({ preventScroll: true });
    }
  }
  window.addEventListener("hashchange", go);
  // Again once loaded: the browser's own jump to the anchor (the table row) comes after
  // this script runs, and the statement in the text is what the link is for.
  window.addEventListener("load", function () { window.requestAnimationFrame(go); });
  go();
})();
