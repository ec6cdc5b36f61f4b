// annex-audit's page: uploads each file to POST /api/audit and draws the JSON report it gets
// back. Every figure, finding and message comes from the server (the CLI's own audit); this
// script only lays them out.
'use strict';

const WORDS = {
  zh: {
    title: '附件审核',
    drop: '把 Word 附件（.docx）拖到这里',
    pick: '选择文件…',
    hint: '可一次选择多个文件。文件只在本机处理，结果保留一小时。',
    files: '文件',
    other: 'English',
    pending: '正在审核…',
    failed: '无法审核',
    colon: '：',
    workbook: '下载核对表（.xlsx）',
    json: '下载 JSON',
    findings: '发现的问题',
    none: '没有发现问题',
    noneShown: '没有符合筛选条件的问题',
    all: '全部检查',
    check: '检查项',
    table: '表',
    row: '第{n}行',
    rows: '{n} 行',
    skipped: '跳过的表',
    relations: '表间关系',
    noTables: '文档中没有可核对的评分表',
    severity: { critical: '严重', error: '错误', warning: '警告', notice: '提示' },
    checks: {
      total: '总分', range: '满分范围', weights: '表头权重', rule: '计分规则', rank: '排名',
      cell: '单元格', duplicate: '重复', precision: '小数位数', revision: '未接受修订', hidden: '隐藏内容',
    },
    show: '显示',
    expected: '应为',
    published: '发布值',
    cellOf: '核对表单元格 {cell}',
    network: '无法连接审核服务：',
  },
  en: {
    title: 'annex audit',
    drop: 'Drop Word annexes (.docx) here',
    pick: 'Choose files…',
    hint: 'Several files at once. Files stay on this computer; results are kept for an hour.',
    files: 'Files',
    other: '中文',
    pending: 'Auditing…',
    failed: 'Cannot audit',
    colon: ': ',
    workbook: 'Download workbook (.xlsx)',
    json: 'Download JSON',
    findings: 'Findings',
    none: 'No findings',
    noneShown: 'No finding matches the filters',
    all: 'All checks',
    check: 'Check',
    table: 'Table',
    row: 'row {n}',
    rows: '{n} rows',
    skipped: 'Skipped tables',
    relations: 'Relations between tables',
    noTables: 'The document holds no score table to check',
    severity: { critical: 'critical', error: 'error', warning: 'warning', notice: 'notice' },
    checks: {
      total: 'total', range: 'range', weights: 'header weights', rule: 'rule', rank: 'rank',
      cell: 'cell', duplicate: 'duplicate', precision: 'precision', revision: 'revision', hidden: 'hidden',
    },
    show: 'Show',
    expected: 'expected',
    published: 'published',
    cellOf: 'workbook cell {cell}',
    network: 'Cannot reach the audit server: ',
  },
};
const SEVERITIES = ['critical', 'error', 'warning', 'notice'];

const state = {
  lang: pickLang(),
  files: [], // {key, name, status: 'pending'|'done'|'failed', report, view, id, error}
  selected: null,
  filter: { severities: new Set(SEVERITIES), check: '' },
};
let nextKey = 1;

function pickLang() {
  const stored = (() => { try { return localStorage.getItem('annex-audit-lang'); } catch { return null; } })();
  if (stored === 'zh' || stored === 'en') return stored;
  return document.documentElement.dataset.lang === 'zh' ? 'zh' : 'en';
}

function w() { return WORDS[state.lang]; }
function fill(text, values) { return text.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? '')); }

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// ---- static words and language switch ---------------------------------------------------

function applyWords() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = w()[node.dataset.t];
  const sw = document.getElementById('lang-switch');
  sw.textContent = w().other;
  sw.setAttribute('lang', state.lang === 'zh' ? 'en' : 'zh-CN');
  document.title = `annex-audit · ${w().title}`;
}

function switchLang() {
  state.lang = state.lang === 'zh' ? 'en' : 'zh';
  try { localStorage.setItem('annex-audit-lang', state.lang); } catch { /* private mode */ }
  applyWords();
  renderList();
  renderDetail();
}

// ---- uploads ----------------------------------------------------------------------------

function addFiles(fileList) {
  const added = [];
  for (const file of fileList) {
    const entry = { key: nextKey++, name: file.name, status: 'pending' };
    state.files.push(entry);
    added.push([entry, file]);
  }
  if (!added.length) return;
  if (state.selected === null) state.selected = added[0][0].key;
  renderList();
  renderDetail();
  for (const [entry, file] of added) upload(entry, file);
}

async function upload(entry, file) {
  const form = new FormData();
  form.append('lang', state.lang);
  form.append('file', file, file.name);
  try {
    const response = await fetch('/api/audit', { method: 'POST', body: form });
    const body = await response.json();
    if (!response.ok) {
      entry.status = 'failed';
      entry.error = body.error || response.statusText;
    } else {
      entry.id = response.headers.get('x-audit-id');
      const view = await fetch(`/api/view/${entry.id}`);
      entry.view = view.ok ? await view.json() : { tables: [], places: [] };
      entry.report = body;
      entry.status = 'done';
    }
  } catch (e) {
    entry.status = 'failed';
    entry.error = w().network + e.message;
  }
  renderListItem(entry);
  if (state.selected === entry.key) renderDetail();
}

// ---- the file list: one line per file, its height fixed ---------------------------------

function coverage(summary) {
  const s = summary;
  // Audited as the command line counts them: score and structured (budget) tables alike; the
  // rows are the score tables', so a document of budget tables only shows none.
  const audited = s.score_tables + (s.structured_tables || 0);
  const rowsShown = s.score_tables > 0 || !s.structured_tables;
  if (state.lang === 'zh') {
    const rows = rowsShown ? ` · ${s.rows} 行` : '';
    // What the totals are: a score table's 总分, a budget table's 合计 (as the command line says).
    const totals = s.score_tables > 0 ? (s.structured_tables ? '总分与合计' : '总分') : (s.structured_tables ? '合计' : '总分');
    return `${s.tables} 张表（审核 ${audited}）${rows} · 核对${totals} ${s.totals_checked}：一致 ${s.consistent}，不一致 ${s.inconsistent}`;
  }
  const rows = rowsShown ? ` · ${s.rows} rows` : '';
  return `${s.tables} tables (${audited} audited)${rows} · ${s.totals_checked} totals checked: ${s.consistent} consistent, ${s.inconsistent} inconsistent`;
}

function counts(summary) {
  return el('span', { class: 'counts' }, SEVERITIES.map((sev) =>
    el('span', { class: `count sev-${sev}${summary[sev] ? '' : ' zero'}`, title: w().severity[sev] },
      el('span', { class: 'dot', 'aria-hidden': 'true' }), `${w().severity[sev]} ${summary[sev]}`)));
}

function renderList() {
  const section = document.getElementById('files');
  section.hidden = state.files.length === 0;
  document.getElementById('drop').classList.toggle('initial', state.files.length === 0);
  const list = document.getElementById('file-list');
  list.replaceChildren(...state.files.map(listItem));
}

function renderListItem(entry) {
  const old = document.querySelector(`#file-list [data-key="${entry.key}"]`);
  if (old) old.replaceWith(listItem(entry));
}

function listItem(entry) {
  let status;
  if (entry.status === 'pending') status = el('span', { class: 'status pending' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), w().pending);
  else if (entry.status === 'failed') status = el('span', { class: 'status failed', title: entry.error }, `${w().failed}${w().colon}${entry.error}`);
  else status = el('span', { class: 'status done' }, counts(entry.report.summary), el('span', { class: 'coverage' }, coverage(entry.report.summary)));
  const selected = state.selected === entry.key;
  return el('li', { dataset: { key: String(entry.key) }, class: selected ? 'selected' : '' },
    el('button', {
      type: 'button', class: 'file-button', 'aria-current': selected ? 'true' : null,
      onclick: () => { state.selected = entry.key; renderList(); renderDetail(); },
    }, el('span', { class: 'file-name', text: entry.name }), status));
}

// ---- the selected file ------------------------------------------------------------------

function renderDetail() {
  const detail = document.getElementById('detail');
  const entry = state.files.find((f) => f.key === state.selected);
  detail.hidden = !entry;
  if (!entry) return;
  if (entry.status === 'pending') {
    detail.replaceChildren(el('div', { class: 'placeholder' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), `${entry.name} · ${w().pending}`));
    return;
  }
  if (entry.status === 'failed') {
    detail.replaceChildren(el('div', { class: 'error-box', role: 'alert' },
      el('h2', { text: entry.name }), el('p', { text: entry.error })));
    return;
  }
  const report = entry.report;
  const head = el('div', { class: 'detail-head' },
    el('div', {},
      el('h2', { text: report.file.title || entry.name }),
      el('p', { class: 'meta' }, entry.name, ' · ', coverage(report.summary), ' · ', counts(report.summary))),
    el('div', { class: 'downloads' },
      el('a', { class: 'button primary', href: `/api/workbook/${entry.id}`, download: '' , id: 'download-workbook' }, w().workbook),
      el('a', { class: 'button', href: `/api/report/${entry.id}`, download: '', id: 'download-json' }, w().json)));
  const tables = el('div', { class: 'tables' }, renderTables(entry));
  const findings = renderFindings(entry);
  detail.replaceChildren(head, el('div', { class: 'columns' }, tables, findings));
}

function findingsByCell(entry) {
  const map = new Map();
  const places = entry.view.places || [];
  entry.report.findings.forEach((f, i) => {
    const p = places[i];
    if (!p || p.row === null || p.column === null) return;
    const key = `${p.table}:${p.row}:${p.column}`;
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(i);
  });
  return map;
}

function worst(indexes, findings) {
  return SEVERITIES.find((s) => indexes.some((i) => findings[i].severity === s));
}

function renderTables(entry) {
  const report = entry.report;
  const published = new Map((entry.view.tables || []).map((t) => [t.table, t]));
  const byCell = findingsByCell(entry);
  const out = [];
  const isAudited = (t) => t.kind === 'score' || t.kind === 'structured';
  const audited = report.tables.filter(isAudited);
  if (!audited.length) out.push(el('p', { class: 'empty', text: w().noTables }));
  for (const t of audited) {
    const tableFindings = report.findings.filter((f) => f.table === t.table);
    const section = el('section', { class: 'audited', id: `table-${entry.key}-${t.table}` },
      el('h3', {}, el('span', { class: 'table-no', text: `${w().table} ${t.table}` }), ' ', t.title || t.sheet || ''),
      el('p', { class: 'rule' }, fill(w().rows, { n: t.rows }), t.rule ? ` · ${t.rule}` : '',
        tableFindings.length ? ' · ' : '', tableFindings.length ? counts(countOf(tableFindings)) : ''));
    if (t.note) section.append(el('p', { class: 'note', text: t.note }));
    const grid = published.get(t.table);
    if (grid) section.append(el('div', { class: 'scroll' }, publishedTable(entry, t, grid, byCell)));
    if (Array.isArray(t.relations) && t.relations.length) section.append(renderRelations(t.relations));
    out.push(section);
  }
  const skipped = report.tables.filter((t) => !isAudited(t));
  if (skipped.length) {
    out.push(el('section', { class: 'skipped' },
      el('h3', { text: w().skipped }),
      el('ul', {}, skipped.map((t) => el('li', {},
        el('span', { class: 'table-no', text: `${w().table} ${t.table}` }), ' ', t.title || '', ' — ', el('span', { class: 'reason', text: t.reason_text || t.reason || t.kind }))))));
  }
  return out;
}

function countOf(findings) {
  const c = { critical: 0, error: 0, warning: 0, notice: 0 };
  for (const f of findings) c[f.severity] += 1;
  return c;
}

// The report may carry, per table, the arithmetic relations between its cells: each shown by
// its rule in the page's language (a {zh, en} pair or plain text) and its outcome.
function renderRelations(relations) {
  const words = (v) => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') return v[state.lang] || v.zh || v.en || '';
    return '';
  };
  const text = (r) => {
    if (typeof r !== 'object' || r === null) return String(r);
    const rule = words(r.rule) || words(r.message) || words(r.description) || r.id || '';
    const outcome = (r.result && (r.result.kind || r.result)) || r.status || '';
    return [rule, typeof outcome === 'string' ? outcome : ''].filter(Boolean).join(' — ');
  };
  return el('div', { class: 'relations' }, el('h4', { text: w().relations }), el('ul', {}, relations.map((r) => el('li', { text: text(r) }))));
}

function publishedTable(entry, t, grid, byCell) {
  const findings = entry.report.findings;
  const headerRows = t.header_rows || 0;
  const thead = el('thead');
  const tbody = el('tbody');
  grid.rows.forEach((cells, r) => {
    const header = r < headerRows;
    // Rows that are not data (a text or summary row) say why when hovered.
    const skip = (t.skipped_rows || []).find((s) => s.table_row === r + 1);
    const tr = el('tr', skip ? { class: 'not-data', title: skip.reason } : {});
    for (const c of cells) {
      const attrs = {
        colspan: c.colspan > 1 ? String(c.colspan) : null,
        rowspan: c.rowspan > 1 ? String(c.rowspan) : null,
        dataset: { row: String(r), col: String(c.column) },
      };
      // A finding on any logical column this cell covers is this cell's.
      let here = [];
      for (let col = c.column; col < c.column + c.colspan; col += 1) {
        here = here.concat(byCell.get(`${t.table}:${r}:${col}`) || []);
      }
      const cell = el(header ? 'th' : 'td', attrs, c.text);
      if (here.length) {
        const sev = worst(here, findings);
        cell.classList.add('flagged', `sev-${sev}`);
        cell.tabIndex = 0;
        cell.dataset.findings = here.join(',');
        cell.id = `cell-${entry.key}-${t.table}-${r}-${c.column}`;
        cell.setAttribute('aria-describedby', 'tip');
        cell.setAttribute('aria-label', `${c.text} — ${here.map((i) => `${w().severity[findings[i].severity]}: ${findings[i].message}`).join('；')}`);
      }
      tr.append(cell);
    }
    (header ? thead : tbody).append(tr);
  });
  const table = el('table', { class: 'published' }, thead, tbody);
  table.addEventListener('mouseover', (e) => showTip(entry, e.target.closest('.flagged')));
  table.addEventListener('mouseout', (e) => { if (!e.relatedTarget || !e.relatedTarget.closest || e.relatedTarget.closest('.flagged') !== e.target.closest('.flagged')) hideTip(); });
  table.addEventListener('focusin', (e) => showTip(entry, e.target.closest('.flagged')));
  table.addEventListener('focusout', hideTip);
  return table;
}

// ---- the tooltip of a flagged cell ------------------------------------------------------

function showTip(entry, cell) {
  const tip = document.getElementById('tip');
  if (!cell) { hideTip(); return; }
  const findings = entry.report.findings;
  const items = cell.dataset.findings.split(',').map(Number).map((i) => findings[i]);
  tip.replaceChildren(...items.map((f) => el('div', { class: 'tip-item' },
    el('span', { class: `badge sev-${f.severity}`, text: w().severity[f.severity] }), ' ',
    el('span', { class: 'check', text: w().checks[f.check] || f.check }),
    el('p', { text: f.message }),
    f.explanation ? el('p', { class: 'explanation', text: `→ ${f.explanation}` }) : null)));
  tip.hidden = false;
  const box = cell.getBoundingClientRect();
  const width = Math.min(420, window.innerWidth - 16);
  tip.style.width = `${width}px`;
  const left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
  const below = box.bottom + 6;
  const height = tip.offsetHeight;
  const top = below + height > window.innerHeight - 8 ? Math.max(8, box.top - height - 6) : below;
  tip.style.left = `${left}px`;
  tip.style.top = `${top}px`;
}

function hideTip() { document.getElementById('tip').hidden = true; }

// ---- the findings list ------------------------------------------------------------------

function renderFindings(entry) {
  const findings = entry.report.findings;
  const places = entry.view.places || [];
  const panel = el('aside', { class: 'findings', 'aria-labelledby': 'findings-title' });
  const title = el('h3', { id: 'findings-title' }, w().findings, ' ', el('span', { class: 'total', text: String(findings.length) }));
  const checks = [...new Set(findings.map((f) => f.check))];
  const filters = el('div', { class: 'filters', role: 'group', 'aria-label': w().show },
    SEVERITIES.map((sev) => {
      const n = findings.filter((f) => f.severity === sev).length;
      return el('label', { class: `filter sev-${sev}` },
        el('input', {
          type: 'checkbox', checked: state.filter.severities.has(sev), disabled: n === 0,
          onchange: (e) => { if (e.target.checked) state.filter.severities.add(sev); else state.filter.severities.delete(sev); drawList(); },
        }), ` ${w().severity[sev]} ${n}`);
    }),
    el('label', { class: 'filter-check' }, el('span', { class: 'visually-hidden', text: w().check }),
      el('select', { onchange: (e) => { state.filter.check = e.target.value; drawList(); } },
        el('option', { value: '', text: w().all }),
        checks.map((c) => el('option', { value: c, selected: state.filter.check === c, text: w().checks[c] || c })))));
  const list = el('ol', { class: 'finding-list' });
  // Most severe first, as the report orders them (severity, table, row, column).
  const order = findings.map((f, i) => i).sort((a, b) =>
    SEVERITIES.indexOf(findings[a].severity) - SEVERITIES.indexOf(findings[b].severity) || a - b);
  function drawList() {
    const shown = order.filter((i) => state.filter.severities.has(findings[i].severity)
      && (!state.filter.check || findings[i].check === state.filter.check));
    if (!findings.length) { list.replaceChildren(el('li', { class: 'empty', text: w().none })); return; }
    if (!shown.length) { list.replaceChildren(el('li', { class: 'empty', text: w().noneShown })); return; }
    list.replaceChildren(...shown.map((i) => findingItem(entry, findings[i], places[i])));
  }
  drawList();
  panel.append(title, filters, list);
  return panel;
}

function findingItem(entry, f, place) {
  const where = [`${w().table} ${f.table}`];
  if (f.row !== null && f.row !== undefined) where.push(fill(w().row, { n: f.row }));
  if (f.name) where.push(f.name);
  if (f.column) where.push(f.column);
  return el('li', { class: `finding sev-${f.severity}` },
    el('button', {
      type: 'button', class: 'finding-button',
      onclick: () => goTo(entry, f, place),
    },
    el('span', { class: 'finding-head' },
      el('span', { class: `badge sev-${f.severity}`, text: w().severity[f.severity] }),
      el('span', { class: 'check', text: w().checks[f.check] || f.check }),
      el('span', { class: 'where', text: where.join(' · ') })),
    el('span', { class: 'message', text: f.message }),
    f.explanation ? el('span', { class: 'explanation', text: `→ ${f.explanation}` }) : null,
    f.cell ? el('span', { class: 'cellref', text: fill(w().cellOf, { cell: f.cell }) }) : null));
}

function findCell(entry, place) {
  const table = document.getElementById(`table-${entry.key}-${place.table}`);
  if (!table) return null;
  for (const cell of table.querySelectorAll('.flagged')) {
    const r = Number(cell.dataset.row);
    const c = Number(cell.dataset.col);
    const span = Number(cell.getAttribute('colspan') || 1);
    if (r === place.row && place.column >= c && place.column < c + span) return cell;
  }
  return null;
}

function goTo(entry, f, place) {
  const cell = place && place.row !== null && place.column !== null ? findCell(entry, place) : null;
  const target = cell || document.getElementById(`table-${entry.key}-${f.table}`);
  if (!target) return;
  target.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
  if (cell) {
    cell.focus({ preventScroll: true });
    cell.classList.remove('pulse');
    void cell.offsetWidth;
    cell.classList.add('pulse');
  }
}

// ---- start ------------------------------------------------------------------------------

function start() {
  applyWords();
  document.getElementById('lang-switch').addEventListener('click', switchLang);
  const picker = document.getElementById('picker');
  picker.addEventListener('change', () => { addFiles(picker.files); picker.value = ''; });
  const drop = document.getElementById('drop');
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); });
  }
  for (const type of ['dragleave', 'drop']) {
    drop.addEventListener(type, () => drop.classList.remove('over'));
  }
  drop.addEventListener('drop', (e) => { e.preventDefault(); addFiles(e.dataTransfer.files); });
  // A file dropped beside the zone must not make the browser leave the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  window.addEventListener('scroll', hideTip, { passive: true });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') hideTip(); });
}

start();
