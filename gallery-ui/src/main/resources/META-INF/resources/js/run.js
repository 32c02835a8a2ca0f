// A run: the per-epoch grids on a timeline (live), play and GIF, loss curves, generate, configuration.
import {el, epochsDone, formatNumber, getJson, listen, progressText} from './dom.js';
import {lossChart} from './charts.js';
import {mountGenerate} from './generate.js';
import {modelKey, mountServing} from './serving.js';

const PLAY_INTERVAL_MS = 400;

const runId = new URLSearchParams(location.search).get('id');
const $ = (id) => document.getElementById(id);

const grid = $('grid');
const caption = $('grid-caption');
const slider = $('epoch-slider');
const label = $('epoch-label');
const play = $('play');
const timeline = $('timeline');
const gif = $('gif');
const serveEpoch = $('serve-epoch');

/** Grids known so far, ascending by epoch: {epoch, url}. */
let grids = [];
let index = -1;
let timer = null;
let run = null;
/** The epoch of this run the sampler serves for its dataset (pinned or newest), or null. */
let servedEpoch = null;
/** The serving panel, once mounted. */
let serving = null;
/** The sampler loads a published checkpoint from the same event the gallery relays: ask it a moment later. */
const SERVED_RELOAD_DELAY_MS = 2000;

function show(i, {scroll = true} = {}) {
  if (grids.length === 0) return;
  index = Math.max(0, Math.min(grids.length - 1, i));
  const {epoch, url} = grids[index];
  grid.src = url;
  grid.hidden = false;
  grid.alt = `Fixed-noise samples of run ${runId} after epoch ${epoch}`;
  caption.textContent = `Epoch ${epoch}${run ? ` of ${run.epochs}` : ''}`;
  slider.value = String(index);
  slider.setAttribute('aria-valuetext', `Epoch ${epoch}`);
  label.textContent = `Epoch ${epoch}`;
  serveEpoch.disabled = false;
  serveEpoch.setAttribute('aria-label', `Serve epoch ${epoch} of this run`);
  for (const item of timeline.children) {
    const selected = Number(item.dataset.index) === index;
    item.classList.toggle('selected', selected);
    const button = item.querySelector('button');
    if (selected) button.setAttribute('aria-current', 'true'); else button.removeAttribute('aria-current');
    if (selected && scroll) item.scrollIntoView({block: 'nearest', inline: 'nearest'});
  }
}

function timelineItem(g, i) {
  const served = g.epoch === servedEpoch;
  return el('li', {dataset: {index: i, epoch: g.epoch}, class: served ? 'served' : null},
    el('button', {type: 'button', 'aria-label': `Show epoch ${g.epoch}${served ? ' (served)' : ''}`,
      onclick: () => { stop(); show(i); }},
      el('img', {src: g.url, alt: `Samples after epoch ${g.epoch}`, loading: 'lazy', width: 80, height: 80}),
      el('span', {class: 'epoch-no'}, String(g.epoch))));
}

function setGrids(list) {
  const followNewest = index === -1 || index === grids.length - 1;
  grids = list;
  timeline.replaceChildren(...grids.map(timelineItem));
  slider.max = String(Math.max(0, grids.length - 1));
  const enabled = grids.length > 0;
  slider.disabled = !enabled;
  play.disabled = grids.length < 2;
  gif.hidden = !enabled;
  if (!enabled) return;
  show(followNewest && !timer ? grids.length - 1 : index);
}

/** Marks the served epoch on the timeline. */
function markServed(epoch) {
  servedEpoch = epoch;
  for (const item of timeline.children) {
    const served = Number(item.dataset.epoch) === epoch;
    item.classList.toggle('served', served);
    item.querySelector('button').setAttribute('aria-label', `Show epoch ${item.dataset.epoch}${served ? ' (served)' : ''}`);
  }
}

function addGrid(epoch, url) {
  if (grids.some((g) => g.epoch === epoch)) return;
  setGrids([...grids, {epoch, url}].sort((a, b) => a.epoch - b.epoch));
}

function stop() {
  if (timer) clearInterval(timer);
  timer = null;
  play.textContent = '▶ Play';
  play.setAttribute('aria-pressed', 'false');
}

function toggle() {
  if (timer) {
    stop();
    return;
  }
  if (index >= grids.length - 1) show(0);
  play.textContent = '❚❚ Pause';
  play.setAttribute('aria-pressed', 'true');
  timer = setInterval(() => {
    if (index >= grids.length - 1) stop(); else show(index + 1);
  }, PLAY_INTERVAL_MS);
}

function showRun(r) {
  run = r;
  showLabels(r);
  $('run-summary').textContent = `${r.dataset} · ${r.preset} · ${r.imageSize} px`;
  showProgress(r.state, r.epoch, r.epochs, r.etaSeconds);
  $('run-status').textContent = r.error ? `Error: ${r.error}` : '';
  const rows = [
    ['Dataset', r.dataset], ['Preset', r.preset], ['Image size', `${r.imageSize} px`], ['Epochs', r.epochs],
    ['Batch size', r.batchSize], ['Seed', r.seed], ['Learning rate D', r.learningRateD],
    ['Learning rate G', r.learningRateG], ['Adam β1', r.beta1], ['Instance noise σ', r.instanceNoiseStd],
    ['Backend', r.backend || '–'], ['Steps', r.step], ['Last D loss', formatNumber(r.lastDiscriminatorLoss)],
    ['Last G loss', formatNumber(r.lastGeneratorLoss)],
    ['Images / s', r.imagesPerSecond === null || r.imagesPerSecond === undefined ? '–' : r.imagesPerSecond.toFixed(1)],
    ['Created', r.createdAt ? new Date(r.createdAt).toLocaleString() : '–'],
    ['Updated', r.updatedAt ? new Date(r.updatedAt).toLocaleString() : '–'],
  ];
  $('config').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
  if (index >= 0) show(index, {scroll: false});
}

/** The run's name as its title (run id beside it), its note, and the run and epoch it was fine-tuned from. */
function showLabels(r) {
  const name = typeof r.name === 'string' && r.name.trim() ? r.name.trim() : null;
  $('run-name').textContent = name || r.runId;
  $('run-id').textContent = r.runId;
  $('run-id').hidden = !name;
  document.title = `${name ? `${name} (${r.runId})` : r.runId} · Toonforge gallery`;
  const note = typeof r.note === 'string' && r.note.trim() ? r.note.trim() : null;
  $('run-note').textContent = note || '';
  $('run-note').hidden = !note;
  const from = r.initFrom && typeof r.initFrom.runId === 'string' ? r.initFrom : null;
  const lineage = $('run-lineage');
  if (from) {
    lineage.replaceChildren('fine-tuned from ',
      el('a', {href: `/run.html?id=${encodeURIComponent(from.runId)}`}, from.runId),
      from.epoch ? ` epoch ${from.epoch}` : '',
      from.optimizerState === false ? ' (fresh optimizer state)' : '');
  } else {
    lineage.replaceChildren();
  }
  lineage.hidden = !from;
}

function showProgress(state, epoch, epochs, eta, done = epoch) {
  const badge = $('run-state');
  badge.textContent = state;
  badge.className = `badge ${state}`;
  const bar = $('run-bar');
  bar.max = Math.max(1, epochs);
  bar.value = Math.min(done, epochs);
  $('run-progress-text').textContent = progressText(epoch, epochs, state, eta);
}

const stepsChart = lossChart($('chart-steps'), 'step');
const epochsChart = lossChart($('chart-epochs'), 'epoch');
let metricsPending = null;

async function loadMetrics() {
  try {
    const m = await getJson(`/api/runs/${encodeURIComponent(runId)}/metrics`);
    $('losses-status').textContent = m.points ? '' : 'No losses recorded yet.';
    stepsChart.update(m.steps.x, m.steps.d, m.steps.g);
    epochsChart.update(m.epochs.x, m.epochs.d, m.epochs.g);
  } catch (e) {
    $('losses-status').textContent = `Losses could not be loaded: ${e.message}`;
  }
}

/** At most one metrics reload in flight per few seconds, however fast progress events come. */
function refreshMetricsSoon() {
  if (metricsPending) return;
  metricsPending = setTimeout(async () => {
    await loadMetrics();
    metricsPending = null;
  }, 3000);
}

function onLive(event) {
  if (event.type === 'checkpoint') {
    addGrid(event.epoch, event.gridUrl);
    // A dataset serving its newest checkpoint now serves this one.
    if (serving) setTimeout(() => serving.reload(), SERVED_RELOAD_DELAY_MS);
    getJson(`/api/runs/${encodeURIComponent(runId)}`).then(showRun).catch(() => {});
    refreshMetricsSoon();
  } else if (event.type === 'progress') {
    showProgress(event.state, event.epoch, event.totalEpochs, event.etaSeconds, epochsDone(event));
    refreshMetricsSoon();
  }
}

function onKey(event) {
  const target = event.target;
  const typing = target.matches('input:not([type=range]), textarea, select, [contenteditable]');
  if (typing || event.altKey || event.ctrlKey || event.metaKey || grids.length === 0) return;
  // The slider moves by itself on arrows; elsewhere on the page the arrows still step through epochs.
  const onSlider = target === slider;
  if (event.key === 'ArrowLeft' && !onSlider) { stop(); show(index - 1); event.preventDefault(); }
  else if (event.key === 'ArrowRight' && !onSlider) { stop(); show(index + 1); event.preventDefault(); }
  else if (event.key === 'Home' && !onSlider) { stop(); show(0); event.preventDefault(); }
  else if (event.key === 'End' && !onSlider) { stop(); show(grids.length - 1); event.preventDefault(); }
  else if (event.key === ' ' && (target === document.body || onSlider)) { toggle(); event.preventDefault(); }
}

async function start() {
  if (!runId) {
    $('run-name').textContent = 'No run chosen';
    $('run-status').textContent = 'Open a run from the list on the home page.';
    return;
  }
  slider.addEventListener('input', () => { stop(); show(Number(slider.value)); });
  play.addEventListener('click', toggle);
  document.addEventListener('keydown', onKey);
  gif.href = `/api/runs/${encodeURIComponent(runId)}/evolution.gif`;
  gif.setAttribute('download', `${runId}-evolution.gif`);

  const [config, r, list] = await Promise.all([
    getJson('/api/config'),
    getJson(`/api/runs/${encodeURIComponent(runId)}`),
    getJson(`/api/runs/${encodeURIComponent(runId)}/grids`),
  ]);
  showRun(r);
  setGrids(list);
  $('gen-dataset').value = r.dataset;
  const generate = mountGenerate($('generate'), config.samplerUrl);
  serving = mountServing($('serving'), {
    dataset: r.dataset,
    runId,
    onChange: (view, {byUser}) => {
      markServed(view.runId === runId ? view.epoch : null);
      // After a change made here, show the new model's output even if nothing was generated yet.
      generate.modelChanged(modelKey(view), {generate: byUser});
    },
  });
  serveEpoch.addEventListener('click', () => {
    if (index >= 0) serving.serveEpoch(grids[index].epoch);
  });
  listen(`/api/events?run=${encodeURIComponent(runId)}`, onLive);
  await loadMetrics();
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  $('run-name').textContent = runId || 'Run';
  $('run-status').textContent = `This run could not be loaded: ${e.message}`;
});
