// The self-assessment's answer form saves its draft in the background as the member answers
// (wiki/toolkit/views.py answers X-Autosave requests with JSON). Without this script the
// form's buttons save as usual; with it they still do.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;
  var saving = false;
  var again = false;

  function say(text) { if (status) status.textContent = text; }

  function save() {
    if (saving) { again = true; return; }
    saving = true;
    say(form.dataset.saving);
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Autosave": "1" }
    }).then(function (response) {
      return response.json().then(function (data) {
        say(response.ok && data.saved ? form.dataset.saved : (data.message || form.dataset.failed));
      });
    }).catch(function () {
      say(form.dataset.failed);
    }).then(function () {
      saving = false;
      if (again) { again = false; save(); }
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1200);
  }

  form.addEventListener("change", later);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "url") later();
  });
  form.addEventListener("submit", function () { window.clearTimeout(timer); });
})();
