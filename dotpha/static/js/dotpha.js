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

// A long picker of names (a province's cadres, its units: data-filter holds the box's hint): a box above
// the list keeps the options whose name holds every word typed, with or without diacritics ("hung" finds
// "Hùng", "dang" finds "Đặng"). Options are taken out of the list, not hidden: a phone's picker shows
// hidden options. The empty choice and the chosen ones always stay, so a filter never changes the value.
var FILTER_FROM = 15;

function foldName(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
}

function addNameFilter(select) {
  if (select.dataset.filterReady || select.options.length < FILTER_FROM) { return; }
  select.dataset.filterReady = "1";
  var options = Array.prototype.slice.call(select.options);
  var names = options.map(function (option) { return foldName(option.textContent); });
  var box = document.createElement("input");
  box.type = "search";
  box.className = "form-control form-control-sm mb-1";
  box.placeholder = select.dataset.filter;
  box.setAttribute("aria-label", select.dataset.filter);
  box.setAttribute("data-filter-for", select.name);
  box.autocomplete = "off";
  box.addEventListener("input", function () {
    var words = foldName(box.value).split(/\s+/).filter(Boolean);
    // the choice as the list shows it now: a taken-out option's own flag is not to be trusted (the browser
    // re-chooses when options come and go)
    var chosen = Array.prototype.map.call(select.selectedOptions, function (option) { return option.value; });
    var kept = options.filter(function (option, i) {
      return option.value === "" || chosen.indexOf(option.value) !== -1 ||
        words.every(function (w) { return names[i].indexOf(w) !== -1; });
    });
    select.replaceChildren.apply(select, kept);
    options.forEach(function (option) { option.selected = chosen.indexOf(option.value) !== -1; });
  });
  // Enter in the box would send the form before the choice is made
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); }
  });
  select.parentNode.insertBefore(box, select);
}

function addNameFilters(root) {
  root.querySelectorAll("select[data-filter]").forEach(addNameFilter);
}

document.addEventListener("DOMContentLoaded", function () { addNameFilters(document); });
document.addEventListener("htmx:load", function (event) { addNameFilters(event.target); });
