// A job's page while its video is being made: polls the status document (ETag → 304 while nothing
// changed) and reloads the page when the state changes, so the timeline, the video or the reason
// appear.
(function () {
  const section = document.getElementById("studio-job");
  if (!section || section.dataset.inProgress !== "true") return;
  const url = section.dataset.statusUrl;
  const stateLabel = document.getElementById("job-state");
  let etag = null;
  let state = null;

  async function poll() {
    try {
      const response = await fetch(url, { headers: etag ? { "If-None-Match": etag } : {}, credentials: "same-origin" });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        const status = await response.json();
        if (state !== null && status.state !== state) return window.location.reload();
        state = status.state;
        stateLabel.textContent = status.label;
        const bar = document.getElementById("job-progress-bar");
        const text = document.getElementById("job-progress");
        if (bar && status.progress !== null) bar.value = status.progress;
        if (text && status.progress !== null) text.textContent = status.progress + " %";
        if (status.final) return window.location.reload();
      }
    } catch (problem) {
      // the next poll tries again
    }
    window.setTimeout(poll, 2000);
  }
  poll();
})();
