// The console's router: the part of the URL after `#` names the view. Each view gets a fresh
// AbortSignal, aborted when the user goes elsewhere, so pollers (redrive status, stream tail)
// stop with their view instead of running on in the background.
import { h, showError } from './dom.js';
import { queueList, queuePage } from './sqs.js';
import { topicList, topicPage, recordedPage } from './sns.js';
import { streamList, streamPage } from './kinesis.js';

const routes = [
  [/^#\/sqs\/queue\/(.+)$/, queuePage],
  [/^#\/sqs\/?$/, queueList],
  [/^#\/sns\/topic\/(.+)$/, topicPage],
  [/^#\/sns\/recorded\/?$/, recordedPage],
  [/^#\/sns\/?$/, topicList],
  [/^#\/kinesis\/stream\/(.+)$/, streamPage],
  [/^#\/kinesis\/?$/, streamList],
];

let current;

async function render() {
  current?.abort();
  const controller = (current = new AbortController());
  const hash = location.hash || '#/sqs';
  const view = document.getElementById('view');
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', hash.startsWith(`#/${a.dataset.nav}`));
  const route = routes.find(([re]) => re.test(hash));
  const root = h('div', {});
  view.replaceChildren(root);
  if (!route) {
    root.append(h('p', {}, 'No such page. ', h('a', { href: '#/sqs' }, 'Queues')));
    return;
  }
  const arg = route[0].exec(hash)[1];
  try {
    await route[1](root, arg === undefined ? undefined : decodeURIComponent(arg), controller.signal);
  } catch (e) {
    if (!controller.signal.aborted) showError(root, e);
  }
}

window.addEventListener('hashchange', render);
render();
