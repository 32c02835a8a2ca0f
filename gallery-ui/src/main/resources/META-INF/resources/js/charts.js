// Loss curves with uPlot, served from its WebJar by this gallery (no CDN).
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';

const HEIGHT = 220;
const D_COLOUR = '#d9480f';
const G_COLOUR = '#1c7ed6';
const WHOLE = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000,
  200000, 500000, 1000000];

/** A chart of D and G loss against x; returns an object whose update(x, d, g) redraws it. */
export function lossChart(container, xLabel) {
  let chart = null;
  let data = [[], [], []];

  const options = (width) => ({
    width,
    height: HEIGHT,
    scales: {x: {time: false}},
    // Steps and epochs are whole numbers: no ticks at 1.5.
    axes: [{label: xLabel, stroke: '#555', incrs: WHOLE}, {label: 'loss', stroke: '#555'}],
    series: [
      {label: xLabel},
      {label: 'D loss', stroke: D_COLOUR, width: 1.5, spanGaps: false},
      {label: 'G loss', stroke: G_COLOUR, width: 1.5, spanGaps: false},
    ],
    legend: {live: true},
    cursor: {drag: {x: true, y: false}},
  });

  const width = () => Math.max(240, Math.floor(container.clientWidth));

  new ResizeObserver(() => {
    if (chart && Math.abs(chart.width - width()) > 4) chart.setSize({width: width(), height: HEIGHT});
  }).observe(container);

  return {
    update(x, d, g) {
      data = [x, d, g];
      if (chart) chart.setData(data);
      else chart = new uPlot(options(width()), data, container);
    },
  };
}
