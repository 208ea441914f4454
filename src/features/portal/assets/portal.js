// amtsweg portal: progressive enhancement only. Every page works without this file; with it the town chooser
// filters as you type, the search box suggests services (GET /api/v1/suggest), and error summaries take focus.
// A classic script (no type="module" needed in the pages); the German text folding is the server's own module,
// loaded with import() from its versioned URL (the asset store rewrites the path below).
(async () => {
  const de = document.documentElement.lang !== 'en';

  // Error summary first: a form came back with errors, so move focus where the screen reader starts reading.
  const summary = document.querySelector('[data-error-summary]');
  if (summary instanceof HTMLElement) summary.focus();

  const { foldGerman: normalize } = await import('/assets/german-fold.js');

  // ---- town chooser: filter the list of towns by name or postcode
  const chooser = document.querySelector('[data-place-chooser]');
  const townList = document.getElementById('orte');
  const count = document.querySelector('[data-place-count]');
  const none = document.querySelector('[data-place-none]');
  if (chooser && townList) {
    const input = chooser.querySelector('input[name="ort"]');
    const items = Array.from(townList.querySelectorAll('li'));
    let timer;
    const filter = () => {
      const q = normalize(input.value);
      let shown = 0;
      for (const li of items) {
        const name = normalize(li.getAttribute('data-place-name') || '');
        const postcodes = li.getAttribute('data-place-postcodes') || '';
        const match = q === '' || name.includes(q) || postcodes.split(' ').some((p) => p.startsWith(q));
        li.hidden = !match;
        if (match) shown++;
      }
      // Nothing left in the list: say so (and that "Weiter" searches every place), instead of an empty list.
      if (none instanceof HTMLElement) none.hidden = !(q !== '' && shown === 0);
      if (count) {
        clearTimeout(timer);
        // Announce after typing pauses, not on every key.
        timer = setTimeout(() => {
          count.textContent =
            q === ''
              ? ''
              : de
                ? `${shown} ${shown === 1 ? 'Ort passt' : 'Orte passen'}`
                : `${shown} ${shown === 1 ? 'place matches' : 'places match'}`;
        }, 400);
      }
    };
    input?.addEventListener('input', filter);
  }

  // ---- search suggestions: an ARIA 1.2 combobox over the plain search form
  let uid = 0;
  for (const form of document.querySelectorAll('form[data-suggest-ags]')) {
    const input = form.querySelector('input[name="q"]');
    const row = input?.parentElement;
    if (!input || !row) continue;
    const ags = form.getAttribute('data-suggest-ags') || '';
    const base = form.getAttribute('data-service-base') || '';
    // The town's "not offered here" mark, in the page's language, for suggestions the town does not offer itself.
    const notOfferedLabel = form.getAttribute('data-not-offered') || '';
    const listId = `vorschlaege-${++uid}`;
    const list = document.createElement('ul');
    list.id = listId;
    list.className = 'aw-suggest';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', de ? 'Vorschläge' : 'Suggestions');
    list.hidden = true;
    row.appendChild(list);
    const status = document.createElement('p');
    status.className = 'aw-visually-hidden';
    status.setAttribute('role', 'status');
    row.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);

    let options = [];
    let active = -1;
    let controller;
    let timer;

    const close = () => {
      list.hidden = true;
      list.textContent = '';
      options = [];
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    };
    const highlight = (index) => {
      options.forEach((o, i) => {
        o.el.setAttribute('aria-selected', String(i === index));
      });
      active = index;
      if (index >= 0) {
        input.setAttribute('aria-activedescendant', options[index].el.id);
        options[index].el.scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    };
    const go = (option) => {
      window.location.href = base + encodeURIComponent(option.id);
    };
    const render = (items) => {
      // A late answer (for letters typed before the last) must not take away the option the reader moved to.
      const chosen = active >= 0 ? options[active]?.id : undefined;
      close();
      if (items.length === 0) {
        status.textContent = '';
        return;
      }
      items.forEach((item, i) => {
        const li = document.createElement('li');
        li.id = `${listId}-${i}`;
        li.className = 'aw-suggest__option';
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = item.name;
        if (item.notOffered && notOfferedLabel) {
          const mark = document.createElement('span');
          mark.className = 'aw-not-offered';
          mark.textContent = notOfferedLabel;
          li.appendChild(mark);
        }
        li.addEventListener('mousedown', (event) => event.preventDefault());
        li.addEventListener('click', () => go(item));
        list.appendChild(li);
        options.push({ el: li, id: item.id });
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      const again = options.findIndex((o) => o.id === chosen);
      if (again >= 0) highlight(again);
      status.textContent = de
        ? `${items.length} ${items.length === 1 ? 'Vorschlag' : 'Vorschläge'}, mit Pfeiltasten auswählen`
        : `${items.length} ${items.length === 1 ? 'suggestion' : 'suggestions'}, use the arrow keys`;
    };
    const fetchSuggestions = async () => {
      const q = input.value.trim();
      if (q.length < 2) return close();
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`/api/v1/suggest?q=${encodeURIComponent(q)}&ags=${encodeURIComponent(ags)}`, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
        });
        if (!response.ok) return close();
        const data = await response.json();
        const raw = Array.isArray(data) ? data : data.items || data.suggestions || [];
        const items = raw
          .map((s) => ({
            id: String(s.id || ''),
            name: String(s.name || s.label || s.title || ''),
            notOffered: s.notOffered === true,
          }))
          .filter((s) => s.id && s.name && /^[a-z0-9-]+$/.test(s.id))
          .slice(0, 8);
        if (document.activeElement === input) render(items);
      } catch {
        // Suggestions are a convenience: the form still submits to the results page.
      }
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' && options.length) {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === 'ArrowUp' && options.length) {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === 'Enter' && active >= 0) {
        event.preventDefault();
        go(options[active]);
      } else if (event.key === 'Escape' && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', () => setTimeout(close, 150));
  }
})();
