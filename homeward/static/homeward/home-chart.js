// The staff home's bar chart of the registry by employment status (ECharts, vendored from npm).
// The table beside it holds the same numbers as links; a click on a bar opens the same list.
(function () {
  var box = document.getElementById("status-chart");
  var data = JSON.parse(document.getElementById("status-data").textContent || "null");
  if (!box || !data || !window.echarts) return;
  var chart = window.echarts.init(box, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    // Room on the right for the biggest bar's number; fewer ticks on a phone so they never overlap.
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1, splitNumber: box.clientWidth < 480 ? 2 : 5, axisLabel: { hideOverlap: true } },
    yAxis: { type: "category", inverse: true, data: data.labels },
    tooltip: { trigger: "item" },
    series: [{ type: "bar", data: data.values, itemStyle: { color: "#0b6e4f" }, label: { show: true, position: "right" } }],
  });
  chart.on("click", function (event) { window.location.href = data.urls[event.dataIndex]; });
  window.addEventListener("resize", function () { chart.resize(); });
})();
