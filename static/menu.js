// The header's <details> menu: open on a wide screen, closed on a phone (where its summary is the
// toggle). Without this script, the stylesheet shows the links on a wide screen all the same.
(() => {
  const menu = document.querySelector(".site-header .menu");
  if (!menu) return;
  const wide = window.matchMedia("(min-width: 801px)");
  const fit = () => { menu.open = wide.matches; };
  fit();
  wide.addEventListener("change", fit);
})();
