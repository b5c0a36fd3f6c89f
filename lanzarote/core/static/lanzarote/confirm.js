// Irreversible steps ask first: a form (or its button) with data-confirm="what will happen"
// is sent only if the person agrees. Without JavaScript the form is sent as it is: the server
// still accepts the step by POST only and checks it. Scripts of a page that act on the same
// forms run after this one, and only when the person agreed.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
