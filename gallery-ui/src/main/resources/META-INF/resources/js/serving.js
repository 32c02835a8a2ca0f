// The serving panel: what the sampler serves for a dataset (its newest checkpoint, or a pinned run and epoch), and the
// three changes: serve an epoch, roll back, serve newest. Every call goes through the gallery's same-origin proxy
// (/api/models/...), which passes the API token typed here on to the sampler; the gallery keeps no token.
import {el} from './dom.js';

/** Calls the proxy; throws an Error with the sampler's (or the gallery's) own message when the answer is not 2xx. */
async function call(method, url, token, body) {
  const headers = {Accept: 'application/json'};
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  let answer = null;
  try {
    answer = await response.json();
  } catch (ignored) {
    // not JSON: the status line says enough
  }
  if (!response.ok) {
    throw new Error((answer && answer.error) || `The sampler answered HTTP ${response.status}.`);
  }
  return {status: response.status, view: answer};
}

export function servedUrl(dataset) {
  return `/api/models/${encodeURIComponent(dataset)}`;
}

/** A key naming the served model, for cache-busting image URLs: it changes whenever the served model does. */
export function modelKey(view) {
  return `${view.servedAs || 'none'}-${view.runId || 'none'}-${view.epoch || 0}-${view.revision || 0}`;
}

/** Nodes describing what a dataset serves: "epoch 2 of run X (pinned)" or "its newest checkpoint: run X, epoch 4". */
export function describeServed(view, currentRunId = null) {
  const runLink = (id) => id === currentRunId ? el('span', {}, 'this run')
    : el('a', {href: `/run.html?id=${encodeURIComponent(id)}`}, id);
  if (!view.runId) {
    return [view.servedAs === 'pinned' ? 'a pinned model that is not loaded yet' : 'nothing yet: no checkpoint is loaded'];
  }
  if (view.servedAs === 'pinned') {
    return [el('strong', {}, `epoch ${view.epoch}`), ' of ', runLink(view.runId), ' ', el('span', {class: 'tag pin'}, 'pinned')];
  }
  return ['its newest checkpoint: ', runLink(view.runId), `, epoch ${view.epoch} `, el('span', {class: 'tag ok'}, 'newest')];
}

/**
 * @param root     the panel: #serving-now, #serve-token, #serve-rollback, #serve-newest, #serve-status
 * @param dataset  the dataset whose serving is shown and changed
 * @param runId    the run this page shows (its epochs are the ones served by serveEpoch)
 * @param onChange called with the sampler's view, and whether it follows a change made here ({byUser}), whenever the
 *                 panel (re)loads it
 */
export function mountServing(root, {dataset, runId, onChange = () => {}}) {
  const now = root.querySelector('#serving-now');
  const token = root.querySelector('#serve-token');
  const rollback = root.querySelector('#serve-rollback');
  const newest = root.querySelector('#serve-newest');
  const status = root.querySelector('#serve-status');
  let view = null;
  let busy = false;

  function show(v, byUser = false) {
    view = v;
    now.replaceChildren(`${dataset} serves `, ...describeServed(v, runId));
    rollback.disabled = busy || !(v.previous && v.previous.length > 0);
    newest.disabled = busy;
    root.dataset.served = modelKey(v);
    onChange(v, {byUser});
  }

  async function load() {
    try {
      show((await call('GET', servedUrl(dataset), null)).view);
    } catch (e) {
      now.textContent = `What ${dataset} serves could not be read: ${e.message}`;
    }
  }

  async function change(method, url, body, done) {
    const typed = token.value.trim();
    if (!typed) {
      status.textContent = 'Type the API token first: the sampler needs it to change what is served.';
      token.focus();
      return;
    }
    busy = true;
    rollback.disabled = true;
    newest.disabled = true;
    status.textContent = 'Asking the sampler…';
    try {
      const answer = await call(method, url, typed, body);
      busy = false;
      status.textContent = answer.status === 202
        ? `${done} The sampler stored the change and is still loading the model; images follow shortly.`
        : done;
      show(answer.view, true);
    } catch (e) {
      busy = false;
      status.textContent = `The sampler refused: ${e.message}`;
      if (view) show(view); else rollback.disabled = newest.disabled = false;
    }
  }

  rollback.addEventListener('click', () => change('POST', `${servedUrl(dataset)}/rollback`, undefined,
    'Rolled back to what was served before.'));
  newest.addEventListener('click', () => change('DELETE', servedUrl(dataset), undefined,
    `${dataset} serves its newest checkpoint again.`));

  load();
  return {
    serveEpoch: (epoch) => change('PUT', servedUrl(dataset), {runId, epoch},
      `${dataset} now serves epoch ${epoch} of this run.`),
    /** Reads what is served again (a newer checkpoint may now be the newest). */
    reload: load,
    view: () => view,
  };
}
