// The dashboard's charts, drawn with ECharts from the page's data island (#dashboard-charts). Kept in a
// file, not inline: the Content-Security-Policy allows scripts from this site only. A click on a bar opens
// the records behind it.
// The policy also refuses inline styles (style-src 'self'): style attributes written by markup or
// setAttribute. ECharts' SVG renderer writes one on every text and its default tooltip is markup with
// style attributes, thousands of refusals on the statistics page. So the charts are drawn on a canvas,
// and the tooltip is built here as elements, styled by classes (dashboard.css) and, for the series'
// colour, through the style object (CSSOM), which the policy allows.
(function () {
  "use strict";

  function readData() {
    var island = document.getElementById("dashboard-charts");
    return island ? JSON.parse(island.textContent) : null;
  }

  function narrow() {
    return window.matchMedia("(max-width: 576px)").matches;
  }

  function tooltipContent(params) {
    var list = Array.isArray(params) ? params : [params];
    var box = document.createElement("div");
    if (list.length) {
      var head = document.createElement("div");
      head.className = "chart-tooltip-title";
      head.textContent = list[0].axisValueLabel || list[0].name || "";
      box.appendChild(head);
    }
    list.forEach(function (p) {
      if (p.value === null || p.value === undefined) { return; }
      var line = document.createElement("div");
      line.className = "chart-tooltip-line";
      var dot = document.createElement("span");
      dot.className = "chart-tooltip-dot";
      dot.style.backgroundColor = typeof p.color === "string" ? p.color : "";
      var name = document.createElement("span");
      name.className = "chart-tooltip-name";
      name.textContent = p.seriesName;
      var value = document.createElement("strong");
      value.textContent = String(p.value);
      line.appendChild(dot);
      line.appendChild(name);
      line.appendChild(value);
      box.appendChild(line);
    });
    return box;
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
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        className: "chart-tooltip",
        formatter: tooltipContent
      },
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
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
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
