// Progress bars of background jobs ({% include "jobs/_progress.html" %}): poll status.json until the job ends.
(function () {
  "use strict";
  if (window.casemgmtJobProgress) return; // the include may appear (and load this file) more than once
  window.casemgmtJobProgress = true;

  var EVERY_MS = 1500;

  function show(el, visible) {
    if (visible) el.removeAttribute("hidden");
    else el.setAttribute("hidden", "");
  }

  function render(box, s) {
    box.dataset.state = s.state;
    box.querySelector(".job-state").textContent = s.state_label;
    box.querySelector(".job-count").textContent = s.total ? s.done + "/" + s.total : "";
    var bar = box.querySelector(".job-bar");
    bar.value = s.percent;
    bar.textContent = s.percent + "%";
    box.querySelector(".job-message").textContent = s.message;
    var summary = box.querySelector(".job-summary");
    summary.textContent = s.summary;
    show(summary, !!s.summary);
    var reason = box.querySelector(".job-reason");
    reason.textContent = s.reason;
    show(reason, !!s.reason);
    var result = box.querySelector(".job-result");
    if (s.result_url) result.querySelector("a").href = s.result_url;
    show(result, !!s.result_url);
  }

  function poll(box, delay) {
    window.setTimeout(function () {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        })
        .then(function (s) {
          render(box, s);
          if (!s.finished) poll(box, EVERY_MS);
          else if (box.dataset.reload && s.state === "done") window.location.reload();
        })
        .catch(function () {
          poll(box, Math.min(delay * 2, 30000)); // the server is busy or restarting: back off, keep trying
        });
    }, delay);
  }

  function start() {
    document.querySelectorAll(".job-progress").forEach(function (box) {
      if (box.dataset.state === "queued" || box.dataset.state === "running") poll(box, EVERY_MS);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
