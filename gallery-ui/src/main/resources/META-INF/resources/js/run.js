// A run: the per-epoch grids on a timeline (live), play and GIF, loss and score curves, alarms, generate, configuration
// and training options.
import {el, epochsDone, formatNumber, formatScore, getJson, listen, progressText} from './dom.js';
import {lossChart, scoreChart} from './charts.js';
import {alarmAction, alarmKind, alarmText, describeOptions, optionRows} from './training.js';
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

/** Grids known so far, ascending by epoch: {epoch, url, checkpoint} (checkpoint: whether it can be served). */
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
/** The run's alarms, oldest first, as run.json keeps them and as they arrive live: {kind, epoch, step, action, message}. */
let alarms = [];
/** The epoch with the best (lowest) score so far, or null. */
let bestEpoch = null;

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
  showServable(grids[index]);
  showGridAlarms(epoch);
  for (const item of timeline.children) {
    const selected = Number(item.dataset.index) === index;
    item.classList.toggle('selected', selected);
    const button = item.querySelector('button');
    if (selected) button.setAttribute('aria-current', 'true'); else button.removeAttribute('aria-current');
    if (selected && scroll) item.scrollIntoView({block: 'nearest', inline: 'nearest'});
  }
}

/** Serve this epoch: only for an epoch whose checkpoint is stored; otherwise disabled, and the page says why. */
function showServable(g) {
  const note = $('serve-epoch-note');
  serveEpoch.disabled = !g.checkpoint;
  if (g.checkpoint) {
    serveEpoch.setAttribute('aria-label', `Serve epoch ${g.epoch} of this run`);
    serveEpoch.removeAttribute('title');
    note.textContent = '';
    note.hidden = true;
  } else {
    const why = `Epoch ${g.epoch} has no stored checkpoint, so it cannot be served: the trainer keeps a grid for every `
      + 'epoch but a checkpoint only for some.';
    serveEpoch.setAttribute('aria-label', `Epoch ${g.epoch} cannot be served: no stored checkpoint`);
    serveEpoch.title = why;
    note.textContent = `No checkpoint for epoch ${g.epoch}`;
    note.title = why;
    note.hidden = false;
  }
}

/** The alarms raised at the shown epoch, under its grid, as text. */
function showGridAlarms(epoch) {
  const here = alarms.filter((a) => a.epoch === epoch);
  const line = $('grid-alarms');
  line.replaceChildren(...here.flatMap((a, i) => (i > 0 ? [el('br')] : []).concat(`⚠ ${alarmText(a)}`)));
  line.hidden = here.length === 0;
}

function alarmBadges(epoch) {
  const here = alarms.filter((a) => a.epoch === epoch);
  if (here.length === 0) return null;
  const text = here.map(alarmText).join('\n');
  return el('span', {class: `alarm-badge ${here.some((a) => a.action !== 'warned') ? 'severe' : ''}`.trim(), title: text,
    dataset: {kinds: here.map((a) => a.kind).join(' ')}}, `⚠ ${[...new Set(here.map((a) => alarmKind(a.kind)))].join(', ')}`);
}

function itemLabel(epoch, served) {
  const here = alarms.filter((a) => a.epoch === epoch);
  return `Show epoch ${epoch}${served ? ' (served)' : ''}${epoch === bestEpoch ? ' (best score)' : ''}`
    + here.map((a) => `, alarm: ${alarmText(a)}`).join('');
}

function timelineItem(g, i) {
  const served = g.epoch === servedEpoch;
  return el('li', {dataset: {index: i, epoch: g.epoch}, class: served ? 'served' : null},
    el('button', {type: 'button', 'aria-label': itemLabel(g.epoch, served), onclick: () => { stop(); show(i); }},
      el('img', {src: g.url, alt: `Samples after epoch ${g.epoch}`, loading: 'lazy', width: 80, height: 80}),
      el('span', {class: 'epoch-no'}, String(g.epoch)),
      g.epoch === bestEpoch ? el('span', {class: 'best-mark'}, '★ best') : null,
      alarmBadges(g.epoch)));
}

/** Redraws the timeline's items (served, best and alarm marks), keeping the shown epoch. */
function redrawTimeline() {
  timeline.replaceChildren(...grids.map(timelineItem));
  if (index >= 0) show(index, {scroll: false});
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
    item.querySelector('button').setAttribute('aria-label', itemLabel(Number(item.dataset.epoch), served));
  }
}

/** A grid announced live: a checkpoints.published event names an epoch whose checkpoint is stored. */
function addGrid(epoch, url) {
  if (grids.some((g) => g.epoch === epoch)) return;
  setGrids([...grids, {epoch, url, checkpoint: true}].sort((a, b) => a.epoch - b.epoch));
}

let gridsPending = null;

/**
 * Reads the grid list again a moment later (at most one read in flight): epochs with a grid but no checkpoint are not
 * announced on their own, and retention removes old checkpoints.
 */
function refreshGridsSoon() {
  if (gridsPending) return;
  gridsPending = setTimeout(async () => {
    try {
      setGrids(await getJson(`/api/runs/${encodeURIComponent(runId)}/grids`));
    } catch (ignored) {
      // the next event tries again
    } finally {
      gridsPending = null;
    }
  }, 1000);
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
  $('run-status').textContent = r.error ? `${r.state === 'failed' ? 'Failed' : 'Error'}: ${r.error}` : '';
  $('run-options').textContent = describeOptions(r);
  setAlarms(Array.isArray(r.alarms) ? r.alarms : []);
  const rows = [
    ['Dataset', r.dataset], ['Preset', r.preset], ['Image size', `${r.imageSize} px`], ['Epochs', r.epochs],
    ['Batch size', r.batchSize], ['Seed', r.seed], ['Learning rate D', r.learningRateD],
    ['Learning rate G', r.learningRateG], ['Adam β1', r.beta1], ['Instance noise σ', r.instanceNoiseStd],
    ...optionRows(r),
    ['Backend', r.backend || '–'], ['Steps', r.step], ['Last D loss', formatNumber(r.lastDiscriminatorLoss)],
    ['Last G loss', formatNumber(r.lastGeneratorLoss)],
    ['Last score', r.lastScore === null || r.lastScore === undefined ? '–' : formatScore(r.lastScore)],
    ['Images / s', r.imagesPerSecond === null || r.imagesPerSecond === undefined ? '–' : r.imagesPerSecond.toFixed(1)],
    ['Created', r.createdAt ? new Date(r.createdAt).toLocaleString() : '–'],
    ['Updated', r.updatedAt ? new Date(r.updatedAt).toLocaleString() : '–'],
  ];
  $('config').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
  if (index >= 0) show(index, {scroll: false});
}

/** The run's alarms: listed in the run's head, a badge on each alarm's epoch, the text under that epoch's grid. */
function setAlarms(list) {
  const key = (a) => `${a.kind}@${a.epoch}@${a.step}`;
  const known = new Set(list.map(key));
  // An alarm that arrived live before run.json was read again stays.
  alarms = [...list, ...alarms.filter((a) => !known.has(key(a)))];
  $('alarm-list').replaceChildren(...alarms.map((a) => el('li', {class: `alarm ${a.action || ''}`.trim(),
    dataset: {kind: a.kind, epoch: a.epoch}},
    el('strong', {}, alarmKind(a.kind)), ` at epoch ${a.epoch} (step ${a.step}), ${alarmAction(a.action)}: `,
    a.message || '')));
  $('alarms').hidden = alarms.length === 0;
  redrawTimeline();
}

function addAlarm(event) {
  const alarm = {kind: event.kind, epoch: event.epoch, step: event.step, action: event.action, message: event.message,
    at: event.at};
  const same = (a) => a.kind === alarm.kind && a.epoch === alarm.epoch && a.step === alarm.step;
  if (alarms.some(same)) return;
  setAlarms([...alarms, alarm]);
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
const scoresChart = scoreChart($('chart-score'));
let metricsPending = null;
let scoresPending = null;
/** "newest score@best epoch" of the scores on the chart, to reload them only when a progress event says otherwise. */
let shownScore = null;

async function loadScores() {
  try {
    const s = await getJson(`/api/runs/${encodeURIComponent(runId)}/scores`);
    const every = run && run.scoreEveryEpochs;
    $('score-status').textContent = s.epochs.length ? ''
      : `No score yet: the trainer measures it${every ? ` every ${every === 1 ? 'epoch' : `${every} epochs`}` : ' every few epochs'}.`;
    scoresChart.update(s.epochs, s.swd, s.diversity, s.bestEpoch);
    shownScore = s.epochs.length ? `${s.swd[s.swd.length - 1]}@${s.bestEpoch}` : null;
    $('score-best').textContent = s.bestEpoch === null || s.bestEpoch === undefined ? ''
      : `best: epoch ${s.bestEpoch}, score ${formatScore(s.bestScore)}`;
    if (s.bestEpoch !== bestEpoch) {
      bestEpoch = s.bestEpoch === undefined ? null : s.bestEpoch;
      redrawTimeline();
    }
  } catch (e) {
    $('score-status').textContent = `Scores could not be loaded: ${e.message}`;
  }
}

/** At most one scores reload in flight per couple of seconds, however fast progress events come. */
function refreshScoresSoon() {
  if (scoresPending) return;
  scoresPending = setTimeout(async () => {
    await loadScores();
    scoresPending = null;
  }, 2000);
}

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
    refreshGridsSoon();
    // A dataset serving its newest checkpoint now serves this one.
    if (serving) setTimeout(() => serving.reload(), SERVED_RELOAD_DELAY_MS);
    getJson(`/api/runs/${encodeURIComponent(runId)}`).then(showRun).catch(() => {});
    refreshMetricsSoon();
    refreshScoresSoon();
  } else if (event.type === 'progress') {
    showProgress(event.state, event.epoch, event.totalEpochs, event.etaSeconds, epochsDone(event));
    refreshMetricsSoon();
    // The epoch in progress follows finished ones: their grids exist even when no checkpoint was announced.
    const newest = grids.length ? grids[grids.length - 1].epoch : 0;
    if (event.epoch - 1 > newest) refreshGridsSoon();
    // A new score (or a new best): read scores.jsonl again, until the chart shows what the event says.
    const scored = event.score === undefined || event.score === null ? null : `${event.score}@${event.bestEpoch}`;
    if (scored !== null && scored !== shownScore) refreshScoresSoon();
  } else if (event.type === 'alarm') {
    addAlarm(event);
    // A run stopped or failed by its alarm: its state and reason.
    if (event.action !== 'warned') getJson(`/api/runs/${encodeURIComponent(runId)}`).then(showRun).catch(() => {});
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
  await Promise.all([loadMetrics(), loadScores()]);
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  $('run-name').textContent = runId || 'Run';
  $('run-status').textContent = `This run could not be loaded: ${e.message}`;
});
