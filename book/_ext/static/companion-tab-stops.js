// Boxes that scroll (wide code, notebook outputs, tables) are keyboard tab stops, as the theme
// makes them; boxes that do not scroll are not. The theme measures every box when the page loads,
// which makes the browser lay out closed code cells and every off-screen section at once: most of
// a long chapter's start-up work on a phone. Here every box starts as a tab stop (so none that
// scrolls is ever out of reach of the keyboard) and is measured only when it comes near the screen.
(() => {
  const boxes = document.querySelectorAll(
    "pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon, " +
    ".pst-scrollable-table-container");
  const scrolls = (box) => box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
  const measure = (box) => { box.tabIndex = scrolls(box) ? 0 : -1; };
  const nearScreen = new Set();
  const watcher = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        nearScreen.add(entry.target);
        measure(entry.target);
      } else {
        nearScreen.delete(entry.target);
      }
    }
  }, { rootMargin: "100% 0px" });
  let resized = null;
  window.addEventListener("resize", () => {
    clearTimeout(resized);  // a box far from the screen is measured again when it comes near
    resized = setTimeout(() => nearScreen.forEach(measure), 300);
  });
  boxes.forEach((box) => {
    box.tabIndex = 0;
    watcher.observe(box);
  });
})();
