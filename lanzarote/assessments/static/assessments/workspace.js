// The analyst's workspace at keyboard speed (the keys are listed on the page, under "Keyboard").
// No inline script: the site's Content-Security-Policy forbids it.
(function () {
  "use strict";

  function typing(target) {  // keys typed into a field are the field's (radios are not fields)
    var field = target.closest("input, textarea, select, [contenteditable]");
    return field !== null && !(field.type === "radio" || field.type === "checkbox");
  }

  function follow(id) {
    var link = document.getElementById(id);
    if (link) { window.location.assign(link.href); }
  }

  function submit(id) {
    var form = document.getElementById(id);
    if (form) { form.requestSubmit(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey && event.key === "Enter" && event.target.id === "rationale") {
      event.preventDefault();
      submit("finding-form");
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key;
    if (key === "j") { follow("next-indicator"); }
    else if (key === "k") { follow("prev-indicator"); }
    else if (key === "s") { submit("finding-form"); }
    else if (key === "a") { submit("accept-form"); }
    else if (key === "x") { submit("reject-form"); }
    else if (key === "e" || key === "/") {
      var field = document.getElementById(key === "e" ? "rationale" : "evidence-q");
      if (!field) { return; }
      field.focus();
    } else if (/^[1-9]$/.test(key)) {
      var radio = document.querySelector('[data-key-value="' + key + '"]');
      if (!radio) { return; }
      radio.checked = true;
      radio.focus();
    } else { return; }
    event.preventDefault();
  });

  // Accepting a suggestion that would replace the value the analyst saved asks first (button or
  // the `a` key alike: both submit the form): the site's confirm.js asks the form's data-confirm
  // question and stops the form on "no"; a form that goes on was agreed to, and says so to the
  // server, which refuses to replace a saved value without replace=1.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("#accept-form[data-confirm]");
    var replace = form && form.querySelector('[name="replace"]');
    if (replace) { replace.value = "1"; }
  });

  // "Cite" with words selected in the passage cites only those words: the offsets of the
  // selection in the passage's text go with the form (the server checks them).
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-cite-form]");
    if (!form) { return; }
    var text = form.closest("[data-cite]").querySelector("[data-cite-text]");
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return; }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var before = document.createRange();
    before.selectNodeContents(text);
    before.setEnd(range.startContainer, range.startOffset);
    var start = before.toString().length;
    form.querySelector('[name="start"]').value = start;
    form.querySelector('[name="end"]').value = start + range.toString().length;
  });
}());
