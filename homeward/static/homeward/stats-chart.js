// The statistics page's line of one indicator over the last twelve months (ECharts, vendored).
// The table on the page holds the numbers as links; the chart only draws them.
(function () {
  var box = document.getElementById("trend-chart");
  var data = JSON.parse((document.getElementById("trend-data") || {}).textContent || "null");
  if (!box || !data || !window.echarts) return;
  var chart = window.echarts.init(box, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.months, axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", minInterval: 1, splitNumber: box.clientWidth < 480 ? 3 : 5 },
    tooltip: { trigger: "axis" },
    series: [{ type: "line", data: data.values, itemStyle: { color: "#0b6e4f" }, symbolSize: 6 }],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
