// samestory serve: the live story page.
//
// Everything from the store (titles, texts, ids, urls) is untrusted: it
// enters the page only as text (el() and textContent), never as markup,
// and links to it are built from the page's own routes (#/story/N,
// #/article/ID), never from article urls.  The server's
// Content-Security-Policy forbids inline script besides.
'use strict';

const PAGE = 50;               // stories per page of the list
const TIMELINE_MAX = 60;       // articles whose metadata a story view fetches
const state = { filters: {}, next: null, loading: false };

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'href') e.setAttribute('href', v);  // only our own #/ routes
    else e.setAttribute(k, String(v));
  }
  for (const k of kids) {
    if (k === null || k === undefined) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await r.json(); } catch (e) { body = { error: 'the server sent no JSON' }; }
  if (!r.ok) throw new Error(body && body.error ? body.error : 'HTTP ' + r.status);
  return body;
}

const storyHref = (n) => '#/story/' + encodeURIComponent(String(n));
const articleHref = (id) => '#/article/' + encodeURIComponent(String(id));
const say = (msg) => { document.getElementById('live').textContent = msg; };

// ---- the story list --------------------------------------------------------

function storyItem(s) {
  const li = el('li', { 'data-story': s.story });
  const langs = (s.languages || []).join(', ');
  li.append(el('a', { href: storyHref(s.story) },
    el('span', { class: 'title' }, s.title || '(no title)'),
    el('div', { class: 'meta' },
      `${s.size} article${s.size === 1 ? '' : 's'}` + (langs ? ' · ' + langs : '') +
      (s.last_date ? ' · ' + s.last_date : ''))));
  return li;
}

function query() {
  const p = new URLSearchParams();
  const f = state.filters;
  if (f.q) p.set('q', f.q);
  if (f.lang) p.set('lang', f.lang);
  if (f.source) p.set('source', f.source);
  if (f.min > 1) p.set('min_size', f.min);
  p.set('limit', PAGE);
  return p;
}

async function loadStories(reset) {
  if (state.loading) return;
  state.loading = true;
  const list = document.getElementById('stories');
  try {
    const p = query();
    if (!reset && state.next) p.set('after', state.next);
    const page = await api('/v1/stories?' + p.toString());
    if (reset) list.textContent = '';
    for (const s of page.stories) list.append(storyItem(s));
    state.next = page.next;
    document.getElementById('more').hidden = !page.next;
    updateCount();
  } catch (e) {
    say('Could not load the stories: ' + e.message);
  } finally {
    state.loading = false;
  }
}

function updateCount() {
  const n = document.getElementById('stories').children.length;
  document.getElementById('count').textContent =
    n + (state.next ? '+' : '') + (n === 1 ? ' story' : ' stories') + ', newest activity first';
}

function filtering() {
  const f = state.filters;
  return !!(f.q || f.lang || f.source || f.min > 1);
}

// A story changed (an event): move it to the top, or drop it.
async function storyChanged(ev) {
  const list = document.getElementById('stories');
  const old = list.querySelector(`li[data-story="${Number(ev.story)}"]`);
  if (ev.change === 'removed') {
    if (old) old.remove();
  } else if (!filtering()) {
    try {
      const s = await api('/v1/stories/' + encodeURIComponent(ev.story));
      const li = storyItem(s);
      li.classList.add('fresh');
      const again = list.querySelector(`li[data-story="${Number(ev.story)}"]`);
      if (again) again.remove();
      list.prepend(li);
    } catch (e) { /* gone again meanwhile */ }
  }
  updateCount();
  say(`Story ${ev.story} ${ev.change}` + (ev.title ? ': ' + ev.title : ''));
  const r = route();
  if (r.kind === 'story' && String(r.id) === String(ev.story)) show();
}

function listen() {
  if (!window.EventSource) return;
  const es = new EventSource('/v1/events');
  es.addEventListener('story', (e) => {
    let ev;
    try { ev = JSON.parse(e.data); } catch (err) { return; }
    storyChanged(ev);
  });
  es.onopen = () => { document.body.dataset.live = 'on'; };
  es.onerror = () => { document.body.dataset.live = 'reconnecting'; };
}

// ---- views -----------------------------------------------------------------

function idList(ids) {
  const span = el('span', { class: 'ids' });
  (ids || []).forEach((id, i) => {
    if (i) span.append(', ');
    span.append(el('a', { href: articleHref(id) }, id));
  });
  return span;
}

function section(title, ...kids) {
  return el('section', {}, el('h3', {}, title), ...kids);
}

// "5 articles, 2 independent reports (copies and translations count once)
// in en, fr · 2026-03-02 to 2026-03-04": a story's size, sources and days
function storyMeta(s) {
  const parts = [`${s.size} article${s.size === 1 ? '' : 's'}`];
  if (s.sources && s.size > 1) {
    parts[0] += s.sources === s.size
      ? ', each its own report'
      : `, ${s.sources} independent report${s.sources === 1 ? '' : 's'} (copies and translations count once)`;
  }
  if ((s.languages || []).length) parts[0] += ` in ${s.languages.join(', ')}`;
  if (s.first_date && s.last_date) {
    parts.push(s.first_date === s.last_date ? s.first_date : `${s.first_date} to ${s.last_date}`);
  } else {
    parts.push('undated');
  }
  return parts.join(' · ');
}

async function showStory(n) {
  const view = document.getElementById('view');
  const s = await api('/v1/stories/' + encodeURIComponent(n));
  view.textContent = '';
  view.append(el('h2', {}, s.title || '(no title)'),
    el('p', { class: 'meta' }, storyMeta(s)));

  // timeline: the articles by date
  const ids = (s.articles || []).slice(0, TIMELINE_MAX);
  const rows = await Promise.all(ids.map((id) =>
    api('/v1/articles/' + encodeURIComponent(id)).catch(() => ({ id }))));
  rows.sort((a, b) => String(a.date || '').localeCompare(String(b.date || '')));
  const tl = el('table', { class: 'timeline' },
    el('tr', {}, el('th', {}, 'date'), el('th', {}, 'article'), el('th', {}, 'source'),
      el('th', {}, 'language'), el('th', {}, 'relation')));
  for (const a of rows) {
    const rel = a.relation ? `${a.relation.type} of ${a.relation.b}` : (a.id === s.first ? 'first' : '');
    tl.append(el('tr', {}, el('td', {}, a.date || ''),
      el('td', {}, el('a', { href: articleHref(a.id) }, a.title || a.id)),
      el('td', {}, a.source || ''), el('td', {}, a.lang || ''), el('td', {}, rel)));
  }
  view.append(section('Timeline', tl,
    s.articles.length > TIMELINE_MAX ? el('p', { class: 'meta' }, `first ${TIMELINE_MAX} of ${s.articles.length}`) : null));

  if ((s.relations || []).length) {
    const ul = el('ul', { class: 'relations' });
    for (const r of s.relations)
      ul.append(el('li', {}, el('a', { href: articleHref(r.a) }, r.a), ` is ${r.type} of `,
        el('a', { href: articleHref(r.b) }, r.b),
        r.source ? ` (source: ${r.source})` : '', ` · ${r.score}`));
    view.append(section('How the articles relate', ul));
  }
  if ((s.conflicts || []).length) {
    const box = el('div', {});
    for (const c of s.conflicts) {
      const d = el('div', { class: 'conflict' }, el('div', {}, `${c.what}` + (c.about ? ` of ${c.about}` : '')));
      for (const v of c.values || [])
        d.append(el('p', {}, el('span', { class: 'value' }, v.value), ' — ', v.text || '', ' ', idList(v.ids)));
      box.append(d);
    }
    view.append(section('Conflicts', box));
  }
  if ((s.quotes || []).length) {
    const box = el('div', {});
    for (const q of s.quotes)
      box.append(el('blockquote', { class: 'quote' }, el('span', { class: 'speaker' }, q.speaker || 'unknown'),
        ': “', q.quote, '” ', idList(q.ids)));
    view.append(section('Quotes', box));
  }
  if ((s.agree || []).length) {
    const ul = el('ul', {});
    for (const a of s.agree) ul.append(el('li', {}, a.text, ' ', idList(a.ids)));
    view.append(section('What the sources agree on', ul));
  }
  const unique = Object.entries(s.unique || {});
  if (unique.length) {
    const box = el('div', {});
    for (const [id, lines] of unique) {
      const ul = el('ul', {});
      for (const t of lines) ul.append(el('li', {}, t));
      box.append(el('h4', {}, 'Only in ', el('a', { href: articleHref(id) }, id)), ul);
    }
    view.append(section('What each adds', box));
  }
  if ((s.variants || []).length) {
    const ul = el('ul', {});
    for (const v of s.variants) {
      const li = el('li', {}, el('b', {}, v.name), ': ');
      (v.forms || []).forEach((f, i) => { if (i) li.append('; '); li.append(`“${f.value}” `, idList(f.ids)); });
      ul.append(li);
    }
    view.append(section('Name variants', ul));
  }
}

// A text with the spans [start, end) (code points) marked.
function marked(text, spans) {
  const cps = Array.from(text || '');
  const box = el('div', { class: 'text' });
  const sorted = spans.slice().sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [s, e] of sorted) {
    if (s < at) continue;
    box.append(cps.slice(at, s).join(''));
    box.append(el('mark', { class: 'reused' }, cps.slice(s, e).join('')));
    at = e;
  }
  box.append(cps.slice(at).join(''));
  return box;
}

async function showArticle(id) {
  const view = document.getElementById('view');
  const a = await api('/v1/articles/' + encodeURIComponent(id));
  view.textContent = '';
  view.append(el('h2', {}, a.title || a.id),
    el('p', { class: 'meta' }, [a.source, a.date, a.lang, a.author].filter(Boolean).join(' · ')),
    el('p', {}, 'In story ', el('a', { href: storyHref(a.story) }, String(a.story)),
      a.relation ? ` · ${a.relation.type} of ` : '',
      a.relation ? el('a', { href: articleHref(a.relation.b) }, a.relation.b) : ''));
  const reused = a.reused || [];
  if (reused.length) {
    const src = await api('/v1/articles/' + encodeURIComponent(reused[0].source)).catch(() => null);
    view.append(section('Reused passages (highlighted), beside their source',
      el('div', { class: 'side' },
        el('div', {}, el('h4', {}, a.title || a.id), marked(a.text, reused.map((p) => p.span))),
        el('div', {}, el('h4', {}, 'Source: ', el('a', { href: articleHref(reused[0].source) }, reused[0].source)),
          src ? marked(src.text, reused.map((p) => p.source_span)) : el('p', { class: 'error' }, 'source gone')))));
  } else {
    view.append(section('Text', marked(a.text, [])));
  }
}

async function showSearch(q) {
  const view = document.getElementById('view');
  const r = await api('/v1/search?q=' + encodeURIComponent(q) + '&limit=50');
  view.textContent = '';
  view.append(el('h2', {}, `Articles matching “${q}”`));
  const ul = el('ul', { class: 'results' });
  for (const a of r.articles)
    ul.append(el('li', {}, el('a', { href: articleHref(a.id) }, a.title || a.id), ' · story ',
      el('a', { href: storyHref(a.story) }, String(a.story)), el('div', { class: 'meta' }, a.snippet || '')));
  if (!r.articles.length) ul.append(el('li', {}, 'nothing found'));
  view.append(ul);
}

function route() {
  const h = location.hash.replace(/^#\/?/, '');
  const slash = h.indexOf('/');
  if (slash < 0) return { kind: 'home' };
  const kind = h.slice(0, slash);
  let id = h.slice(slash + 1);
  try { id = decodeURIComponent(id); } catch (e) { return { kind: 'bad', id: h }; }
  return { kind, id };
}

async function show() {
  const r = route();
  const view = document.getElementById('view');
  for (const li of document.querySelectorAll('#stories li.current')) li.classList.remove('current');
  try {
    if (r.kind === 'story') {
      const li = document.querySelector(`#stories li[data-story="${Number(r.id)}"]`);
      if (li) li.classList.add('current');
      await showStory(r.id);
    } else if (r.kind === 'article') {
      await showArticle(r.id);
    } else if (r.kind === 'search') {
      await showSearch(r.id);
    } else if (r.kind === 'bad') {
      // a link whose escapes do not decode ("#/article/%zz"): said so, not
      // left under the previous view
      view.textContent = '';
      view.append(el('p', { class: 'error' }, 'This link is not valid (a malformed % escape): ' + r.id));
    } else {
      return;
    }
    document.body.dataset.shown = location.hash;
  } catch (e) {
    view.textContent = '';
    view.append(el('p', { class: 'error' }, e.message));
  }
}

// ---- keys and start ----------------------------------------------------------

function moveFocus(step) {
  const links = Array.from(document.querySelectorAll('#stories li a'));
  if (!links.length) return;
  const i = links.indexOf(document.activeElement);
  const j = Math.max(0, Math.min(links.length - 1, i < 0 ? 0 : i + step));
  links[j].focus();
  links[j].scrollIntoView({ block: 'nearest' });
}

document.addEventListener('keydown', (e) => {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (e.key === 'Escape') {
    if (typing) document.activeElement.blur();
    const cur = document.querySelector('#stories li.current a') || document.querySelector('#stories li a');
    if (cur) cur.focus();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'j') { moveFocus(1); e.preventDefault(); }
  else if (e.key === 'k') { moveFocus(-1); e.preventDefault(); }
  else if (e.key === '/') { document.getElementById('q').focus(); e.preventDefault(); }
});

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = (id) => document.getElementById(id).value.trim();
    state.filters = { q: v('q'), lang: v('lang'), source: v('source'), min: Number(v('min')) || 0 };
    state.next = null;
    loadStories(true);
    if (state.filters.q) location.hash = '#/search/' + encodeURIComponent(state.filters.q);
  });
  document.getElementById('more').addEventListener('click', () => loadStories(false));
  window.addEventListener('hashchange', show);
  loadStories(true).then(show);
  listen();
});
