// The wage-protection map: the area's projects as points on its counties' boundaries (vendored
// GeoJSON), coloured by the highest open warning, sized by the amount at risk; a tap opens the
// project. The ranked list beside it holds the same rows as links.
(function () {
  var box = document.getElementById("wage-map");
  var source = document.getElementById("wage-map-data");
  if (!box || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent || "null");
  if (!data) return;
  var colours = { red: "#b42318", orange: "#f79009", yellow: "#fec84b", none: "#667085" };
  var narrow = window.matchMedia("(max-width: 600px)").matches;
  var chart = window.echarts.init(box, null, { renderer: "canvas" });
  function size(amount) {
    return 10 + Math.min(26, Math.sqrt(Number(amount)) / 8);
  }
  var points = data.points.map(function (p) {
    return {
      name: p.name,
      value: [p.lon, p.lat, Number(p.amount)],
      itemStyle: { color: colours[p.level] || colours.none, borderColor: "#fff", borderWidth: 1 },
      symbolSize: size(p.amount),
      point: p,
    };
  });
  var tooltip = {
    trigger: "item",
    formatter: function (x) {
      var p = x.data && x.data.point;
      return p ? p.name + "<br>" + data.labels[p.level] + " · ¥" + p.amount : x.name;
    },
  };
  var label = {
    show: !narrow,
    position: "right",
    fontSize: 11,
    formatter: function (x) { return Number(x.data.point.amount) > 0 ? "¥" + x.data.point.amount : ""; },
  };
  function open(x) {
    if (x.data && x.data.point) window.location.href = x.data.point.url;
  }
  function geo(json) {
    var county = data.area.length >= 6 ? data.area.slice(0, 6) : "";
    if (county) {
      var mine = json.features.filter(function (f) { return String(f.id || "").indexOf(county) === 0; });
      if (mine.length) json = { type: "FeatureCollection", features: mine };
    }
    var name = "wages-" + (county || data.area);
    window.echarts.registerMap(name, json);
    chart.setOption({
      animation: false,
      tooltip: tooltip,
      geo: { map: name, roam: true, label: { show: !narrow, color: "#475467" },
             itemStyle: { areaColor: "#f2f4f7", borderColor: "#98a2b3" },
             emphasis: { itemStyle: { areaColor: "#e4e7ec" }, label: { show: true } } },
      series: [{ type: "scatter", coordinateSystem: "geo", data: points, label: label,
                 emphasis: { scale: 1.3 } }],
    });
  }
  function plain() {
    chart.setOption({
      animation: false,
      tooltip: tooltip,
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      xAxis: { type: "value", scale: true, name: "E" },
      yAxis: { type: "value", scale: true, name: "N" },
      series: [{ type: "scatter", data: points, label: label }],
    });
  }
  chart.on("click", open);
  if (data.geojson) {
    fetch(data.geojson, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(geo)
      .catch(plain);
  } else {
    plain();
  }
  window.addEventListener("resize", function () { chart.resize(); });
})();
