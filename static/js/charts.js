// Draws every chart whose figure the server wrote as JSON beside its container.
// No inline script, so a strict Content-Security-Policy can allow this file alone.
(function () {
  "use strict";
  // On a phone a legend below the plot takes a row an entry: the chart grows by
  // those rows, so the plot keeps its height, and a long title gets smaller.
  function narrow(node, figure) {
    var layout = figure.layout || {};
    if (node.clientWidth >= 600 || !layout.legend || layout.legend.orientation !== "h") {
      return;
    }
    var entries = {};
    (figure.data || []).forEach(function (trace, index) {
      if (trace.showlegend !== false) { entries[trace.legendgroup || index] = true; }
    });
    layout.height = (layout.height || 340) + 24 * Object.keys(entries).length;
    if (layout.title && layout.title.font) { layout.title.font.size = 13; }
  }
  function draw() {
    document.querySelectorAll("[data-plotly-figure]").forEach(function (node) {
      var source = document.getElementById(node.getAttribute("data-plotly-figure"));
      if (!source || !window.Plotly) { return; }
      var figure = JSON.parse(source.textContent);
      narrow(node, figure);
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
