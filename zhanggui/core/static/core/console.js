// Console behaviour that needs script; kept out of the templates for the CSP (no inline script).
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-select-all]");
  if (!all) return;
  const table = all.closest("table");
  table.querySelectorAll('input[name="ids"]').forEach((box) => { box.checked = all.checked; });
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) { event.preventDefault(); return; }
  // htmx does not send the submitter's name for hx-post forms in every browser; carry it in a hidden field.
  if (button && button.name === "_action") {
    let hidden = form.querySelector('input[type="hidden"][name="_action"]');
    if (!hidden) { hidden = document.createElement("input"); hidden.type = "hidden"; hidden.name = "_action"; form.appendChild(hidden); }
    hidden.value = button.value;
  }
  // A button answering with a file (data-download): the browser posts the form to the button's
  // formaction itself; htmx must not see the submit, or it would swap the file into the page.
  if (button && button.hasAttribute("data-download")) event.stopPropagation();
}, true);
