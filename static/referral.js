// The account page's referral link: a "Copy" button (the link also stays selectable by hand).
(function () {
  const field = document.getElementById("referral-link");
  const button = document.getElementById("copy-referral-link");
  if (!field || !button) return;
  button.hidden = false;
  button.addEventListener("click", async function () {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = "Copied";
    } catch (error) {
      button.textContent = "Press Ctrl+C to copy";
    }
  });
})();
