// The changelog's team filter: shown only where JavaScript runs, so the page
// works without it. Works with Material's instant navigation (document$).
function okrsiteFilters() {
  document.querySelectorAll("select[data-okr-filter]").forEach(function (select) {
    var box = select.closest(".okr-filter");
    if (box) box.hidden = false;
    select.addEventListener("change", function () {
      document.querySelectorAll(select.dataset.okrFilter).forEach(function (entry) {
        entry.hidden = select.value !== "" && entry.dataset.team !== select.value;
      });
    });
  });
}
if (typeof document$ !== "undefined") {
  document$.subscribe(okrsiteFilters);
} else {
  document.addEventListener("DOMContentLoaded", okrsiteFilters);
}
