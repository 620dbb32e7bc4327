/* Support buttons, in place: the form is sent in the background and the answer (JSON, in the
   reader's language) updates the count and the button, and is announced to screen readers.
   Without this script the same form posts and comes back with a message. */
(function () {
  "use strict";
  if (!document.querySelector(".support-form")) return;
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-atomic", "true");
  live.setAttribute("aria-live", "polite");
  live.id = "support-live";
  document.body.appendChild(live);

  function say(text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("support-form") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      var d = form.dataset;
      if (typeof data.count === "number") {
        form.querySelector(".support-count").textContent = data.count_text;
        form.action = data.supported ? d.unsupportUrl : d.supportUrl;
        form.classList.toggle("support-form--supported", data.supported);
        if (button) {
          button.textContent = data.supported ? d.unsupportLabel : d.supportLabel;
          button.classList.toggle("secondary", data.supported);
        }
      }
      var counts = document.querySelectorAll("[data-support-count='" + data.proposal + "']");
      for (var i = 0; i < counts.length; i++) counts[i].textContent = data.count;
      var left = document.querySelector("[data-supports-left]");
      if (left && data.left_text) left.textContent = data.left_text;
      say(data.message || data.error || d.failed);
    }).catch(function () {
      say(form.dataset.failed);
    }).then(function () {
      if (button) button.disabled = false;
    });
  });
})();
