// The generate panel: images straight from the sampler service (the page's CSP allows images from its origin).
import {el} from './dom.js';

const MAX_COUNT = 64;
const MAX_SEED = 2 ** 31 - 1 - MAX_COUNT;

/**
 * @param root     the panel's <section>; holds a form with #gen-dataset (select or hidden input), #gen-seed,
 *                 #gen-random, #gen-count, and the #gen-url, #gen-copy, #gen-status and #gen-results elements
 * @param sampler  the sampler's base URL, from /api/config
 */
export function mountGenerate(root, sampler) {
  const form = root.querySelector('form');
  const dataset = root.querySelector('#gen-dataset');
  const seed = root.querySelector('#gen-seed');
  const random = root.querySelector('#gen-random');
  const count = root.querySelector('#gen-count');
  const url = root.querySelector('#gen-url');
  const copy = root.querySelector('#gen-copy');
  const status = root.querySelector('#gen-status');
  const results = root.querySelector('#gen-results');

  random.addEventListener('change', () => {
    seed.disabled = random.checked;
  });
  seed.disabled = random.checked;

  copy.addEventListener('click', async () => {
    url.select();
    try {
      await navigator.clipboard.writeText(url.value);
      status.textContent = 'URL copied.';
    } catch (ignored) {
      status.textContent = 'Selected: copy it with Ctrl+C.';
    }
  });

  /** The model the sampler serves, as a key: images load again when it changes (their URL carries it, v=...). */
  let model = null;
  /** The last images asked for, so a change of the served model can show the same seeds from the new model. */
  let last = null;

  function render(name, n, first) {
    last = {name, n, first};
    const base = `${sampler}/api/samples/${encodeURIComponent(name)}`;
    url.value = `${base}/grid.png?count=${n}&seed=${first}`;
    copy.disabled = false;
    // The sampler ignores v; it only makes the browser load the new model's images instead of its cached ones.
    const version = model ? `&v=${encodeURIComponent(model)}` : '';

    results.replaceChildren();
    let loaded = 0;
    let failed = 0;
    const report = () => {
      status.textContent = failed > 0
        ? `${failed} of ${n} images did not load: the sampler at ${sampler} is not running, or has no generator for '${name}' yet.`
        : `${loaded} of ${n} images from the sampler.`;
      root.dataset.loaded = String(loaded);
    };
    status.textContent = `Generating ${n} images…`;
    root.dataset.loaded = '0';
    root.dataset.model = model || '';
    for (let i = 0; i < n; i++) {
      const s = first + i;
      const image = el('img', {
        src: `${base}/image.png?seed=${s}&scale=4${version}`,
        alt: `Generated ${name} character, seed ${s}`,
        width: 96, height: 96, decoding: 'async',
      });
      image.addEventListener('load', () => { loaded++; report(); });
      image.addEventListener('error', () => { failed++; image.classList.add('broken'); report(); });
      results.append(el('li', {}, el('figure', {}, image, el('figcaption', {}, `seed ${s}`))));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = dataset.value;
    if (!name) {
      status.textContent = 'Choose a dataset first.';
      return;
    }
    const n = Math.min(MAX_COUNT, Math.max(1, Number.parseInt(count.value, 10) || 8));
    count.value = n;
    if (random.checked || seed.value === '') {
      seed.value = Math.floor(Math.random() * MAX_SEED);
    }
    const first = Math.min(MAX_SEED, Math.max(0, Number.parseInt(seed.value, 10) || 0));
    seed.value = first;
    render(name, n, first);
  });

  return {
    /**
     * The served model changed (key: any string naming it): the images shown load again from the new model, same seeds;
     * with none shown yet, the panel generates its current seeds so the new model's output is on the page.
     */
    modelChanged(key, {generate = true} = {}) {
      if (key === model) return;
      const first = model === null;
      model = key;
      if (last) render(last.name, last.n, last.first);
      else if (generate && !first) form.requestSubmit();
    },
  };
}
