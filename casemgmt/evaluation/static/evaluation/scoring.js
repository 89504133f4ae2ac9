// Live total and grade of the scoring form, and a hint where a changed objective item still needs its reason.
// Display only: the scoring service recomputes the total and refuses what the rubric does not allow.
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) return;
  var thresholds = JSON.parse(document.getElementById("grade-thresholds").textContent)
    .map(function (t) { return [parseFloat(t[0]), t[1]]; })
    .sort(function (a, b) { return b[0] - a[0]; });
  var failing = form.dataset.failing;
  var total = document.getElementById("live-total");
  var grade = document.getElementById("live-grade");

  function reasonOf(input) {
    return form.querySelector('[name="' + input.name.replace(/-(points|failed)$/, "-reason") + '"]');
  }

  function changed(input) {
    var suggested = input.dataset.suggested;
    if (suggested === undefined || suggested === "") return false;
    if (input.type === "checkbox") return (input.checked ? "1" : "0") !== suggested;
    return input.value.trim() !== "" && parseFloat(input.value) !== parseFloat(suggested);
  }

  function update() {
    var sum = 0, bonus = 0, complete = true, vetoed = false;
    form.querySelectorAll("input[data-max]").forEach(function (input) {
      var value = parseFloat(input.value);
      var bad = input.value.trim() !== "" && (isNaN(value) || value < 0 || value > parseFloat(input.dataset.max));
      input.setCustomValidity(bad ? "得分应在0–" + input.dataset.max + "分之间" : "");
      if (input.dataset.bonus) { if (!isNaN(value)) bonus += value; return; }  // 加分项: optional
      if (input.value.trim() === "" || isNaN(value)) complete = false; else sum += value;
    });
    sum += Math.min(bonus, parseFloat(form.dataset.bonusMax || "0"));  // capped at 加分上限
    form.querySelectorAll('input[type="checkbox"][name$="-failed"]').forEach(function (box) {
      if (box.checked) vetoed = true;
    });
    form.querySelectorAll("input[data-suggested]").forEach(function (input) {
      var reason = reasonOf(input);
      if (reason) reason.classList.toggle("needs-reason", changed(input) && reason.value.trim() === "");
    });
    if (vetoed) { total.textContent = "0"; grade.textContent = failing + "（一票否决）"; return; }
    total.textContent = (Math.round(sum * 10) / 10).toFixed(1) + (complete ? "" : "（未评完）");
    var label = failing;
    for (var i = 0; i < thresholds.length; i++) { if (sum >= thresholds[i][0]) { label = thresholds[i][1]; break; } }
    grade.textContent = complete ? label : "";
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
