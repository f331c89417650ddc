/* The Check in button of a team page: the check-in okrsite wrote when it built the site, dated
   with the reader's today. Where the forge's new-file page takes the text (GitHub, Gitea) the
   link carries it; where it does not (GitLab) the text is copied for the reader to paste. */
(function () {
  "use strict";

  function today() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  function copy(text) {
    // The clipboard API needs a secure page; an intranet on plain http gets the older way.
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).catch(function () { copyOldWay(text); });
      return;
    }
    copyOldWay(text);
  }

  function copyOldWay(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the note still says what to do */ }
    document.body.removeChild(area);
  }

  // Delegated: Material's instant loading swaps pages without running scripts again.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("a[data-okr-checkin]") : null;
    if (!button) return;
    var token = button.getAttribute("data-okr-checkin");
    var date = today();
    button.setAttribute("href", button.getAttribute("href").split(token).join(date));
    var text = button.getAttribute("data-okr-copy");
    if (text !== null) {
      copy(text.split(token).join(date));
      var note = button.parentNode.querySelector("[data-okr-checkin-note]");
      if (note) note.hidden = false;
    }
  });
})();
