// The new-video form: drop or pick an image (previewed), presets fill the prompt, the cost follows
// the length, and the form is sent with fetch so the CSRF token travels in a header (the body is an
// upload, which the server streams to disk without reading it for a token).
(function () {
  const form = document.getElementById("studio-form");
  if (!form) return;
  const input = document.getElementById("image");
  const zone = document.getElementById("drop-zone");
  const preview = document.getElementById("image-preview");
  const prompt = document.getElementById("prompt");
  const preset = document.getElementById("preset");
  const cost = document.getElementById("cost");
  const error = document.getElementById("form-error");
  const button = document.getElementById("make-video");

  function showPreview(file) {
    if (!file) return;
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
  }

  function updateCost() {
    const length = form.querySelector('input[name="seconds"]:checked');
    cost.textContent = length ? length.dataset.credits : "—";
  }

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
    if (/credit/i.test(message)) {
      const link = document.createElement("a");
      link.href = "/billing";
      link.textContent = " Buy credits";
      link.id = "buy-credits-after-error";
      error.appendChild(link);
    }
    button.disabled = false;
  }

  // The zone opens the file picker, except for clicks and keys on the input itself: those open it
  // already, and a second input.click() would ask for a second picker.
  zone.addEventListener("click", (event) => { if (event.target !== input) input.click(); });
  zone.addEventListener("keydown", (event) => {
    if (event.target !== zone || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault(); // Space would scroll the page too
    input.click();
  });
  ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (event) => {
    event.preventDefault();
    zone.classList.add("drop-zone-active");
  }));
  ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, () => zone.classList.remove("drop-zone-active")));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showPreview(input.files[0]);
    }
  });
  input.addEventListener("change", () => showPreview(input.files[0]));
  preset.addEventListener("change", () => {
    const chosen = preset.selectedOptions[0];
    if (chosen && chosen.dataset.prompt) prompt.value = chosen.dataset.prompt;
  });
  form.querySelectorAll('input[name="seconds"]').forEach((radio) => radio.addEventListener("change", updateCost));
  updateCost();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!input.files.length) return fail("Choose a product image first.");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRF-Token": form.dataset.csrf, "Accept": "application/json" },
        credentials: "same-origin",
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok && body.job) {
        window.location.assign(body.job.url);
      } else {
        fail((body.error && body.error.message) || "The video could not be created. Please try again.");
      }
    } catch (problem) {
      fail("The upload did not reach SoraShare. Check your connection and try again.");
    }
  });
})();
