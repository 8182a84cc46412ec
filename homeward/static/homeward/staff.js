// What the staff pages do with a script, attached here rather than in on…= attributes: the
// Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) runs no inline script.
//   <select data-submit-on-change>  sends its form when the choice changes (the language switch)
//   <button data-print>             prints the page (the job sheet, the recovery codes)
//   <details class="menu">          the top menus: one open at a time, closed by a tap elsewhere
(function () {
  function attach() {
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    var menus = document.querySelectorAll("details.menu");
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (!menu.open) return;
        menus.forEach(function (other) { if (other !== menu) other.open = false; });
      });
    });
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) { if (!menu.contains(event.target)) menu.open = false; });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
})();
