// Draws every chart whose figure the server wrote as JSON beside its container.
// No inline script, so a strict Content-Security-Policy can allow this file alone.
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll("[data-plotly-figure]").forEach(function (node) {
      var source = document.getElementById(node.getAttribute("data-plotly-figure"));
      if (!source || !window.Plotly) { return; }
      var figure = JSON.parse(source.textContent);
      // No mode bar: its buttons (zoom, "share", download) add nothing to a chart
      // whose figures are in the table beside it, and are tab stops to wade through.
      var config = Object.assign(
        { responsive: true, displaylogo: false, displayModeBar: false },
        figure.config || {}
      );
      window.Plotly.newPlot(node, figure.data, figure.layout, config);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
