// The weekly digest page: <button data-copy="#id"> copies that element's text for pasting into a
// WeChat group (the Content-Security-Policy runs no inline script, so it is attached here).
(function () {
  function attach() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var source = document.querySelector(button.getAttribute("data-copy"));
        var status = button.parentNode.querySelector("[data-copy-status]");
        function done() { if (status) status.textContent = button.getAttribute("data-copied"); }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(source.value).then(done, function () { fallback(); });
        } else { fallback(); }
        function fallback() { source.select(); document.execCommand("copy"); done(); }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
})();
