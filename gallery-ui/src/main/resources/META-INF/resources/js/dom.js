// Small helpers shared by the pages: DOM building without innerHTML, JSON fetching with the server's own error text,
// and the number formats the pages agree on.

/** Builds an element: el('a', {href: '/x', class: 'y'}, 'text', child). Attributes with null/false values are left out. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** GETs JSON; a failed request throws an Error carrying the server's {"error": "..."} message when there is one. */
export async function getJson(url) {
  const response = await fetch(url, {headers: {Accept: 'application/json'}});
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && body.error) message = body.error;
    } catch (ignored) {
      // not JSON: keep the status line
    }
    throw new Error(message);
  }
  return response.json();
}

export function formatEta(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return null;
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatNumber(value, digits = 4) {
  return value === null || value === undefined ? '–' : Number(value).toPrecision(digits);
}

/** A quality score with 4 significant digits and no trailing zeros: 55.5, 0.01234, 1234. */
export function formatScore(value) {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : String(Number(value.toPrecision(4)));
}

/** "3 / 50 epochs · ETA 12 min" for a run manifest or a progress event. */
export function progressText(epoch, epochs, state, etaSeconds) {
  const parts = [`epoch ${epoch} / ${epochs}`];
  const eta = state === 'running' ? formatEta(etaSeconds) : null;
  if (eta) parts.push(`ETA ${eta}`);
  return parts.join(' · ');
}

/**
 * Epochs done, with a fraction for the epoch in progress, from a training.progress event (whose epoch is the one
 * being trained and whose step counts from the start of the run).
 */
export function epochsDone(event) {
  const perEpoch = Math.max(1, event.stepsPerEpoch || 1);
  const inEpoch = Math.min(1, Math.max(0, (event.step - (event.epoch - 1) * perEpoch) / perEpoch));
  return Math.min(event.totalEpochs, Math.max(0, event.epoch - 1 + inEpoch));
}

/** Subscribes to the gallery's live events; marks <body data-live="connected"> once the stream is open. */
export function listen(url, onEvent) {
  const source = new EventSource(url);
  source.addEventListener('message', (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch (ignored) {
      return;
    }
    if (event.type === 'hello') {
      document.body.dataset.live = 'connected';
    } else if (event.type !== 'heartbeat') {
      onEvent(event);
    }
  });
  source.addEventListener('error', () => {
    // EventSource reconnects by itself; say so instead of pretending to be live.
    document.body.dataset.live = 'reconnecting';
  });
  window.addEventListener('pagehide', () => source.close());
  return source;
}
