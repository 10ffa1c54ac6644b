// Suggested answers: a click on an element with data-fill puts its text into the conversation's
// composer (the textarea marked data-composer), where the agent edits and sends it. Kept out of
// the templates for the CSP (no inline script); loaded once, listening on the document.
(() => {
  if (window.zgSuggestions) return;
  window.zgSuggestions = true;
  document.addEventListener("click", (event) => {
    const item = event.target.closest("[data-fill]");
    if (!item) return;
    event.preventDefault();
    const scope = item.closest("[data-conversation]");
    const id = scope ? scope.dataset.conversation : "";
    const composer = document.querySelector(`[data-composer="${id}"]`) || document.querySelector("[data-composer]");
    if (!composer) return;
    composer.value = item.dataset.fill;
    composer.dispatchEvent(new Event("input", { bubbles: true }));
    composer.focus();
  });
})();
