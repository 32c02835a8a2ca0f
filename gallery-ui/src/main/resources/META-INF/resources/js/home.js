// Home: runs with live progress, datasets with thumbnails, the generate and upload panels.
import {el, epochsDone, getJson, listen, progressText} from './dom.js';
import {mountGenerate} from './generate.js';
import {mountUpload} from './upload.js';
import {describeServed, servedUrl} from './serving.js';
import {alarmKind, alarmText} from './training.js';

const runsList = document.getElementById('runs');
const runsStatus = document.getElementById('runs-status');
const datasetsList = document.getElementById('datasets');
const datasetsStatus = document.getElementById('datasets-status');
const generateDataset = document.getElementById('gen-dataset');

const runItems = new Map();

function runItem(run) {
  const name = typeof run.name === 'string' && run.name.trim() ? run.name.trim() : null;
  const note = typeof run.note === 'string' && run.note.trim() ? run.note.trim() : null;
  const from = run.initFrom && typeof run.initFrom.runId === 'string' ? run.initFrom : null;
  const bar = el('progress', {max: Math.max(1, run.epochs), 'aria-label': `Progress of run ${run.runId}`});
  bar.value = run.epoch;
  const text = el('span', {class: 'progress-text'}, progressText(run.epoch, run.epochs, run.state, run.etaSeconds));
  const state = el('span', {class: `badge ${run.state}`}, run.state);
  const alarms = Array.isArray(run.alarms) ? run.alarms : [];
  const alarmTag = alarms.length === 0 ? null : el('span', {class: 'tag warn', title: alarms.map(alarmText).join('\n')},
    `⚠ ${[...new Set(alarms.map((a) => alarmKind(a.kind)))].join(', ')}`);
  const thumb = run.epoch > 0
    ? el('img', {src: `/api/runs/${run.runId}/grids/${run.epoch}.png`, alt: `Samples of run ${run.runId} after epoch ${run.epoch}`,
      loading: 'lazy', width: 72, height: 72, class: 'thumb'})
    : el('span', {class: 'thumb placeholder', 'aria-hidden': 'true'});
  const item = el('li', {class: 'run', dataset: {runId: run.runId}},
    thumb,
    el('div', {class: 'run-body'},
      el('a', {href: `/run.html?id=${encodeURIComponent(run.runId)}`, class: 'run-link'}, name || run.runId),
      name ? el('span', {class: 'run-id'}, ` ${run.runId}`) : null,
      note ? el('div', {class: 'note small'}, note) : null,
      from ? el('div', {class: 'lineage small'}, 'fine-tuned from ',
        el('a', {href: `/run.html?id=${encodeURIComponent(from.runId)}`}, from.runId),
        from.epoch ? ` epoch ${from.epoch}` : '') : null,
      el('div', {class: 'muted small'}, `${run.dataset} · ${run.preset} · ${run.imageSize} px`),
      el('div', {class: 'run-progress'}, state, bar, text, alarmTag)));
  runItems.set(run.runId, {item, bar, text, state});
  return item;
}

async function loadRuns() {
  try {
    const runs = await getJson('/api/runs');
    runItems.clear();
    runsList.replaceChildren(...runs.map(runItem));
    runsStatus.textContent = runs.length ? '' : 'No runs yet. Start one with the trainer: POST /api/runs on port 8082.';
    runsStatus.hidden = runs.length > 0;
  } catch (e) {
    runsStatus.textContent = `Runs could not be loaded: ${e.message}`;
  }
}

/** "Serving: epoch 2 of run X (pinned)" on a dataset card, from the sampler through the gallery; the run page changes it. */
function servedLine(dataset) {
  const line = el('div', {class: 'small served-line', dataset: {servedFor: dataset}}, 'Serving: …');
  getJson(servedUrl(dataset))
    .then((view) => line.replaceChildren('Serving: ', ...describeServed(view)))
    .catch((e) => { line.textContent = `Serving: unknown (${e.message})`; });
  return line;
}

async function loadDatasets() {
  try {
    const datasets = await getJson('/api/datasets');
    datasetsList.replaceChildren(...datasets.map((d) => el('li', {class: 'dataset'},
      el('div', {class: 'thumbs'}, d.thumbnails.map((src, i) => el('img', {
        src, alt: `${d.dataset} image ${i + 1}`, loading: 'lazy', width: 56, height: 56}))),
      el('div', {}, el('strong', {}, d.dataset),
        el('div', {class: 'muted small'}, `${d.imageCount} images · ${d.imageSize} px`),
        servedLine(d.dataset)))));
    datasetsStatus.textContent = datasets.length ? '' : 'No datasets yet. Upload some images below.';
    datasetsStatus.hidden = datasets.length > 0;
    const chosen = generateDataset.value;
    generateDataset.replaceChildren(...datasets.map((d) => el('option', {value: d.dataset}, d.dataset)));
    if (chosen) generateDataset.value = chosen;
  } catch (e) {
    datasetsStatus.textContent = `Datasets could not be loaded: ${e.message}`;
  }
}

function onLive(event) {
  const known = runItems.get(event.runId);
  if (!known) {
    loadRuns();
    return;
  }
  if (event.type === 'progress') {
    known.bar.max = Math.max(1, event.totalEpochs);
    known.bar.value = epochsDone(event);
    known.text.textContent = progressText(event.epoch, event.totalEpochs, event.state, event.etaSeconds);
    known.state.textContent = event.state;
    known.state.className = `badge ${event.state}`;
  } else if (event.type === 'checkpoint' || event.type === 'alarm') {
    loadRuns();
  }
}

async function start() {
  const config = await getJson('/api/config');
  mountGenerate(document.getElementById('generate'), config.samplerUrl);
  mountUpload(document.getElementById('upload'), () => loadDatasets());
  await Promise.all([loadRuns(), loadDatasets()]);
  listen('/api/events', onLive);
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  runsStatus.textContent = `The gallery could not start: ${e.message}`;
});
