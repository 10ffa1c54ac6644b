// Charts drawn with ECharts from an option the page carries as JSON (Django's json_script), since
// the Content-Security-Policy forbids inline scripts: <div data-echarts="id-of-the-json-script">.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-echarts]").forEach((element) => {
    const source = document.getElementById(element.dataset.echarts);
    if (!source || !window.echarts) return;
    const chart = window.echarts.init(element);
    chart.setOption(JSON.parse(source.textContent));
    window.addEventListener("resize", () => chart.resize());
  });
});
