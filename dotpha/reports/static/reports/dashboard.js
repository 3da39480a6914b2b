// The dashboard's charts, drawn with ECharts from the page's data island (#dashboard-charts). Kept in a
// file, not inline: the Content-Security-Policy allows scripts from this site only. A click on a bar opens
// the records behind it.
(function () {
  "use strict";

  function readData() {
    var island = document.getElementById("dashboard-charts");
    return island ? JSON.parse(island.textContent) : null;
  }

  function narrow() {
    return window.matchMedia("(max-width: 576px)").matches;
  }

  function barOption(spec, horizontal) {
    var categoryAxis = {
      type: "category",
      data: spec.categories,
      axisLabel: { width: narrow() ? 90 : 160, overflow: "truncate" },
      inverse: horizontal
    };
    var valueAxis = { type: "value", minInterval: 1 };
    return {
      title: { text: spec.title, left: 0, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0, type: "scroll", itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 16, top: 36, bottom: 48, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: s.type || "bar",
          stack: spec.stacked && s.type !== "line" ? "all" : undefined,
          itemStyle: { color: s.color },
          data: s.data,
          emphasis: { focus: "series" }
        };
      })
    };
  }

  function draw(element, spec, horizontal) {
    if (!spec || !spec.categories.length) {
      element.classList.add("d-flex", "align-items-center", "justify-content-center", "text-secondary");
      element.textContent = (spec && spec.title ? spec.title + ": " : "") + "chưa có số liệu.";
      return null;
    }
    if (horizontal) {
      element.style.height = Math.max(260, 60 + spec.categories.length * 22) + "px";
    }
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption(barOption(spec, horizontal));
    chart.on("click", function (params) {
      var series = spec.series[params.seriesIndex];
      var link = series && series.links ? series.links[params.dataIndex] : "";
      if (link) { window.location.href = link; }
    });
    return chart;
  }

  function init() {
    var data = readData();
    var charts = [];
    if (data && window.echarts) {
      document.querySelectorAll("[data-chart]").forEach(function (element) {
        var name = element.getAttribute("data-chart");
        var spec = data[name];
        var chart = draw(element, spec, Boolean(spec && spec.horizontal));
        if (chart) { charts.push(chart); }
      });
      window.addEventListener("resize", function () {
        charts.forEach(function (c) { c.resize(); });
      });
    }
    document.querySelectorAll("[data-action='print']").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
