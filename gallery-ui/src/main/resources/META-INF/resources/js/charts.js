// Loss and score curves with uPlot, served from its WebJar by this gallery (no CDN).
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';

const HEIGHT = 220;
const D_COLOUR = '#d9480f';
const G_COLOUR = '#1c7ed6';
const SCORE_COLOUR = '#5f3dc4';
const DIVERSITY_COLOUR = '#868e96';
/** The best epoch's marker: a dashed line across the plot and a ring on its point. */
export const BEST_COLOUR = '#2b8a3e';
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

/**
 * A chart of the quality score (lower is better) and the samples' diversity against the epoch, with the best epoch
 * marked; returns an object whose update(epochs, swd, diversity, bestEpoch) redraws it.
 */
export function scoreChart(container) {
  let chart = null;
  let best = null;

  function drawBest(u) {
    const i = best === null ? -1 : u.data[0].indexOf(best);
    const score = i < 0 ? null : u.data[1][i];
    if (score === null || score === undefined) return;
    const x = Math.round(u.valToPos(best, 'x', true));
    const y = Math.round(u.valToPos(score, 'swd', true));
    const {ctx} = u;
    const scale = window.devicePixelRatio || 1;
    ctx.save();
    ctx.strokeStyle = BEST_COLOUR;
    ctx.fillStyle = BEST_COLOUR;
    ctx.lineWidth = 2 * scale;
    ctx.setLineDash([4 * scale, 3 * scale]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.arc(x, y, 6 * scale, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(x, y, 3 * scale, 0, 2 * Math.PI);
    ctx.fill();
    ctx.restore();
  }

  const options = (width) => ({
    width,
    height: HEIGHT,
    scales: {x: {time: false}, swd: {auto: true}, diversity: {auto: true}},
    axes: [
      {label: 'epoch', stroke: '#555', incrs: WHOLE},
      {label: 'score (lower is better)', stroke: '#555', scale: 'swd'},
      {label: 'diversity', stroke: DIVERSITY_COLOUR, scale: 'diversity', side: 1, grid: {show: false}},
    ],
    series: [
      {label: 'epoch'},
      {label: 'score', stroke: SCORE_COLOUR, width: 2, scale: 'swd', spanGaps: false, points: {show: true, size: 5}},
      {label: 'diversity', stroke: DIVERSITY_COLOUR, width: 1, dash: [5, 4], scale: 'diversity', spanGaps: false},
    ],
    legend: {live: true},
    cursor: {drag: {x: true, y: false}},
    hooks: {draw: [drawBest]},
  });

  const width = () => Math.max(240, Math.floor(container.clientWidth));

  new ResizeObserver(() => {
    if (chart && Math.abs(chart.width - width()) > 4) chart.setSize({width: width(), height: HEIGHT});
  }).observe(container);

  return {
    update(epochs, swd, diversity, bestEpoch) {
      best = bestEpoch === undefined ? null : bestEpoch;
      const data = [epochs, swd, diversity];
      if (chart) chart.setData(data);
      else chart = new uPlot(options(width()), data, container);
    },
  };
}
