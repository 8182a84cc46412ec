/* The self-service terminal (portal/kiosk_views.py): the digit pads, the print button, the
   reader's field kept focused, and the idle timer that signs out and returns to the first
   screen. No inline script (CSP): behaviour comes from data-* attributes. */
(function () {
  "use strict";
  var body = document.body;

  // Digit pads: each key adds its character to the pad's input.
  document.querySelectorAll("[data-kiosk-pad]").forEach(function (pad) {
    var input = document.getElementById(pad.getAttribute("data-kiosk-pad"));
    if (!input) return;
    pad.addEventListener("click", function (event) {
      var key = event.target.closest("button");
      if (!key) return;
      var max = parseInt(input.getAttribute("maxlength") || "32", 10);
      if (key.hasAttribute("data-kiosk-key") && input.value.length < max) {
        input.value += key.getAttribute("data-kiosk-key");
      } else if (key.hasAttribute("data-kiosk-back")) {
        input.value = input.value.slice(0, -1);
      } else if (key.hasAttribute("data-kiosk-clear")) {
        input.value = "";
      }
    });
  });

  // The ID-card reader types into whatever has the focus: keep it on the field.
  var reader = document.querySelector("[data-kiosk-keep-focus]");
  if (reader) {
    reader.focus();
    document.addEventListener("click", function (event) {
      if (!event.target.closest("button, a, input, summary")) reader.focus();
    });
  }

  document.querySelectorAll("[data-kiosk-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Idle: sign out (the server refuses an idle session anyway) or go back to the start.
  var seconds = parseInt(body.getAttribute("data-kiosk-idle-seconds") || "0", 10);
  var signout = document.getElementById("kiosk-signout");
  var home = body.getAttribute("data-kiosk-home");
  if (!seconds || (!signout && !home)) return;
  var timer = null;
  function expire() {
    if (signout) {
      var flag = signout.querySelector("[data-kiosk-timer-flag]");
      if (flag) flag.value = "1";
      signout.submit();
    } else {
      window.location.assign(home);
    }
  }
  function reset() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(expire, seconds * 1000);
  }
  ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, reset, { passive: true });
  });
  reset();
})();
