// The emulator's console: one snapshot from /api/state, refreshed when
// /api/events says something changed. Data reaches the page only through
// textContent and attributes, never as markup.
'use strict';

const ERROR_CODES = {
  11100: 'Invalid URL format: the URL to request is not a URL.',
  11200: 'HTTP retrieval failure: the app answered with an error status, too slowly, or too much.',
  11205: 'HTTP connection failure: the app could not be reached (nothing listening, or refused).',
  11210: 'HTTP bad host name: the host could not be resolved or is not one the emulator may call.',
  11215: 'HTTP too many redirects: more than 3 redirects were followed.',
  11750: 'Response body too large: the reply was longer than the limit.',
  12100: 'Document parse failure: the reply is not a well-formed LaML document.',
  12300: 'Invalid content type: the reply was not XML.',
};
const FINAL_CALL = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

const state = { snapshot: null, transcripts: {}, selected: null };
const phone = { sid: null };
const byId = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replaces a container's children, giving focus back to the element with
// the same data-key, so that a refresh does not throw a keyboard user out.
function replaceKeepingFocus(container, children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.key : undefined;
  container.replaceChildren(...children);
  if (key !== undefined) {
    const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}

function showProblem(message) {
  const problem = byId('problem');
  problem.textContent = message;
  problem.hidden = !message;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body || {}),
    credentials: 'same-origin',
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
  if (!response.ok) {
    const reason = (json && json.message) || text || response.statusText;
    throw new Error(`${response.status}: ${reason}`);
  }
  showProblem('');
  return json;
}

function act(promise) {
  return promise.catch((error) => showProblem(error.message)).finally(refresh);
}

// At most one fetch of /api/state in flight; a change meanwhile asks for
// one more once it is done.
let fetching = false;
let again = false;
async function refresh() {
  if (fetching) { again = true; return; }
  fetching = true;
  try {
    const response = await fetch('/api/state', { credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401) throw new Error('Not signed in to this emulator (was it restarted?): open the console URL it printed.');
    if (!response.ok) throw new Error(`the state could not be read (${response.status})`);
    render(await response.json());
  } catch (error) {
    showProblem(error.message);
  } finally {
    fetching = false;
    if (again) { again = false; refresh(); }
  }
}

function render(snapshot) {
  state.snapshot = snapshot;
  state.transcripts = Object.assign({}, snapshot.transcripts || {});
  byId('project-id').textContent = snapshot.project_id || '';
  renderClock(snapshot.clock || {});
  renderNumbers(snapshot.numbers || []);
  renderPhone();
  renderThread();
  renderNow(snapshot);
  renderRequests();
}

// Clock

function renderClock(clock) {
  if (clock.now) {
    const now = byId('clock-now');
    now.textContent = clock.now.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC');
    now.setAttribute('datetime', clock.now);
  }
  const pace = byId('clock-pace');
  if (clock.pace && document.activeElement !== pace) pace.value = clock.pace;
}

function setupClock() {
  const step = byId('clock-step');
  const custom = byId('clock-custom');
  step.addEventListener('change', () => {
    custom.hidden = step.value !== 'custom';
    if (!custom.hidden) custom.focus();
  });
  byId('clock-pace').addEventListener('change', (event) =>
    act(post('/api/clock', { pace: event.target.value }).then(renderClock)));
  byId('clock-advance').addEventListener('click', () => {
    const seconds = Number(step.value === 'custom' ? custom.value : step.value);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      showProblem('The step is a number of seconds, more than zero.');
      return;
    }
    act(post('/api/clock', { advance: seconds }).then(renderClock));
  });
  byId('clock-settle').addEventListener('click', () => {
    const result = byId('clock-result');
    result.textContent = 'settling…';
    act(post('/api/settle', {}).then((reply) => {
      result.textContent = reply && reply.settled ? 'settled' : 'still busy';
    }));
  });
}

// Phone and messages

function renderNumbers(numbers) {
  for (const select of document.querySelectorAll('.number-choice')) {
    const chosen = select.value;
    // A friendly name that only formats the number says nothing more.
    const named = (number) => number.friendly_name && !(/^[\d\s()+.-]+$/.test(number.friendly_name)
      && number.phone_number.replace(/\D/g, '').endsWith(number.friendly_name.replace(/\D/g, '')));
    const options = numbers.map((number) => el('option', { value: number.phone_number },
      named(number) ? `${number.phone_number} · ${number.friendly_name}` : number.phone_number));
    if (!options.length) options.push(el('option', { value: '' }, 'no number yet'));
    select.replaceChildren(...options);
    if (numbers.some((number) => number.phone_number === chosen)) select.value = chosen;
  }
}

function phoneCall() {
  return phone.sid && state.snapshot
    ? (state.snapshot.calls || []).find((call) => call.sid === phone.sid) : null;
}

function describe(item) {
  switch (item.kind) {
    case 'say': return [el('span', { class: 'voice' }, `${item.voice || 'voice'}, ${item.language || ''}`), ` ${item.text}`];
    case 'play': return ['plays ', link(item.url)];
    case 'pause': return [`pauses ${item.seconds} s`];
    case 'gather': return [`waiting for input (${item.input || 'dtmf'}${item.timeout ? `, ${item.timeout} s` : ''})`];
    case 'pressed': return [`you pressed ${item.digits}`];
    case 'spoke': return [`you said “${item.speech}”`];
    case 'hangup': return [item.by === 'caller' ? 'you hung up' : 'the app hung up'];
    case 'record': return ['recording…'];
    case 'dial': return [`dials ${item.to}`];
    case 'enqueue': return [`waits in queue ${item.queue}`];
    default: return [`${item.kind}`];
  }
}

function transcriptItem(item) {
  const caller = ['pressed', 'spoke', 'hangup'].includes(item.kind) && item.by !== 'app';
  return el('li', { class: `heard ${item.kind}${caller ? ' caller' : ''}` },
    el('time', { datetime: item.at || '' }, item.at ? item.at.slice(11, 19) : ''), ' ', describe(item));
}

// Appends what is new, so that the live region reads out only that.
function renderTranscript() {
  const list = byId('transcript');
  const items = (phone.sid && state.transcripts[phone.sid]) || [];
  const keys = items.map((item) => JSON.stringify(item));
  const shown = Array.from(list.children, (node) => node.dataset.item);
  const prefix = shown.every((key, index) => key === keys[index]);
  if (!prefix) list.replaceChildren();
  for (let index = prefix ? shown.length : 0; index < items.length; index += 1) {
    const node = transcriptItem(items[index]);
    node.dataset.item = keys[index];
    list.append(node);
  }
  list.scrollTop = list.scrollHeight;
  const last = items[items.length - 1];
  const speech = byId('speech-form');
  const wantsSpeech = Boolean(last && last.kind === 'gather' && /speech/.test(last.input || ''));
  if (speech.hidden === wantsSpeech) speech.hidden = !wantsSpeech;
}

function renderPhone() {
  const call = phoneCall();
  const status = call ? call.status : phone.sid ? 'queued' : 'idle';
  const live = phone.sid && !FINAL_CALL.includes(status);
  byId('phone-status').textContent = status;
  byId('phone-status').className = `status ${status}`;
  const active = document.activeElement;
  byId('phone-hangup').disabled = !live;
  byId('phone-call').disabled = Boolean(live);
  for (const key of byId('keypad').querySelectorAll('button')) key.disabled = !live;
  // A button disabled under the keyboard's focus would drop it on the page.
  if (active && active.disabled) (live ? byId('transcript') : byId('phone-call')).focus();
  renderTranscript();
}

function setupPhone() {
  byId('phone-call').addEventListener('click', () => {
    const to = byId('phone-to').value;
    const from = byId('phone-from').value.trim();
    if (!to) { showProblem('The project has no number to call yet.'); return; }
    phone.sid = null;
    act(post('/api/calls', { from, to }).then((call) => { phone.sid = call.sid; renderPhone(); }));
  });
  byId('phone-hangup').addEventListener('click', () => {
    if (phone.sid) act(post(`/api/calls/${encodeURIComponent(phone.sid)}/hangup`, {}));
  });
  byId('keypad').addEventListener('click', (event) => {
    const digit = event.target.closest('button') && event.target.closest('button').dataset.digit;
    if (digit && phone.sid) act(post(`/api/calls/${encodeURIComponent(phone.sid)}/digits`, { digits: digit }));
  });
  byId('speech-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId('speech-text');
    if (!phone.sid || !input.value.trim()) return;
    act(post(`/api/calls/${encodeURIComponent(phone.sid)}/speech`, { speech: input.value.trim() })
      .then(() => { input.value = ''; }));
  });
}

// Only a web address becomes a link: an app's `javascript:` stays text.
function link(url) {
  return /^https?:\/\//i.test(url || '') ? el('a', { href: url, target: '_blank', rel: 'noreferrer' }, url) : el('span', {}, url);
}

function absolute(url, base) {
  try { return new URL(url, base).href; } catch (_) { return url; }
}

// The media of an app's reply are not in the message resource; they are in
// the LaML it answered, matched by the reply's text.
function replyMedia() {
  const media = new Map();
  for (const webhook of (state.snapshot.webhooks || []).slice().reverse()) {
    if (!/^(sms|sms-fallback|message-action)$/.test(webhook.purpose) || !webhook.reply) continue;
    const laml = parseLaml(webhook.reply);
    if (!laml) continue;
    for (const message of laml.getElementsByTagName('Message')) {
      const urls = Array.from(message.getElementsByTagName('Media'), (node) => absolute(node.textContent.trim(), webhook.url));
      const body = Array.from(message.childNodes)
        .filter((node) => node.nodeType === Node.TEXT_NODE || node.nodeName === 'Body')
        .map((node) => node.textContent).join('').trim();
      if (urls.length) media.set(body, urls);
    }
  }
  return media;
}

function renderThread() {
  const list = byId('thread');
  const number = byId('sms-to').value;
  const caller = byId('sms-from').value.trim();
  const media = replyMedia();
  const messages = (state.snapshot.messages || []).filter((message) =>
    (message.from === caller && message.to === number) || (message.from === number && message.to === caller));
  // Oldest first; a reply made in the same second as the text it answers
  // comes after it.
  const sent = (message) => Date.parse(message.date_created) || 0;
  const order = (a, b) => sent(a) - sent(b) || (a.direction === 'inbound' ? 0 : 1) - (b.direction === 'inbound' ? 0 : 1);
  const items = messages.slice().reverse().sort(order).map((message) => {
    const mine = message.from === caller;
    const urls = !mine && Number(message.num_media) > 0 ? media.get((message.body || '').trim()) || [] : [];
    return el('li', { class: `bubble ${mine ? 'mine' : 'app'}`, 'data-key': message.sid },
      el('span', { class: 'who' }, mine ? 'you' : 'app', ' · ', message.status || ''),
      el('p', {}, message.body || ''),
      urls.map(link));
  });
  const keys = items.map((item) => item.textContent);
  if (keys.join('\n') !== Array.from(list.children, (node) => node.textContent).join('\n')) {
    replaceKeepingFocus(list, items);
    list.scrollTop = list.scrollHeight;
  }
}

function setupMessages() {
  byId('sms-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId('sms-body');
    const to = byId('sms-to').value;
    if (!to) { showProblem('The project has no number to text yet.'); return; }
    if (!input.value.trim()) return;
    act(post('/api/messages', { from: byId('sms-from').value.trim(), to, body: input.value })
      .then(() => { input.value = ''; }));
  });
  for (const id of ['sms-to', 'sms-from']) byId(id).addEventListener('change', renderThread);
}

// What is happening now

function cell(resource, column) {
  const value = resource[column];
  if (column === 'participants') {
    return (value || []).map((participant) => [el('span', { class: 'tag', title: participant.call_sid }, shortSid(participant.call_sid),
      participant.muted ? ' · muted' : '', participant.hold ? ' · on hold' : ''), ' ']);
  }
  if (column === 'members') {
    return (value || []).map((member) => [el('span', { class: 'tag', title: member.call_sid }, shortSid(member.call_sid),
      ` · #${member.position} · waiting ${member.wait_time} s`), ' ']);
  }
  if (column === 'parties') return `${resource.from || ''} → ${resource.to || ''}`;
  if (column === 'status') return el('span', { class: `status ${value}` }, value);
  return value === null || value === undefined ? '' : String(value);
}

function shortSid(sid) {
  return sid && sid.length > 10 ? `${sid.slice(0, 8)}…` : String(sid || '');
}

function urlPath(url) {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch (_) {
    return url;
  }
}

function clockTime(at) {
  const match = /\d\d:\d\d:\d\d/.exec(at || '');
  return match ? match[0] : at || '';
}

function openResource(title, resource) {
  byId('resource-heading').textContent = title;
  byId('resource-json').textContent = JSON.stringify(resource, null, 2);
  byId('resource').showModal();
}

function renderTable(table, kind, resources) {
  const columns = table.dataset.columns.split(' ');
  const head = el('thead', {}, el('tr', {}, columns.map((column) => el('th', { scope: 'col' }, column.replace('_', ' ')))));
  const rows = resources.map((resource) => el('tr', {}, columns.map((column, index) => el(index ? 'td' : 'th', index ? {} : { scope: 'row' },
    index ? cell(resource, column) : el('button', {
      type: 'button', class: 'link', 'data-key': `${kind}:${resource.sid}`,
      'aria-label': `${kind} ${resource.sid} as JSON`,
      onclick: () => openResource(`${kind} ${resource.sid}`, resource),
    }, shortSid(resource.sid))))));
  const body = el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: columns.length, class: 'muted' }, 'none')));
  replaceKeepingFocus(table, [head, body]);
}

function renderNow(snapshot) {
  for (const kind of ['calls', 'messages', 'conferences', 'queues', 'recordings']) {
    renderTable(byId(kind), kind.replace(/s$/, ''), snapshot[kind] || []);
  }
}

// Requests to the app

function errorCode(error) {
  const match = /^(\d{5})/.exec(error || '');
  return match ? match[1] : null;
}

// A fallback is shown under the failed request it followed: the latest
// earlier request of the same sid whose purpose it falls back from.
function chains(webhooks) {
  const followers = new Map();
  const attached = new Set();
  const oldestFirst = webhooks.slice().sort((a, b) => a.id - b.id);
  oldestFirst.forEach((webhook, index) => {
    const base = /^(.*)-fallback$/.exec(webhook.purpose);
    if (!base) return;
    const primary = oldestFirst.slice(0, index).reverse()
      .find((earlier) => earlier.sid === webhook.sid && earlier.purpose !== webhook.purpose && earlier.error);
    if (!primary) return;
    followers.set(primary.id, (followers.get(primary.id) || []).concat(webhook));
    attached.add(webhook.id);
  });
  return { followers, attached };
}

function requestRow(webhook, fallback) {
  const code = errorCode(webhook.error);
  return el('tr', { class: `${fallback ? 'fallback' : ''}${state.selected === webhook.id ? ' selected' : ''}` },
    el('th', { scope: 'row' }, el('button', {
      type: 'button', class: 'link', 'data-key': `request:${webhook.id}`,
      'aria-current': state.selected === webhook.id ? 'true' : null,
      title: webhook.sid,
      onclick: () => { state.selected = webhook.id; renderRequests(); },
    }, fallback ? '↳ ' : '', webhook.purpose, webhook.replay_of !== null && webhook.replay_of !== undefined ? ' (replay)' : '')),
    el('td', { class: 'url', title: webhook.url }, el('span', { class: 'method' }, webhook.method), '\u00a0', urlPath(webhook.url)),
    el('td', {}, webhook.status ? el('span', { class: `code ${webhook.status < 400 ? 'good' : 'bad'}` }, String(webhook.status)) : null,
      webhook.error ? [' ', el('span', { class: 'code bad', title: webhook.error }, code || 'error')] : null),
    el('td', {}, el('time', { title: webhook.at || '' }, clockTime(webhook.at))),
    el('td', {}, el('button', {
      type: 'button', 'data-key': `replay:${webhook.id}`, 'aria-label': `Replay ${webhook.purpose} request ${webhook.id}`,
      onclick: () => act(post(`/api/webhooks/${webhook.id}/replay`, {})),
    }, 'Replay')));
}

function renderRequests() {
  if (!state.snapshot) return;
  const filter = byId('request-filter').value.trim().toLowerCase();
  const webhooks = (state.snapshot.webhooks || []).filter((webhook) => !filter || (webhook.sid || '').toLowerCase().includes(filter));
  const { followers, attached } = chains(webhooks);
  const rows = [];
  for (const webhook of webhooks) {
    if (attached.has(webhook.id)) continue;
    rows.push(requestRow(webhook, false));
    for (const fallback of followers.get(webhook.id) || []) rows.push(requestRow(fallback, true));
  }
  replaceKeepingFocus(document.querySelector('#requests tbody'), rows);
  byId('requests-empty').hidden = rows.length > 0;
  const selected = (state.snapshot.webhooks || []).find((webhook) => webhook.id === state.selected);
  renderDetail(selected, followers);
}

function parseLaml(text) {
  if (!/^\s*(<\?xml[^>]*>\s*)?<Response[\s>/]/.test(text || '')) return null;
  const laml = new DOMParser().parseFromString(text, 'application/xml');
  return laml.getElementsByTagName('parsererror').length ? null : laml;
}

function xmlTree(node) {
  if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
    const text = node.textContent.trim();
    return text ? el('li', { class: 'xml-text' }, text) : null;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const attributes = Array.from(node.attributes, (attribute) =>
    [' ', el('span', { class: 'xml-attr' }, attribute.name), '=', el('span', { class: 'xml-value' }, `"${attribute.value}"`)]);
  const children = Array.from(node.childNodes, xmlTree).filter(Boolean);
  const open = el('span', { class: 'xml-tag' }, '<', node.nodeName, attributes, children.length ? '>' : ' />');
  return el('li', { class: 'xml-element' }, open,
    children.length ? [el('ul', {}, children), el('span', { class: 'xml-tag' }, `</${node.nodeName}>`)] : null);
}

function definitions(pairs) {
  return el('dl', { class: 'pairs' }, pairs.filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
}

function renderDetail(webhook, followers) {
  const detail = byId('request-detail');
  if (!webhook) return;
  const key = JSON.stringify(webhook) + JSON.stringify(followers.get(webhook.id) || []);
  if (detail.dataset.shown === key) return;
  detail.dataset.shown = key;
  const code = errorCode(webhook.error);
  const laml = parseLaml(webhook.reply);
  const chain = [webhook].concat(followers.get(webhook.id) || []);
  const primary = (state.snapshot.webhooks || []).find((other) => (followers.get(other.id) || []).some((f) => f.id === webhook.id));
  if (primary) chain.unshift(primary);
  const parts = [
    el('h3', {}, `${webhook.purpose} · ${webhook.method} `, el('span', { class: 'url' }, webhook.url)),
    definitions([
      ['sid', webhook.sid], ['sent at', webhook.at], ['attempts', String(webhook.attempts)],
      ['status', webhook.status === null ? 'no reply' : String(webhook.status)],
      ['signature', el('code', {}, webhook.signature)],
      ['replay of', webhook.replay_of === null || webhook.replay_of === undefined ? null : `request ${webhook.replay_of}`],
    ]),
    webhook.error ? el('div', { class: 'error', role: 'note' }, el('strong', {}, webhook.error),
      code ? el('p', {}, ERROR_CODES[code] || `Error ${code}: see SignalWire's error reference.`) : null) : null,
    chain.length > 1 ? el('div', { class: 'chain' }, el('h4', {}, 'Fallback chain'),
      el('ol', {}, chain.map((link) => el('li', {}, el('button', {
        type: 'button', class: 'link', 'aria-current': link.id === webhook.id ? 'true' : null,
        onclick: () => { state.selected = link.id; renderRequests(); },
      }, link.purpose), ` → ${link.error || link.status || '…'}`)))) : null,
    (webhook.notes || []).length ? el('ul', { class: 'notes' }, webhook.notes.map((note) => el('li', {}, note))) : null,
    el('h4', {}, 'Parameters'),
    el('table', { class: 'params' }, el('tbody', {}, (webhook.params || []).map(([name, value]) =>
      el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, value))))),
    el('h4', {}, 'Reply'),
    laml ? el('ul', { class: 'xml', 'aria-label': 'LaML reply' }, xmlTree(laml.documentElement))
      : el('pre', { class: 'reply' }, webhook.reply || '(empty)'),
  ];
  detail.replaceChildren(...parts.filter(Boolean));
}

// Live updates

function listen() {
  const live = byId('live');
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => { live.textContent = 'live'; live.className = 'live on'; });
  events.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.className = 'live off'; });
  for (const name of ['changed', 'webhook', 'clock']) events.addEventListener(name, refresh);
  events.addEventListener('clock', (event) => {
    try { renderClock(JSON.parse(event.data)); } catch (_) { /* the refetch shows it */ }
  });
  events.addEventListener('heard', (event) => {
    let heard;
    try { heard = JSON.parse(event.data); } catch (_) { return; }
    state.transcripts[heard.call] = (state.transcripts[heard.call] || []).concat(heard.item);
    if (heard.call === phone.sid) renderTranscript();
    // The snapshot stays the record: a heard item that it already held
    // is put right by the next one.
    refresh();
  });
}

document.addEventListener('DOMContentLoaded', () => {
  setupClock();
  setupPhone();
  setupMessages();
  byId('request-filter').addEventListener('input', renderRequests);
  refresh();
  listen();
});
