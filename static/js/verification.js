// Verification slips: a "Print the slips" button (without JavaScript, the browser's own print
// command does the same).
(function () {
  "use strict";
  var button = document.querySelector(".print-button");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
