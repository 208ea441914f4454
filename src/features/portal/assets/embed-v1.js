/*! amtsweg embed v1 – renders a town's searchable list of services into
 *  <div data-amtsweg-ort="SLUG" [data-amtsweg-lang="en"] [data-amtsweg-heading="2"]>…iframe fallback…</div>
 *  No cookies, no third parties: it loads its stylesheet and data from the server it came from. Built with DOM
 *  methods and textContent only, so no catalog text is ever parsed as HTML in the host page. */
(() => {
  const current = document.currentScript;
  const origin = current && current.src ? new URL(current.src).origin : window.location.origin;
  let counter = 0;

  function normalize(text) {
    return String(text)
      .toLowerCase()
      .normalize('NFKD')
      .replace(/([aou])\u0308/g, '$1e')
      .replace(/\u00df/g, 'ss')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function ensureStylesheet() {
    const href = origin + '/embed/v1.css';
    const present = Array.prototype.some.call(
      document.querySelectorAll('link[rel="stylesheet"]'),
      (l) => l.href === href,
    );
    if (present) return;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    document.head.appendChild(link);
  }

  function render(host, data, lang) {
    const id = 'amtsweg-' + ++counter;
    const level = Math.min(6, Math.max(2, parseInt(host.getAttribute('data-amtsweg-heading') || '2', 10) || 2));
    const root = el('div', 'amtsweg-embed');
    root.setAttribute('lang', lang);
    const title = el('h' + level, 'amtsweg-embed__title', data.labels.title);
    title.id = id + '-titel';
    root.appendChild(title);

    const form = el('form', 'amtsweg-embed__search');
    form.setAttribute('role', 'search');
    form.setAttribute('aria-labelledby', title.id);
    const label = el('label', 'amtsweg-embed__label', data.labels.search);
    label.htmlFor = id + '-q';
    const row = el('span', 'amtsweg-embed__row');
    const input = el('input', 'amtsweg-embed__input');
    input.id = id + '-q';
    input.type = 'search';
    input.autocomplete = 'off';
    input.maxLength = 200;
    input.setAttribute('aria-controls', id + '-liste');
    const button = el('button', 'amtsweg-embed__button', data.labels.submit);
    button.type = 'submit';
    row.appendChild(input);
    row.appendChild(button);
    form.appendChild(label);
    form.appendChild(row);
    root.appendChild(form);

    const count = el('p', 'amtsweg-embed__count');
    count.setAttribute('role', 'status');
    root.appendChild(count);
    const list = el('ul', 'amtsweg-embed__list');
    list.id = id + '-liste';
    root.appendChild(list);

    const entries = data.items.map((item) => {
      const li = el('li', 'amtsweg-embed__item');
      const a = el('a', 'amtsweg-embed__link', item.name);
      a.href = item.url;
      if (lang !== 'de') a.setAttribute('lang', 'de');
      const marker = el(
        'span',
        'amtsweg-embed__marker amtsweg-embed__marker--' + String(item.marker.kind).replace(/[^a-z-]/g, ''),
      );
      marker.appendChild(el('span', 'amtsweg-embed__hidden', data.labels.responsible + ' '));
      marker.appendChild(document.createTextNode(item.marker.label));
      li.appendChild(a);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(marker);
      // The town does not offer it itself: said in words beside the marker (the entry links to where to go instead).
      if (item.notOffered && data.labels.notOffered) {
        li.appendChild(document.createTextNode(' '));
        li.appendChild(el('span', 'amtsweg-embed__not-offered', data.labels.notOffered));
      }
      list.appendChild(li);
      return { li: li, text: normalize(item.name + ' ' + (item.synonyms || []).join(' ')) };
    });

    const more = el('p', 'amtsweg-embed__more');
    const all = el('a', 'amtsweg-embed__link', data.labels.all);
    all.href = data.azUrl;
    more.appendChild(all);
    root.appendChild(more);

    let timer;
    function filter(announce) {
      const terms = normalize(input.value).split(' ').filter(Boolean);
      let shown = 0;
      entries.forEach((e) => {
        const match = terms.every((t) => e.text.indexOf(t) >= 0);
        e.li.hidden = !match;
        if (match) shown++;
      });
      const text = shown === 0 ? data.labels.none : data.labels.count.replace('{n}', String(shown));
      clearTimeout(timer);
      if (announce)
        timer = setTimeout(() => {
          count.textContent = text;
        }, 400);
      else count.textContent = text;
    }
    input.addEventListener('input', () => {
      filter(true);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      filter(false);
    });
    filter(false);

    while (host.firstChild) host.removeChild(host.firstChild);
    host.appendChild(root);
    host.setAttribute('data-amtsweg-ready', 'true');
  }

  function init(host) {
    if (host.getAttribute('data-amtsweg-ready')) return;
    const slug = host.getAttribute('data-amtsweg-ort') || '';
    if (!/^[a-z0-9-]+$/.test(slug)) return;
    host.setAttribute('data-amtsweg-ready', 'loading');
    const lang = host.getAttribute('data-amtsweg-lang') === 'en' ? 'en' : 'de';
    ensureStylesheet();
    fetch(origin + '/embed/v1/data/' + slug + '?lang=' + lang, { credentials: 'omit' })
      .then((r) => {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      })
      .then((data) => {
        render(host, data, lang);
      })
      .catch(() => {
        // Keep whatever the host put inside (the iframe fallback).
        host.removeAttribute('data-amtsweg-ready');
      });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-amtsweg-ort]'), init);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
