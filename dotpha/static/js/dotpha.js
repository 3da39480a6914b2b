// Kept in a file, not inline: the Content-Security-Policy allows scripts from this site only.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector('meta[name="csrf-token"]');
  if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
});

// A form marked data-busy whose button with data-busy-text sends it (a long import): the button says it is
// working, the form's buttons are disabled against a second click, and the note saying how long it takes
// shows until the next page arrives.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  if (!form.hasAttribute("data-busy") || !button || !button.hasAttribute("data-busy-text")) { return; }
  var note = form.querySelector("[data-busy-note]");
  if (note) { note.classList.remove("d-none"); }
  button.textContent = button.getAttribute("data-busy-text");
  // after the browser has read the form: a button disabled before would drop its own name and value
  window.setTimeout(function () {
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
  }, 0);
});
