(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var experiments = data.experiments;
  var minimize = data.direction === 'minimize';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var PAGE_SIZE = 50;
  var STATE_KEY = 'autoresearch-report:' + data.tag;
  var COLORS = {
    keep: '#0a9e49', discard: '#8c959f', crash: '#d1242f', timeout: '#e16f24',
    checks_failed: '#8250df', invalid: '#9a6700'
  };
  var STATUSES = ['keep', 'discard', 'crash', 'timeout', 'checks_failed', 'invalid'];
  // Numbers can have gaps (an experiment withdrawn while lanes ran): look experiments up by number.
  var byNumber = {};
  experiments.forEach(function (e) { byNumber[e.n] = e; });

  // ---- small helpers -------------------------------------------------------------------------

  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }

  function fmt(v) {
    if (v === null || v === undefined) return '\u2013';
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e7 || a < 1e-4)) return v.toPrecision(4);
    return String(Number(v.toPrecision(6)));
  }

  function pct(c) {
    if (c === null || c === undefined) return '';
    // A change too small for one decimal gets two significant digits, so a real gain never reads as 0.
    var a = Math.abs(c);
    var decimals = a === 0 || a >= 0.05 ? 1 : Math.min(12, Math.ceil(-Math.log10(a)) + 1);
    return (c > 0 ? '+' : c < 0 ? '\u2212' : '\u00b1') + a.toFixed(decimals) + '%';
  }

  function better(c) {
    return c !== null && c !== undefined && (minimize ? c < 0 : c > 0);
  }

  function changeClass(c) {
    if (c === null || c === undefined || c === 0) return '';
    return better(c) ? 'good' : 'bad';
  }

  function duration(ms) {
    if (ms < 1000) return ms + 'ms';
    var s = ms / 1000;
    if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + 's';
    var m = Math.floor(s / 60);
    if (m < 60) return m + 'm' + String(Math.round(s % 60)).padStart(2, '0') + 's';
    return Math.floor(m / 60) + 'h' + String(m % 60).padStart(2, '0') + 'm';
  }

  function count(n) {
    if (n >= 1e6) return (n / 1e6).toFixed(1) + 'M';
    if (n >= 1e4) return Math.round(n / 1e3) + 'k';
    return String(n);
  }

  function bytes(n) {
    return n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KB' : (n / 1048576).toFixed(1) + ' MB';
  }

  function truncate(s, n) {
    return s.length <= n ? s : s.slice(0, n - 1) + '\u2026';
  }

  function firstLine(s) {
    var i = s.indexOf('\n');
    return i < 0 ? s : s.slice(0, i);
  }

  /** Ticks at round values across [lo, hi]. */
  function ticks(lo, hi, n) {
    var span = hi - lo;
    if (!(span > 0)) return [lo];
    var step = Math.pow(10, Math.floor(Math.log10(span / n)));
    var err = span / n / step;
    step *= err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1;
    var out = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
    return out;
  }

  var tip = document.getElementById('tip');

  function showTip(event, e) {
    tip.textContent = '';
    append(tip, el('b', {text: '#' + e.n + ' \u00b7 ' + e.status.replace('_', ' ')}));
    append(tip, ' ' + (e.metric === null ? 'no metric' : fmt(e.metric)) + (e.change !== null && e.change !== undefined ? ' (' + pct(e.change) + ')' : ''));
    append(tip, el('div', {text: e.title}));
    if (e.superseded) append(tip, el('div', {text: 'beat its parent; superseded by another lane\u2019s keep, not worse'}));
    if (data.headline.lanes > 1) append(tip, el('div', {text: 'lane ' + e.lane + ', ' + duration(e.duration)}));
    if (e.island) append(tip, el('div', {text: 'island ' + e.island}));
    tip.hidden = false;
    var x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = event.clientY + 16;
    if (y + tip.offsetHeight > window.innerHeight) y = event.clientY - tip.offsetHeight - 12;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }

  function hideTip() {
    tip.hidden = true;
  }

  function hoverable(node, e) {
    node.setAttribute('data-n', e.n);
    node.addEventListener('mousemove', function (ev) { showTip(ev, e); });
    node.addEventListener('mouseleave', hideTip);
    node.addEventListener('click', function () { reveal(e.n); });
  }

  // ---- header and headline -------------------------------------------------------------------

  function renderHeader() {
    document.getElementById('tag').textContent = data.tag;
    var meta = document.getElementById('meta');
    meta.textContent = 'updated ' + new Date(data.generatedAt).toLocaleString();
    if (location.protocol === 'http:' || location.protocol === 'https:') append(meta, el('span', {class: 'live', text: 'live'}));
  }

  function renderHeadline() {
    var h = data.headline;
    var box = document.getElementById('headline');
    append(box, el('div', {class: 'what'}, data.metric + ' \u00b7 ' + (minimize ? 'lower is better' : 'higher is better')));
    var values = el('div', {class: 'values'},
      el('span', {class: 'baseline', title: 'baseline'}, fmt(h.baseline)),
      el('span', {class: 'arrow'}, '\u2192'),
      el('span', {class: 'best', title: 'best'}, fmt(h.best)));
    if (h.change !== null && h.change !== undefined) {
      // The final gain with its interval (of the means of every run) when the session measured the noise.
      append(values, el('span', {class: 'change ' + changeClass(h.change)}, h.gain || pct(h.change)));
    }
    // Shown only when the session recorded the evidence for it; never estimated here.
    if (h.confidence) append(values, el('span', {class: 'confidence'}, 'confidence ' + h.confidence));
    append(box, values);
    var best = byNumber[h.bestExperiment];
    append(box, el('div', {class: 'sub'}, !best || best.n === 0
      ? 'No change has beaten the baseline yet.'
      : 'best: #' + best.n + ' \u201c' + best.title + '\u201d'));

    var stats = el('div', {class: 'stats'});
    function stat(value, label) { append(stats, el('div', {class: 'stat'}, el('b', {text: value}), el('span', {text: label}))); }
    stat(String(h.experiments), 'experiments');
    STATUSES.forEach(function (s) { if (h.counts[s]) stat(String(h.counts[s]), s.replace('_', ' ')); });
    if (h.lanes > 1) stat(h.elapsed, 'elapsed');
    stat(h.activeTime, h.lanes > 1 ? 'experiment time' : 'run time');
    if (h.tokens > 0) stat(count(h.tokens), 'model tokens');
    if (h.lanes > 1) stat(String(h.lanes), 'lanes');
    append(box, stats);
  }

  // ---- progress chart ------------------------------------------------------------------------

  /** A vertical range showing every best and the results near them; far worse ones sit on the edge. */
  function yDomain(measured) {
    var kept = measured.filter(function (e) { return e.status === 'keep'; }).map(function (e) { return e.metric; });
    var all = measured.map(function (e) { return e.metric; });
    var base = kept.length ? kept : all;
    var lo = Math.min.apply(null, base), hi = Math.max.apply(null, base);
    var span = hi - lo || Math.max(Math.abs(hi) * 0.05, 1e-9);
    all.forEach(function (v) {
      if (minimize ? v <= hi + span * 1.5 : v >= lo - span * 1.5) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    });
    var extent = Math.max(hi - lo, span);
    // Extra room on the side the labels run towards: up for lower-is-better, down otherwise.
    return minimize ? [lo - extent * 0.08, hi + extent * 0.25] : [lo - extent * 0.25, hi + extent * 0.08];
  }

  function renderChart() {
    var box = document.getElementById('chart');
    var measured = experiments.filter(function (e) { return e.metric !== null; });
    if (!measured.length) {
      append(box, el('p', {class: 'empty'}, 'No experiment has a metric yet.'));
      return;
    }
    // As wide as the page shows it, so that its text is drawn at its own size on a narrow window too
    // (a fixed 1000-unit drawing scaled to 760 px made every label three quarters of its size).
    var W = Math.max(480, Math.round(box.clientWidth || 1000)), H = 400, L = 74, R = 16, T = 16, B = 58;
    // x is the order recorded, as the command and results.tsv tell it (lanes finish out of order).
    var last = experiments[experiments.length - 1].seq;
    // The axis ends half a step after the last experiment; labels that would run past it turn back.
    var x0 = -0.5, x1 = Math.max(5, last) + 0.5;
    var dom = yDomain(measured);
    var sx = function (n) { return L + (n - x0) / (x1 - x0) * (W - L - R); };
    var sy = function (v) { return T + (1 - (v - dom[0]) / (dom[1] - dom[0])) * (H - T - B - 14); };
    var plotBottom = H - B - 14;
    var clamp = function (v) { return Math.min(dom[1], Math.max(dom[0], v)); };
    var clampBest = clamp;
    var dense = experiments.length > 200;
    var root = svg('svg', {viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'progress chart'});

    ticks(dom[0], dom[1], 6).forEach(function (t) {
      append(root, svg('line', {class: 'grid', x1: L, x2: W - R, y1: sy(t), y2: sy(t)}));
      append(root, svg('text', {x: L - 8, y: sy(t) + 4, 'text-anchor': 'end', text: fmt(t)}));
    });
    ticks(Math.max(0, x0), x1, 10).filter(function (t) { return t === Math.round(t); }).forEach(function (t) {
      append(root, svg('line', {class: 'grid', x1: sx(t), x2: sx(t), y1: T, y2: plotBottom}));
      append(root, svg('text', {x: sx(t), y: H - B + 16, 'text-anchor': 'middle', text: String(t)}));
    });
    append(root, svg('rect', {class: 'frame', x: L, y: T, width: W - L - R, height: H - T - B}));
    append(root, svg('text', {class: 'axis-title', x: (L + W - R) / 2, y: H - 12, 'text-anchor': 'middle',
      text: 'experiments, in the order recorded'}));
    append(root, svg('text', {class: 'axis-title', transform: 'translate(16 ' + (T + plotBottom) / 2 + ') rotate(-90)',
      'text-anchor': 'middle', text: data.metric + (minimize ? ' (lower is better)' : ' (higher is better)')}));

    // The running best as a step line: the champion once each experiment was recorded.
    var path = '', best = null;
    experiments.forEach(function (e) {
      if (e.best !== null && e.best !== undefined && e.best !== best) {
        path += best === null ? 'M' + sx(e.seq) + ' ' + sy(clampBest(e.best)) : ' H' + sx(e.seq) + ' V' + sy(clampBest(e.best));
        best = e.best;
      }
    });
    if (best !== null) path += ' H' + sx(last);
    append(root, svg('path', {d: path, fill: 'none', stroke: '#066b31', 'stroke-width': 2.2, class: 'best-line'}));

    var dots = svg('g', {class: 'dots'});
    var keptDots = svg('g', {class: 'dots kept'});
    experiments.forEach(function (e) {
      var node;
      if (e.metric === null) {
        var cx = sx(e.seq), cy = plotBottom + 7;
        node = svg('path', {class: 'pt nometric', d: 'M' + (cx - 4) + ' ' + (cy - 4) + 'l8 8m0 -8l-8 8',
          stroke: COLORS[e.status], 'stroke-width': 2});
        append(dots, node);
      } else if (e.status === 'keep') {
        node = svg('circle', {class: 'pt keep', cx: sx(e.seq), cy: sy(e.metric), r: dense ? 4.5 : 6.5, fill: COLORS.keep, stroke: '#fff', 'stroke-width': 1.5});
        append(keptDots, node);
      } else if (e.superseded) {
        // It beat the parent it was measured on; another lane's keep replaced that parent: not worse, superseded.
        node = svg('circle', {class: 'pt superseded', cx: sx(e.seq), cy: sy(clamp(e.metric)), r: dense ? 3.5 : 5.5,
          fill: '#fff', stroke: COLORS.keep, 'stroke-width': 2});
        append(keptDots, node);
      } else {
        var off = e.metric !== clamp(e.metric);
        node = svg('circle', {class: 'pt', cx: sx(e.seq), cy: sy(clamp(e.metric)), r: dense ? 2.5 : 4,
          fill: off ? '#fff' : COLORS[e.status], stroke: COLORS[e.status], 'stroke-width': off ? 1.5 : 0, 'fill-opacity': 0.8});
        append(dots, node);
      }
      hoverable(node, e);
    });
    append(root, dots);
    append(root, keptDots);

    // Labels for the kept changes, slanted away from the line: the largest gains first, and none
    // that would run over one already placed (parallel slanted lines overlap when they are closer
    // than a line's height across and their extents along the slant meet).
    var kept = experiments.filter(function (e) { return e.status === 'keep' && e.n > 0 && e.metric !== null; });
    var byGain = kept.slice().sort(function (a, b) { return Math.abs(b.change || 0) - Math.abs(a.change || 0); });
    var degrees = minimize ? -28 : 28;
    var rad = degrees * Math.PI / 180;
    var along = [Math.cos(rad), Math.sin(rad)], across = [-Math.sin(rad), Math.cos(rad)];
    var placed = [];
    byGain.forEach(function (e) {
      var label = {x: sx(e.seq) + 9, y: sy(e.metric) + (minimize ? -6 : 6), text: truncate(e.title, 40), anchor: 'start'};
      label.length = label.text.length * 6.4;
      if (label.x + label.length * along[0] > W - R) {
        // Written back from the dot, ending at it: the slant goes the other way, so its start is where it ends.
        label.anchor = 'end';
        label.x = sx(e.seq) - 9;
        label.y = sy(e.metric) + (minimize ? 6 : -6);
      }
      var start = label.anchor === 'end'
        ? {x: label.x - label.length * along[0], y: label.y - label.length * along[1]} : label;
      var clash = placed.some(function (p) {
        var dx = start.x - p.x, dy = start.y - p.y;
        var offset = dx * along[0] + dy * along[1];
        return Math.abs(dx * across[0] + dy * across[1]) < 14 && offset < p.length && -offset < label.length;
      });
      if (clash || placed.length >= (dense ? 15 : 30)) return;
      placed.push({x: start.x, y: start.y, length: label.length});
      append(root, svg('text', {class: 'label', x: label.x, y: label.y, 'text-anchor': label.anchor,
        transform: 'rotate(' + degrees + ' ' + label.x + ' ' + label.y + ')', text: label.text}));
    });
    append(box, root);
  }

  // ---- kept changes --------------------------------------------------------------------------

  function renderKept() {
    var box = document.getElementById('kept');
    var kept = experiments.filter(function (e) { return e.status === 'keep' && e.n > 0; });
    if (!kept.length) {
      append(box, el('p', {class: 'empty'}, 'No change beat the baseline: the branch is where it started.'));
      return;
    }
    var list = el('ol', {class: 'kept'});
    var baseline = data.headline.baseline;
    kept.forEach(function (e) {
      var total = baseline ? (e.metric - baseline) / Math.abs(baseline) * 100 : null;
      var li = el('li', {'data-n': e.n},
        el('span', {class: 'n'}, '#' + e.n),
        el('span', {class: 'title'}, e.title),
        el('span', {class: 'v'}, fmt(e.metric)),
        el('span', {class: 'v ' + changeClass(e.change)}, pct(e.change)),
        el('span', {class: 'total'}, total === null ? '' : pct(total) + ' vs baseline'));
      li.addEventListener('click', function () { reveal(e.n); });
      append(list, li);
    });
    append(box, list);
  }

  // ---- search --------------------------------------------------------------------------------

  /**
   * The tree of kept changes, for a search that left one hill: the lineage's line goes on along the
   * lineage, any other line to its latest node, and each node's other branches are
   * indented beneath it, each in a list of its own, so a long chain stays flat. With islands, a group
   * per island.
   */
  function renderSearch() {
    var s = data.search;
    if (!s) return;
    document.getElementById('search-card').hidden = false;
    var box = document.getElementById('search');
    var onLineage = {};
    s.lineage.forEach(function (n) { onLineage[n] = true; });
    var champion = s.lineage.length ? s.lineage[s.lineage.length - 1] : null;
    var shown = {}, below = {};
    s.nodes.forEach(function (n) { shown[n.n] = n; below[n.n] = []; });
    var roots = [];
    s.nodes.forEach(function (n) {
      if (n.parent !== undefined && shown[n.parent]) below[n.parent].push(n); else roots.push(n);
    });
    var leftOut = s.lineageLength - s.lineage.length;

    function line(n) {
      var li = el('li', {class: 'node' + (onLineage[n.n] ? ' lineage' : '') + (n.n === champion ? ' champion' : ''), 'data-n': n.n});
      var row = el('div', {class: 'line', title: n.n === champion ? 'the champion' : onLineage[n.n] ? 'on the champion\u2019s lineage' : ''},
        el('span', {class: 'mark'}, onLineage[n.n] ? '\u2605' : '\u2022'),
        el('span', {class: 'n'}, '#' + n.n),
        el('span', {class: 'title'}, n.title),
        n.status ? el('span', {class: 'badge ' + n.status}, n.status.replace('_', ' ')) : null,
        el('span', {class: 'v'}, fmt(n.metric)),
        el('span', {class: 'v ' + changeClass(n.change)}, pct(n.change)),
        el('span', {class: 'tried'}, n.leaves + ' tried from it'),
        n.hidden ? el('span', {class: 'more'}, 'and ' + n.hidden.toLocaleString('en') + ' more nodes below') : null);
      row.addEventListener('click', function () { reveal(n.n); });
      append(li, row);
      return li;
    }

    /** Appends the chain from {@code n} to {@code list}: the line goes on in line, side branches nest. */
    function chain(n, list, within) {
      while (n) {
        var li = line(n);
        append(list, li);
        var next = below[n.n].filter(within);
        // The lineage's line goes on only along the lineage (the champion's children branch off it); another line
        // goes on to its latest node.
        var main = onLineage[n.n] ? next.filter(function (c) { return onLineage[c.n]; })[0] : next[next.length - 1];
        var sides = next.filter(function (c) { return c !== main; });
        // Each side branch a list of its own, so that a line going on is never taken for a sibling.
        sides.forEach(function (c) {
          var nested = el('ul', {class: 'tree branch'});
          chain(c, nested, within);
          append(li, nested);
        });
        n = main;
      }
    }

    function tree(starts, within) {
      var list = el('ul', {class: 'tree'});
      starts.forEach(function (r) {
        if (r.parent !== undefined && !shown[r.parent] && leftOut && onLineage[r.n]) {
          append(list, el('li', {class: 'gap'}, '\u22ee ' + leftOut.toLocaleString('en') + ' nodes of the lineage left out'));
        }
        chain(r, list, within);
      });
      return list;
    }

    var all = function () { return true; };
    if (!s.islands.length) {
      append(box, tree(roots, all));
    } else {
      // The baseline alone, then each island's nodes: those whose parent is the baseline or another island start a line.
      append(box, tree(roots.filter(function (r) { return !r.island; }), function () { return false; }));
      s.islands.forEach(function (i) {
        var mine = function (c) { return c.island === i.island; };
        var starts = s.nodes.filter(function (n) { return mine(n) && !(shown[n.parent] && mine(shown[n.parent])); });
        var steps = i.steps.map(function (st) { return '#' + st.n + ' ' + fmt(st.metric); }).join(' \u2192 ');
        append(box, el('div', {class: 'island-group' + (i.champion === champion ? ' crowned' : ''), 'data-island': i.island},
          el('h3', null, el('span', null, 'island ' + i.island),
            el('span', {class: 'best'}, 'best ' + fmt(i.best) + ' (#' + i.champion + ')'),
            el('span', {class: 'where'}, i.experiments + ' experiments')),
          el('div', {class: 'steps'}, 'running best: ' + (i.stepsOmitted ? '\u2026 ' : '') + (steps || 'the baseline')),
          tree(starts, mine)));
      });
    }
    if (s.nodesTotal > s.nodes.length) {
      append(box, el('p', {class: 'hint'}, 'Showing ' + s.nodes.length + ' of ' + s.nodesTotal.toLocaleString('en')
        + ' nodes: the champion\u2019s lineage, the islands\u2019 champions and the best, with the nodes above them.'));
    }
  }

  // ---- lanes timeline ------------------------------------------------------------------------

  function renderTimeline() {
    if (data.headline.lanes < 2) return;
    document.getElementById('timeline-card').hidden = false;
    var runs = experiments.filter(function (e) { return e.n > 0; });
    if (!runs.length) return;
    var t0 = Math.min.apply(null, runs.map(function (e) { return e.start; }));
    var t1 = Math.max.apply(null, runs.map(function (e) { return e.start + e.duration; }));
    var span = Math.max(1, t1 - t0);
    var lanes = data.headline.lanes;
    var W = 1000, L = 70, R = 110, T = 8, ROW = 30, B = 28;
    var H = T + lanes * ROW + B;
    var sx = function (t) { return L + (t - t0) / span * (W - L - R); };
    var root = svg('svg', {viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'lanes timeline'});
    // Ticks in the unit that suits the session's length.
    var unit = span < 120000 ? [1000, 's'] : span < 3 * 3600000 ? [60000, ' min'] : [3600000, ' h'];
    ticks(0, span / unit[0], 8).forEach(function (m) {
      var x = sx(t0 + m * unit[0]);
      append(root, svg('line', {class: 'grid', x1: x, x2: x, y1: T, y2: T + lanes * ROW}));
      append(root, svg('text', {x: x, y: H - 8, 'text-anchor': 'middle', text: m + unit[1]}));
    });
    for (var lane = 1; lane <= lanes; lane++) {
      var y = T + (lane - 1) * ROW;
      var mine = runs.filter(function (e) { return e.lane === lane; });
      var busy = mine.reduce(function (s, e) { return s + e.duration; }, 0);
      append(root, svg('rect', {x: L, y: y + 3, width: W - L - R, height: ROW - 6, fill: '#f6f8fa'}));
      append(root, svg('text', {x: L - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end', text: 'lane ' + lane}));
      append(root, svg('text', {x: W - R + 8, y: y + ROW / 2 + 4, text: Math.round(busy / span * 100) + '% busy'}));
      mine.forEach(function (e) {
        var bar = svg('rect', {class: 'pt bar', x: sx(e.start), y: y + 5, width: Math.max(1.5, sx(e.start + e.duration) - sx(e.start)),
          height: ROW - 10, rx: 2, fill: COLORS[e.status]});
        hoverable(bar, e);
        append(root, bar);
      });
    }
    append(document.getElementById('timeline'), root);
  }

  // ---- table of experiments ------------------------------------------------------------------

  var view = {filter: 'all', key: 'n', desc: false, page: 0, open: []};
  var hasIslands = !!(data.search && data.search.islands.length);

  function rows() {
    // A status filter lists experiments after the baseline, as the headline counts them; 'all' has the baseline too.
    var list = experiments.filter(function (e) { return view.filter === 'all' || (e.n > 0 && e.status === view.filter); });
    var key = view.key;
    list.sort(function (a, b) {
      var x = a[key], y = b[key];
      var c;
      if (x === null || x === undefined) c = (y === null || y === undefined) ? 0 : 1;
      else if (y === null || y === undefined) c = -1;
      else c = typeof x === 'string' ? x.localeCompare(y) : x - y;
      if (x !== null && x !== undefined && y !== null && y !== undefined && view.desc) c = -c;
      return c || a.n - b.n;
    });
    return list;
  }

  function renderFilters() {
    var box = document.getElementById('filters');
    box.textContent = '';
    var options = [['all', experiments.length]];
    STATUSES.forEach(function (s) {
      var c = experiments.filter(function (e) { return e.n > 0 && e.status === s; }).length;
      if (c) options.push([s, c]);
    });
    options.forEach(function (o) {
      var b = el('button', {type: 'button', 'data-status': o[0], class: view.filter === o[0] ? 'on' : null},
        o[0].replace('_', ' ') + ' (' + o[1] + ')');
      b.addEventListener('click', function () { view.filter = o[0]; view.page = 0; renderTable(); });
      append(box, b);
    });
  }

  function renderTable() {
    renderFilters();
    document.querySelectorAll('#experiments th').forEach(function (th) {
      th.className = (th.classList.contains('num') ? 'num ' : '') + (th.dataset.key === view.key ? 'sorted' + (view.desc ? ' desc' : '') : '');
    });
    var list = rows();
    var pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
    view.page = Math.min(view.page, pages - 1);
    var body = document.querySelector('#experiments tbody');
    body.textContent = '';
    list.slice(view.page * PAGE_SIZE, (view.page + 1) * PAGE_SIZE).forEach(function (e) {
      var tr = el('tr', {class: 'row' + (e.n === data.headline.bestExperiment ? ' best' : ''), 'data-n': e.n},
        el('td', {class: 'num'}, String(e.n)),
        el('td', {class: 'num'}, String(e.lane)),
        hasIslands ? el('td', {class: 'num'}, e.island ? String(e.island) : '') : null,
        el('td', null, el('span', {class: 'badge ' + e.status}, e.status.replace('_', ' ')),
          e.superseded ? el('span', {class: 'superseded', title: 'beat its parent; superseded by another lane\u2019s keep'}, ' superseded') : null),
        el('td', {class: 'num'}, fmt(e.metric)),
        el('td', {class: 'num ' + changeClass(e.change)}, pct(e.change)),
        el('td', {class: 'num'}, duration(e.duration)),
        el('td', {class: 'num'}, e.tokens ? count(e.tokens) : ''),
        el('td', {class: 'title'}, e.title),
        el('td', {class: 'reason', title: e.reason || ''}, truncate(firstLine(e.reason || ''), 90)));
      tr.addEventListener('click', function () { toggle(e.n); });
      append(body, tr);
      if (view.open.indexOf(e.n) >= 0) {
        tr.classList.add('open');
        append(body, detail(e));
      }
    });
    renderPager(list.length, pages);
  }

  // A long session's page keeps under its size limit by leaving rows out: say how many, and where they are.
  function renderOmitted() {
    if (!data.rowsOmitted) return;
    var note = document.getElementById('rows-omitted');
    note.textContent = data.rowsOmitted + ' of ' + (data.headline.experiments + 1) + ' experiments are '
      + 'left out of this page to keep it small (shown: the baseline, the kept ones, the first and the latest); '
      + 'every one is in results.tsv and journal.jsonl.';
    note.hidden = false;
  }

  function renderPager(total, pages) {
    var box = document.getElementById('pager');
    box.textContent = '';
    var prev = el('button', {type: 'button', disabled: view.page === 0 ? 'disabled' : null}, '\u2190 previous');
    var next = el('button', {type: 'button', disabled: view.page >= pages - 1 ? 'disabled' : null}, 'next \u2192');
    prev.addEventListener('click', function () { view.page--; renderTable(); });
    next.addEventListener('click', function () { view.page++; renderTable(); });
    var from = total ? view.page * PAGE_SIZE + 1 : 0;
    append(box, prev);
    append(box, el('span', null, from + '\u2013' + Math.min(total, (view.page + 1) * PAGE_SIZE) + ' of ' + total
      + ' \u00b7 page ' + (view.page + 1) + ' of ' + pages));
    append(box, next);
  }

  function toggle(n) {
    var i = view.open.indexOf(n);
    if (i >= 0) view.open.splice(i, 1); else view.open.push(n);
    renderTable();
  }

  /** Shows experiment n in the table, opened, whatever the filter and page. */
  function reveal(n) {
    view.filter = 'all';
    view.key = 'n';
    view.desc = false;
    var index = rows().findIndex(function (e) { return e.n === n; });
    view.page = Math.floor(Math.max(0, index) / PAGE_SIZE);
    if (view.open.indexOf(n) < 0) view.open.push(n);
    renderTable();
    var row = document.querySelector('#experiments tr.row[data-n="' + n + '"]');
    if (row) row.scrollIntoView({block: 'center', behavior: 'smooth'});
  }

  function detail(e) {
    var cell = el('td', {colspan: hasIslands ? 10 : 9});
    if (e.rationale) append(cell, el('div', {class: 'why'}, el('b', null, 'why: '), e.rationale));
    if (e.reason) append(cell, el('div', {class: 'why'}, el('b', null, e.status === 'keep' ? 'note: ' : 'outcome: '), e.reason));
    append(cell, el('div', {class: 'why'}, el('b', null, 'commit: '), e.commit + '  \u00b7  strategy: ' + e.strategy
      + '  \u00b7  started ' + new Date(e.start).toLocaleString()));
    if (e.omitted) {
      append(cell, el('p', {class: 'cut'}, 'Diff and log not embedded, to keep this page small: see ' + e.diffFile
        + ' and ' + e.logFile + ' in the session folder.'));
    } else {
      if (e.n > 0) append(cell, folded('diff', 'diff', e.diff, e.diffFile, 'the first', true));
      append(cell, folded('log', 'log tail', e.log, e.logFile, 'the last', false));
    }
    return el('tr', {class: 'detail', 'data-n': e.n}, cell);
  }

  /** A folded block whose text is inflated when it is first opened. */
  function folded(kind, name, text, file, part, coloured) {
    var note = !text ? ' (none recorded)' : ' (' + file + ', ' + bytes(text.size) + ')';
    var box = el('details', {class: kind}, el('summary', null, name, el('span', {class: 'note'}, note)));
    if (!text) return box;
    var loaded = false;
    box.addEventListener('toggle', function () {
      if (!box.open || loaded) return;
      loaded = true;
      inflate(text.gz).then(function (s) {
        var pre = el('pre', {class: 'text'});
        s.replace(/\n$/, '').split('\n').forEach(function (line) {
          append(pre, el('span', {class: coloured ? diffClass(line) : null}, line || ' '));
        });
        append(box, pre);
        if (text.shown < text.size) {
          append(box, el('p', {class: 'cut'}, 'Cut: showing ' + part + ' ' + bytes(text.shown) + ' of ' + bytes(text.size)
            + '; the whole file is ' + file + ' in the session folder.'));
        }
      }, function (err) {
        append(box, el('p', {class: 'cut'}, 'This browser cannot unpack the text (' + err + '); see ' + file + '.'));
      });
    });
    return box;
  }

  function diffClass(line) {
    if (line.indexOf('diff --git') === 0) return 'file';
    if (line.indexOf('+++') === 0 || line.indexOf('---') === 0 || line.indexOf('index ') === 0) return 'meta';
    if (line.indexOf('@@') === 0) return 'hunk';
    if (line[0] === '+') return 'add';
    if (line[0] === '-') return 'del';
    return null;
  }

  function inflate(b64) {
    var raw = atob(b64);
    var buf = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) buf[i] = raw.charCodeAt(i);
    var stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }

  function wireSorting() {
    document.querySelector('#experiments th[data-key="island"]').hidden = !hasIslands;
    document.querySelectorAll('#experiments th').forEach(function (th) {
      th.addEventListener('click', function () {
        if (view.key === th.dataset.key) view.desc = !view.desc;
        else { view.key = th.dataset.key; view.desc = false; }
        view.page = 0;
        renderTable();
      });
    });
  }

  // ---- live reload when served ---------------------------------------------------------------

  /** Before a live reload: what the user had open, sorted and scrolled to, so the new page shows the same. */
  function saveState() {
    try {
      sessionStorage.setItem(STATE_KEY, JSON.stringify({view: view, scroll: window.scrollY}));
    } catch (ignored) { /* storage off: the reloaded page starts afresh */ }
  }

  function restoreState() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STATE_KEY) || 'null');
      sessionStorage.removeItem(STATE_KEY);
      if (saved && saved.view) view = saved.view;
      return saved ? saved.scroll : 0;
    } catch (ignored) {
      return 0;
    }
  }

  /** Served over HTTP (autoresearch serve), the page asks for the journal's version and reloads when it changes. */
  function watch() {
    if (location.protocol !== 'http:' && location.protocol !== 'https:') return;
    setInterval(function () {
      fetch('version', {cache: 'no-store'}).then(function (r) { return r.ok ? r.text() : data.version; })
        .then(function (v) {
          if (v.trim() !== data.version) {
            saveState();
            location.reload();
          }
        }, function () { /* the server is gone for now; try again */ });
    }, 2000);
  }

  var scroll = restoreState();
  renderHeader();
  renderHeadline();
  renderChart();
  renderKept();
  renderSearch();
  renderTimeline();
  renderOmitted();
  wireSorting();
  renderTable();
  if (scroll) window.scrollTo(0, scroll);
  watch();
  document.documentElement.setAttribute('data-ready', 'true');
})();
