// gradtui's page: the keyboard goes to the terminal as soon as the page has loaded, so keys
// work without a click first (textual.js opens the terminal in its own load handler, which
// runs before this one).
window.addEventListener("load", () => {
  const input = document.querySelector("#terminal .xterm-helper-textarea");
  if (input) {
    input.focus();
  }
});
