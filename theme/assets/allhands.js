// The all-hands page's presentation mode: one section per screen, Material's
// header, tabs, sidebars and footer hidden. Arrow keys, Page Up/Down and space
// move between sections; Home and End jump; Esc leaves. Without JavaScript the
// page is an ordinary long page (and prints one section per page either way).
function okrsiteAllHands() {
  var root = document.querySelector("[data-okr-allhands]");
  if (!root || root.dataset.okrReady) return;
  root.dataset.okrReady = "1";
  var slides = Array.prototype.slice.call(root.querySelectorAll(".okr-slide"));
  var controls = root.querySelector(".okr-allhands__controls");
  var button = root.querySelector("[data-okr-present]");
  var counter = root.querySelector(".okr-slide-count");
  var html = document.documentElement;
  var current = 0;
  if (!slides.length || !button) return;
  // Charts load with the page, not when scrolled to: a printed or presented page needs them all.
  root.querySelectorAll("img[loading=lazy]").forEach(function (img) { img.loading = "eager"; });
  controls.hidden = false;

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) {
      slide.classList.toggle("okr-slide--current", i === current);
    });
    counter.textContent = (current + 1) + " / " + slides.length;
    window.scrollTo(0, 0);
    slides[current].scrollTop = 0;
  }
  function start() {
    html.classList.add("okr-presenting");
    counter.hidden = false;
    var hash = location.hash.slice(1);
    var at = slides.findIndex(function (slide) { return slide.id === hash; });
    show(at >= 0 ? at : 0);
    slides[current].focus({preventScroll: true});
  }
  function stop() {
    html.classList.remove("okr-presenting");
    counter.hidden = true;
    slides.forEach(function (slide) { slide.classList.remove("okr-slide--current"); });
    slides[current].scrollIntoView();
    button.focus({preventScroll: true});
  }
  slides.forEach(function (slide) { slide.tabIndex = -1; });
  button.addEventListener("click", start);
  document.addEventListener("keydown", function (event) {
    if (!html.classList.contains("okr-presenting")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var key = event.key;
    if (key === "Escape") stop();
    else if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown" || (key === " " && !event.shiftKey)) show(current + 1);
    else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp" || (key === " " && event.shiftKey)) show(current - 1);
    else if (key === "Home") show(0);
    else if (key === "End") show(slides.length - 1);
    else return;
    event.preventDefault();
  });
}
if (typeof document$ !== "undefined") {
  document$.subscribe(okrsiteAllHands);
} else {
  document.addEventListener("DOMContentLoaded", okrsiteAllHands);
}
