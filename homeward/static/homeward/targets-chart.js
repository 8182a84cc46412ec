// A target's history: what was reached beside what was due by the time elapsed (序时进度),
// one point a week (ECharts, vendored). The table on the page holds the numbers as links; the
// chart only draws them.
(function () {
  var box = document.getElementById("target-chart");
  var data = JSON.parse((document.getElementById("target-history") || {}).textContent || "null");
  if (!box || !data || !window.echarts) return;
  var chart = window.echarts.init(box, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, data: [data.reached, data.due] },
    xAxis: { type: "category", data: data.days, axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", splitNumber: box.clientWidth < 480 ? 3 : 5 },
    tooltip: { trigger: "axis" },
    series: [
      { name: data.reached, type: "line", data: data.actual, itemStyle: { color: "#0b6e4f" } },
      { name: data.due, type: "line", data: data.expected, lineStyle: { type: "dashed" },
        itemStyle: { color: "#8a4b00" } },
    ],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
