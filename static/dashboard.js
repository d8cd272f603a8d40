// Keeps the dashboard's place in the queue current: polls the small status document every
// 15 seconds; the server answers 304 when nothing changed, so an idle queue costs almost nothing.
(function () {
  const box = document.getElementById("queue-status");
  if (!box) return;
  const url = box.dataset.statusUrl;
  let etag = null;
  async function refresh() {
    try {
      const headers = etag ? { "If-None-Match": etag } : {};
      const response = await fetch(url, { headers, credentials: "same-origin", cache: "no-cache" });
      if (response.status === 304) return;
      if (!response.ok) return;
      etag = response.headers.get("ETag");
      const status = await response.json();
      if (status.status !== "waiting") { window.location.reload(); return; }
      document.getElementById("queue-position").textContent = status.position;
      document.getElementById("queue-length").textContent = status.waiting;
      document.getElementById("queue-estimate").textContent = status.estimate;
    } catch (error) {
      // offline for a moment: try again at the next tick
    }
  }
  setInterval(refresh, 15000);
})();
