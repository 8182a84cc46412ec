// The leaders' dashboard (ECharts, vendored): the flow from working away to work at home
// (Sankey), the push funnel, monthly trends, fairs, wage warnings by colour, and the map of the
// sub-areas coloured by the chosen indicator. Every mark opens the rows behind its number:
// a click goes to the list (/stats/people) or, on the map, down to the area.
(function () {
  var el = document.getElementById("dashboard-data");
  var data = el ? JSON.parse(el.textContent) : null;
  if (!data || !window.echarts) return;
  var echarts = window.echarts;
  var narrow = window.matchMedia("(max-width: 480px)").matches;
  var charts = [];

  function listUrl(indicator, month, area) {
    var q = "?indicator=" + encodeURIComponent(indicator) + "&month=" + encodeURIComponent(month);
    var a = area === undefined ? data.area : area;
    if (a) q += "&area=" + encodeURIComponent(a);
    return data.people_url + q;
  }

  function make(id, tall) {
    var box = document.getElementById(id);
    if (!box) return null;
    if (tall) box.style.height = narrow ? "24rem" : "22rem";
    var chart = echarts.init(box, null, { renderer: "svg" });
    charts.push(chart);
    return chart;
  }

  function lines(id, block, stacked, colours) {
    var chart = make(id);
    if (!chart || !block) return;
    chart.setOption({
      animation: false,
      color: colours,
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: block.months, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1, splitNumber: narrow ? 3 : 5 },
      tooltip: { trigger: "axis" },
      series: block.series.map(function (s) {
        return { name: s.name, type: stacked ? "bar" : "line", stack: stacked ? "all" : undefined,
                 data: s.values, code: s.code };
      }),
    });
    chart.on("click", function (p) {
      var s = block.series[p.seriesIndex];
      if (s) window.location.href = listUrl(s.code, block.months[p.dataIndex]);
    });
  }

  var sankey = make("sankey-chart", true);
  if (sankey && data.sankey) {
    // Nodes are keyed by code (links refer to them); what a reader sees is always the name.
    var nodeName = {};
    data.sankey.nodes.forEach(function (n) { nodeName[n.id] = n.name; });
    sankey.setOption({
      animation: false,
      tooltip: { trigger: "item", formatter: function (p) {
        if (p.dataType === "edge") {
          return nodeName[p.data.source] + " → " + nodeName[p.data.target] + ": " + p.data.value;
        }
        return (nodeName[p.data.id] || p.name) + (p.value != null ? ": " + p.value : "");
      } },
      series: [{
        type: "sankey", left: 8, right: narrow ? 90 : 140, top: 8, bottom: 8,
        nodeWidth: 12, nodeGap: 10, draggable: false,
        label: { fontSize: narrow ? 10 : 12, overflow: "break", width: narrow ? 80 : 130,
                 formatter: function (p) { return nodeName[p.data.id] || p.name; } },
        data: data.sankey.nodes, links: data.sankey.links,
        lineStyle: { color: "gradient", opacity: 0.45 },
      }],
    });
    sankey.on("click", function (p) {
      if (p.dataType === "edge" && p.data.indicator) {
        window.location.href = listUrl(p.data.indicator, p.data.month);
      }
    });
  }

  var funnel = make("funnel-chart");
  if (funnel && data.funnel) {
    var month = data.map && data.map.month;
    funnel.setOption({
      animation: false,
      tooltip: { trigger: "item", formatter: "{b}: {c}" },
      series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "8%",
                 label: { position: "inside", formatter: "{b}\n{c}" },
                 data: data.funnel.map(function (f) { return { name: f.name, value: f.value, code: f.code }; }) }],
    });
    funnel.on("click", function (p) {
      if (month) window.location.href = listUrl(p.data.code, month);
    });
  }

  lines("trends-chart", data.trends, false);
  lines("fairs-chart", data.fairs, false);
  lines("warnings-chart", data.warnings, true, ["#c62828", "#ef6c00", "#f9a825"]);

  var map = data.map;
  var mapChart = map && map.parts && map.parts.length ? make("map-chart", true) : null;
  function goDown(code) {
    window.location.href = data.dashboard_url + "?area=" + encodeURIComponent(code) +
      "&month=" + encodeURIComponent(map.month) + "&indicator=" + encodeURIComponent(map.indicator);
  }
  function maxOf(parts) {
    return Math.max(1, Math.max.apply(null, parts.map(function (p) { return p.value || 0; })));
  }
  function grid() {
    var cols = narrow ? 3 : 6;
    var parts = map.parts;
    var rows = Math.ceil(parts.length / cols);
    mapChart.setOption({
      animation: false,
      tooltip: { formatter: function (p) { return parts[p.dataIndex].name + ": " + parts[p.dataIndex].shown; } },
      grid: { left: 4, right: 4, top: 4, bottom: 40 },
      xAxis: { type: "category", data: Array.from({ length: cols }, function (_, i) { return i; }), show: false },
      yAxis: { type: "category", data: Array.from({ length: rows }, function (_, i) { return i; }), show: false, inverse: true },
      visualMap: { min: 0, max: maxOf(parts), orient: "horizontal", left: "center", bottom: 0,
                   calculable: false, inRange: { color: ["#e8f5e9", "#0b6e4f"] } },
      series: [{
        type: "heatmap",
        data: parts.map(function (p, i) { return [i % cols, Math.floor(i / cols), p.value === null ? "-" : p.value]; }),
        label: { show: true, fontSize: narrow ? 10 : 12,
                 formatter: function (p) { return parts[p.dataIndex].name + "\n" + parts[p.dataIndex].shown; } },
        itemStyle: { borderColor: "#fff", borderWidth: 2 },
      }],
    });
    mapChart.on("click", function (p) { goDown(parts[p.dataIndex].code); });
  }
  function geo(json) {
    var name = "homeward-" + data.area;
    echarts.registerMap(name, json);
    var byName = {};
    map.parts.forEach(function (p) { byName[p.name] = p; });
    mapChart.setOption({
      animation: false,
      tooltip: { trigger: "item", formatter: function (p) { var x = byName[p.name]; return p.name + ": " + (x ? x.shown : "0"); } },
      visualMap: { min: 0, max: maxOf(map.parts), orient: "horizontal", left: "center", bottom: 0,
                   inRange: { color: ["#e8f5e9", "#0b6e4f"] } },
      series: [{ type: "map", map: name, roam: false, label: { show: !narrow },
                 data: map.parts.map(function (p) { return { name: p.name, value: p.value === null ? NaN : p.value }; }) }],
    });
    mapChart.on("click", function (p) { var x = byName[p.name]; if (x) goDown(x.code); });
  }
  if (mapChart) {
    if (map.geojson) {
      fetch(map.geojson, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(geo)
        .catch(grid);
    } else {
      grid();
    }
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
