// The speaker's statements per date as bars (uPlot): dated by the text in blue, dated by the
// article's publication date (the text gave no date) in orange, stacked.
(function () {
  "use strict";
  var el = document.getElementById("timeline");
  var dataEl = document.getElementById("timeline-data");
  if (!el || !dataEl || typeof uPlot === "undefined") { return; }
  var points = JSON.parse(dataEl.textContent || "[]");
  if (!points.length) { el.textContent = "No dated statement."; el.classList.add("empty"); return; }
  var xs = [], byText = [], total = [];
  points.forEach(function (p) {
    xs.push(Date.parse(p.date + "T12:00:00Z") / 1000);
    byText.push(p.statements - p.from_published);
    total.push(p.statements);
  });
  var bars = uPlot.paths.bars({ size: [0.6, 24] });
  var opts = {
    width: Math.max(320, el.clientWidth - 2),
    height: 260,
    scales: { x: { time: true, range: function (u, min, max) { return [min - 86400 * 3, max + 86400 * 3]; } },
              y: { range: function (u, min, max) { return [0, Math.max(1, max) + 1]; } } },
    axes: [{}, { label: "statements", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }],
    series: [
      { label: "date" },
      // Drawn first and taller: the stack's total, whose visible top is the publication-dated part.
      { label: "dated by publication date", stroke: "#e7a34a", fill: "#e7a34a", paths: bars, points: { show: false },
        value: function (u, v, si, i) { return i == null ? "-" : String(total[i] - byText[i]); } },
      { label: "dated by the text (said_on)", stroke: "#1f5fbf", fill: "#1f5fbf", paths: bars, points: { show: false } }
    ]
  };
  var chart = new uPlot(opts, [xs, total, byText], el);
  el.setAttribute("data-points", String(points.length));
  window.addEventListener("resize", function () { chart.setSize({ width: Math.max(320, el.clientWidth - 2), height: 260 }); });
})();
