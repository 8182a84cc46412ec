// Job fairs: the staff check-in page's camera scanner (jsQR, vendored) and the results chart
// (ECharts, vendored). Attached through data-* attributes: the CSP runs no inline script.
//   <section data-scanner data-scan-url data-csrf>  getUserMedia → canvas → jsQR → POST token
//   <div id="fair-chart"> + #fair-chart-data          a bar chart whose bars open the lists
(function () {
  function post(url, csrf, body, target) {
    var data = new URLSearchParams(body);
    data.append("fragment", "1");
    return fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrf, "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: data.toString(),
      credentials: "same-origin",
    }).then(function (r) { return r.text(); }).then(function (html) {
      target.innerHTML = html;
      if (window.htmx) window.htmx.process(target);
    });
  }

  function scanner(box) {
    var button = box.querySelector("[data-start-camera]");
    var video = box.querySelector("[data-video]");
    var canvas = box.querySelector("[data-canvas]");
    var status = box.querySelector("[data-scan-status]");
    var target = document.getElementById("checkin-result");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    var last = "", lastAt = 0, busy = false;

    function tick() {
      if (video.readyState === video.HAVE_ENOUGH_DATA && !busy) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR && window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        var now = Date.now();
        // The same code is sent once; shown again after 5 s it is sent again (the server says "used").
        if (code && code.data && (code.data !== last || now - lastAt > 5000)) {
          last = code.data; lastAt = now; busy = true;
          post(box.dataset.scanUrl, box.dataset.csrf, { token: code.data }, target)
            .catch(function () {})
            .then(function () { busy = false; });
        }
      }
      window.requestAnimationFrame(tick);
    }

    button.addEventListener("click", function () {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        status.textContent = box.dataset.noCamera;
        return;
      }
      status.textContent = box.dataset.starting;
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (stream) {
          video.srcObject = stream;
          video.hidden = false;
          button.hidden = true;
          status.textContent = box.dataset.scanning;
          return video.play();
        })
        .then(function () { window.requestAnimationFrame(tick); })
        .catch(function () { status.textContent = box.dataset.noCamera; });
    });
  }

  function chart() {
    var box = document.getElementById("fair-chart");
    var source = document.getElementById("fair-chart-data");
    if (!box || !source || !window.echarts) return;
    var data = JSON.parse(source.textContent || "null");
    if (!data) return;
    var c = window.echarts.init(box, null, { renderer: "svg" });
    c.setOption({
      animation: false,
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1, splitNumber: box.clientWidth < 480 ? 2 : 5 },
      yAxis: { type: "category", inverse: true, data: data.labels },
      tooltip: { trigger: "item" },
      series: [{ type: "bar", data: data.values, itemStyle: { color: "#0b6e4f" }, label: { show: true, position: "right" } }],
    });
    c.on("click", function (event) { window.location.href = data.urls[event.dataIndex]; });
    window.addEventListener("resize", function () { c.resize(); });
  }

  function attach() {
    document.querySelectorAll("[data-scanner]").forEach(scanner);
    // After a successful check-in by ID number the box is emptied for the next person.
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var form = document.querySelector("form[data-reset-after-ok]");
      if (form && event.detail.target.querySelector(".checkin-result.ok")) {
        form.reset();
        var input = form.querySelector("input[name=id_number]");
        if (input) input.focus();
      }
    });
    chart();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
})();
