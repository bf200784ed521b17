// The report run's progress bar: polls the run's progress while the worker runs
// it, and says when it is ready (or why it failed). Without JavaScript the page
// offers a refresh link instead.
(function () {
  "use strict";
  const box = document.getElementById("run-progress");
  if (!box || box.dataset.active !== "true") return;
  const bar = document.getElementById("run-bar");
  const status = box.querySelector("[data-run-status]");
  const percent = box.querySelector("[data-run-percent]");
  const stage = box.querySelector("[data-run-stage]");
  const outcome = box.querySelector("[data-run-outcome]");

  function show(run) {
    bar.value = run.progress;
    bar.textContent = run.progress + "%";
    status.textContent = run.status_label;
    percent.textContent = run.progress + "%";
    stage.textContent =
      run.stage && run.stage !== run.status_label ? " " + run.stage + "." : "";
    if (run.status === "failed") {
      outcome.replaceChildren();
      const summary = document.createElement("div");
      summary.className = "error-summary";
      summary.setAttribute("role", "alert");
      const heading = document.createElement("h2");
      heading.textContent = "The report was not generated";
      const text = document.createElement("p");
      text.textContent = run.error;
      summary.append(heading, text);
      outcome.append(summary);
      return true;
    }
    if (run.report_url) {
      outcome.replaceChildren();
      const p = document.createElement("p");
      const link = document.createElement("a");
      link.href = run.report_url;
      link.textContent = "Read the draft report";
      p.append(link);
      outcome.append(p);
      return true;
    }
    return false;
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.progressUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok && show(await response.json())) return;
    } catch (error) {
      // A network blip: try again on the next tick.
    }
    window.setTimeout(poll, 1000);
  }
  window.setTimeout(poll, 500);
})();
