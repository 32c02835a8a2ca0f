// Loss curves with uPlot, served from its WebJar by this gallery (no CDN).
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';

const HEIGHT = 220;
const D_COLOUR = '#d9480f';
const G_COLOUR = '#1c7ed6';

/** A chart of D and G loss against x; returns an object whose update(x, d, g) redraws it. */
export function lossChart(container, xLabel) {
  let chart = null;
  let data = [[], [], []];

  const options = (width) => ({
    width,
    height: HEIGHT,
    scales: {x: {time: false}},
    axes: [{label: xLabel, stroke: '#555'}, {label: 'loss', stroke: '#555'}],
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
