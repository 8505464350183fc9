// Who talks about whom (cytoscape): an arrow from a speaker to each person or organisation
// their statements mention, as thick as the number of statements.
(function () {
  "use strict";
  var el = document.getElementById("graph");
  var dataEl = document.getElementById("graph-data");
  if (!el || !dataEl || typeof cytoscape === "undefined") { return; }
  var g = JSON.parse(dataEl.textContent || "{}");
  if (!g.nodes || !g.nodes.length) { el.textContent = "No one talks about anyone in this period."; return; }
  var maxW = 1;
  g.edges.forEach(function (e) { maxW = Math.max(maxW, e.weight); });
  var elements = [];
  g.nodes.forEach(function (n) {
    elements.push({ data: { id: n.id, label: n.name, kind: n.kind, size: 18 + 6 * Math.sqrt(n.spoken + n.mentioned), speaks: n.spoken > 0 ? 1 : 0 } });
  });
  g.edges.forEach(function (e, i) {
    elements.push({ data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight, width: 1 + 7 * e.weight / maxW } });
  });
  var cy = cytoscape({
    container: el,
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "label": "data(label)", "width": "data(size)", "height": "data(size)",
        "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, "background-color": "#8fa3bf" } },
      { selector: "node[speaks = 1]", style: { "background-color": "#1f5fbf" } },
      { selector: "node[kind = 'organization']", style: { "shape": "round-rectangle" } },
      { selector: "node[kind = 'group']", style: { "shape": "hexagon" } },
      { selector: "edge", style: { "width": "data(width)", "curve-style": "bezier", "target-arrow-shape": "triangle",
        "line-color": "#b7c0cc", "target-arrow-color": "#b7c0cc", "opacity": 0.85 } },
      { selector: ".faded", style: { "opacity": 0.15 } }
    ],
    layout: { name: "cose", animate: false, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 90; } }
  });
  // A small network fitted to the box would be drawn huge: no more than 1.5 times life size.
  if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); }
  cy.on("tap", "node", function (ev) { window.location.href = "/speakers/" + encodeURIComponent(ev.target.id()); });
  cy.on("mouseover", "node", function (ev) {
    var near = ev.target.closedNeighborhood();
    cy.elements().not(near).addClass("faded");
  });
  cy.on("mouseout", "node", function () { cy.elements().removeClass("faded"); });
  el.setAttribute("data-ready", String(cy.nodes().length));
})();
