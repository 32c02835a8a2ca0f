// The upload panel: images or .zip archives, through the gallery's same-origin proxy to the ingest service.
import {el, formatBytes} from './dom.js';

/** @param onDone called after an upload that stored something (the home page refreshes its datasets) */
export function mountUpload(root, onDone = () => {}) {
  const form = root.querySelector('form');
  const dataset = root.querySelector('#up-dataset');
  const token = root.querySelector('#up-token');
  const size = root.querySelector('#up-size');
  const files = root.querySelector('#up-files');
  const button = root.querySelector('#up-submit');
  const progress = root.querySelector('#up-progress');
  const status = root.querySelector('#up-status');
  const results = root.querySelector('#up-results');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const chosen = [...files.files];
    if (chosen.length === 0) {
      status.textContent = 'Choose one or more images, or a .zip of images.';
      return;
    }
    const body = new FormData();
    for (const file of chosen) body.append('files', file, file.name);
    const query = size.value ? `?size=${encodeURIComponent(size.value)}` : '';

    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/datasets/${encodeURIComponent(dataset.value)}/images${query}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token.value.trim()}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) {
        progress.max = e.total;
        progress.value = e.loaded;
        status.textContent = `Uploading: ${formatBytes(e.loaded)} of ${formatBytes(e.total)}`;
      }
    });
    xhr.upload.addEventListener('load', () => {
      status.textContent = 'Uploaded; the ingest service is checking the images…';
    });
    xhr.addEventListener('load', () => {
      button.disabled = false;
      const answer = xhr.response || {};
      if (Array.isArray(answer.accepted)) {
        showReport(answer);
        if (answer.accepted.length > 0) onDone(answer);
      } else {
        results.replaceChildren();
        status.textContent = answer.error || `The upload failed (HTTP ${xhr.status}).`;
      }
    });
    xhr.addEventListener('error', () => {
      button.disabled = false;
      status.textContent = 'The upload could not reach the gallery. Check the connection and try again.';
    });
    button.disabled = true;
    progress.value = 0;
    progress.hidden = false;
    results.replaceChildren();
    status.textContent = 'Uploading…';
    xhr.send(body);
  });

  function showReport(answer) {
    const rows = [
      ...answer.accepted.map((f) => [f.name, 'accepted', 'ok', `stored as ${f.sha256.slice(0, 12)}…`]),
      ...(answer.duplicates || []).map((f) => [f.name, 'duplicate', 'dup', 'already in the dataset']),
      ...(answer.rejected || []).map((f) => [f.name, 'rejected', 'bad', f.reason]),
    ];
    results.replaceChildren(el('thead', {}, el('tr', {},
      el('th', {scope: 'col'}, 'File'), el('th', {scope: 'col'}, 'Result'), el('th', {scope: 'col'}, 'Detail'))),
    el('tbody', {}, rows.map(([name, result, kind, detail]) => el('tr', {class: kind},
      el('td', {}, name), el('td', {}, el('span', {class: `tag ${kind}`}, result)), el('td', {}, detail)))));
    status.textContent = `${answer.accepted.length} accepted, ${(answer.duplicates || []).length} duplicates, `
      + `${(answer.rejected || []).length} rejected. '${answer.dataset}' now has ${answer.imageCount} images.`;
  }
}
