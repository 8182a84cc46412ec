// The risk page's chart: each county's open wage warnings stacked red / orange / yellow
// (ECharts, vendored). The county grid beside it holds the same numbers as links.
(function () {
  var box = document.getElementById("county-chart");
  var source = document.getElementById("county-data");
  if (!box || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent || "null");
  if (!data || !data.counties.length) return;
  var chart = window.echarts.init(box, null, { renderer: "svg" });
  var colours = ["#b42318", "#f79009", "#fec84b"];
  var keys = ["red", "orange", "yellow"];
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    legend: { data: data.labels, top: 0 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.counties },
    series: keys.map(function (key, i) {
      return { name: data.labels[i], type: "bar", stack: "all", data: data[key], itemStyle: { color: colours[i] } };
    }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
