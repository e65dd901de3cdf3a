// Renders each figure interactively with vega-embed from the spec its generated script set in
// window.REPRO_FIGURES (loaded with <script src>, which works from file://, unlike fetch). The
// static SVG stays visible until the live chart has drawn, and remains if anything fails.
// Each chart is fitted to its box: widths from the box, small multiples re-flowed into as many
// columns as fit, subtitle lines re-wrapped, and on a narrow screen the legends go below the plot.
// The chart is measured after drawing and redrawn once or twice if it still misses the box.
(function () {
  'use strict';
  var specs = window.REPRO_FIGURES || {};
  var NARROW = 640; // below this box width, legends go under the chart
  var GAP = 20; // Vega-Lite's spacing between small multiples
  var canvas = document.createElement('canvas').getContext('2d');

  function clone(x) {
    return JSON.parse(JSON.stringify(x));
  }

  function textWidth(text, size, font) {
    canvas.font = size + 'px ' + font;
    return canvas.measureText(text).width;
  }

  // Splits "a ∈ {x, y} (colour), b = 1" at the commas between parts, never inside braces or parentheses.
  function parts(line) {
    var out = [],
      depth = 0,
      start = 0;
    for (var i = 0; i < line.length; i++) {
      var c = line[i];
      if (c === '{' || c === '(') depth++;
      else if (c === '}' || c === ')') depth--;
      else if (c === ',' && depth === 0 && line[i + 1] === ' ') {
        out.push(line.slice(start, i));
        start = i + 2;
      }
    }
    out.push(line.slice(start));
    return out;
  }

  // Greedy wrap of pieces joined by `sep` into lines of at most `width` pixels.
  function fill(pieces, sep, width, size, font) {
    var lines = [],
      current = '';
    pieces.forEach(function (p) {
      var next = current ? current + sep + p : p;
      if (current && textWidth(next, size, font) > width) {
        lines.push(current + sep.trimEnd());
        current = p;
      } else current = next;
    });
    lines.push(current);
    return lines;
  }

  // Subtitle lines re-wrapped to `width` pixels: at the commas between parts, and a part too long
  // for a line of its own between words.
  function wrap(lines, width, size, font) {
    var out = [];
    lines.forEach(function (line) {
      fill(parts(line), ', ', width, size, font).forEach(function (l) {
        out.push.apply(out, textWidth(l, size, font) > width ? fill(l.split(' '), ' ', width, size, font) : [l]);
      });
    });
    return out;
  }

  // The figure's heading already shows the title: the live chart keeps only the subtitle (the
  // setting), wrapped to the box. The static SVG and the downloads keep both.
  function subtitleOnly(spec, width) {
    var title = spec.title;
    var font = (spec.config && spec.config.font) || 'sans-serif';
    if (title && typeof title === 'object' && title.subtitle) {
      var lines = Array.isArray(title.subtitle) ? title.subtitle : [title.subtitle];
      spec.title = { text: wrap(lines, width, 11, font), anchor: 'start', fontSize: 11, fontWeight: 'normal', color: '#444444' };
    } else delete spec.title;
  }

  // Legends without a fixed side, so the config decides (right, or below on a narrow screen).
  function freeLegends(node) {
    if (!node || typeof node !== 'object') return;
    if (node.legend && typeof node.legend === 'object') delete node.legend.orient;
    Object.keys(node).forEach(function (k) {
      if (k !== 'datasets' && k !== 'data') freeLegends(node[k]);
    });
  }

  // Columns of a grid of n panels in `avail` pixels: as many as fit, a divisor of n if one is close.
  function columnsFor(n, max, avail, minPanel) {
    var fit = Math.max(1, Math.min(max, n, Math.floor((avail + GAP) / (minPanel + GAP))));
    for (var c = fit; c >= Math.ceil(fit / 2); c--) if (n % c === 0) return c;
    return fit;
  }

  // A copy of the spec sized for a box `width` pixels wide; `plot` is the width left to the plot
  // area(s) after axes and legends (a guess first, then measured).
  function layout(spec, width, plot) {
    var s = clone(spec);
    var narrow = width < NARROW;
    subtitleOnly(s, width - 4);
    if (narrow) {
      freeLegends(s);
      s.config = Object.assign({}, s.config);
      s.config.legend = Object.assign({}, s.config.legend, { orient: 'bottom', direction: 'vertical' });
    }
    var meta = s.usermeta || {};
    if (s.facet && s.spec) {
      var n = meta.panels || 1;
      var cols = columnsFor(n, s.columns || n, plot, meta.minPanel || 200);
      s.columns = cols;
      s.spec.width = Math.max(60, Math.floor((plot - GAP * (cols - 1)) / cols));
      if (meta.square) s.spec.height = s.spec.width;
      // A last row with gaps: every panel gets its own axes (else an x axis hangs under an empty cell).
      s.resolve = n % cols ? { axis: { x: 'independent', y: 'independent' } } : spec.resolve;
      if (!s.resolve) delete s.resolve;
    } else if (s.vconcat) {
      s.vconcat.forEach(function (child) {
        child.width = Math.max(60, Math.floor(plot));
      });
    } else if (s.hconcat) {
      s.hconcat.forEach(function (child) {
        child.width = Math.max(60, Math.floor((plot - GAP * (s.hconcat.length - 1)) / s.hconcat.length));
      });
    } else s.width = Math.max(60, Math.floor(plot));
    return { spec: s, narrow: narrow, columns: s.facet ? s.columns : s.hconcat ? s.hconcat.length : 1 };
  }

  // Vega-Lite -> Vega, with the legends below the plot stacked one above the other on a narrow screen.
  function compile(l) {
    var vg = window.vegaLite.compile(l.spec).spec;
    if (l.narrow) {
      vg.config = vg.config || {};
      vg.config.legend = Object.assign({}, vg.config.legend, { layout: { bottom: { anchor: 'start', direction: 'vertical', margin: 8 } } });
    }
    return vg;
  }

  function draw(figure, name, target, width) {
    var spec = specs[name];
    var plot = width - (width < NARROW ? 70 : 230);
    var seen = []; // [plot, drawn] of each pass
    function pass() {
      var l = layout(spec, width, plot);
      return window
        .vegaEmbed(target, compile(l), { mode: 'vega', actions: false, renderer: 'svg', tooltip: true })
        .then(function (result) {
          var svg = target.querySelector('svg');
          var drawn = svg ? Number(svg.getAttribute('width')) : width;
          var miss = width - drawn;
          // Overflowing, or leaving much of the box empty: redraw with the plot width that the last
          // two passes say fits (a mark placed in proportion to the plot may stick out beyond it).
          if (seen.length < 4 && (miss < 0 || miss > 24)) {
            var last = seen[seen.length - 1];
            var slope = last && plot !== last[0] ? (drawn - last[1]) / (plot - last[0]) : 1;
            seen.push([plot, drawn]);
            plot += (miss - 2) / (slope > 0.2 ? slope : 1);
            result.finalize();
            return pass();
          }
          figure.classList.add('is-live');
          figure.setAttribute('data-width', String(width));
          return result;
        });
    }
    return pass().catch(function (err) {
      console.error('figure ' + name + ': ' + (err && err.message ? err.message : err));
    });
  }

  function boxWidth(figure) {
    return Math.floor(figure.querySelector('.figure-view').clientWidth);
  }

  var figures = Array.prototype.slice.call(document.querySelectorAll('[data-figure]'));
  figures.forEach(function (figure) {
    var name = figure.getAttribute('data-figure');
    var target = figure.querySelector('.figure-live');
    if (typeof window.vegaEmbed !== 'function' || !window.vegaLite || !specs[name] || !target) {
      console.error('figure ' + name + ': interactive view unavailable; showing the static SVG');
      return;
    }
    draw(figure, name, target, boxWidth(figure));
  });

  // A phone turned sideways, a window resized: redraw the figures whose box changed width.
  var pending = null;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      figures.forEach(function (figure) {
        var width = boxWidth(figure);
        if (figure.classList.contains('is-live') && Math.abs(width - Number(figure.getAttribute('data-width'))) > 8)
          draw(figure, figure.getAttribute('data-figure'), figure.querySelector('.figure-live'), width);
      });
    }, 200);
  });
})();
