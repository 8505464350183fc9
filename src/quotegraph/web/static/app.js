// Every page: filter forms start open on wide screens and folded on phones (results first).
(function () {
  "use strict";
  if (window.matchMedia && window.matchMedia("(min-width: 801px)").matches) {
    document.querySelectorAll("details.collapsible").forEach(function (d) { d.open = true; });
  }
})();
