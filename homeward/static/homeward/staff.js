// What the staff pages do with a script, attached here rather than in on…= attributes: the
// Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) runs no inline script.
//   <select data-submit-on-change>  sends its form when the choice changes (the language switch)
//   <button data-print>             prints the page (the job sheet, the recovery codes)
(function () {
  function attach() {
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
})();
