// Renders each figure interactively with vega-embed from the spec its generated script set in
// window.REPRO_FIGURES (loaded with <script src>, which works from file://, unlike fetch). The
// static SVG stays visible until the live chart has drawn, and remains if anything fails.
(function () {
  'use strict';
  var specs = window.REPRO_FIGURES || {};
  // The figure's heading already shows the title: the live chart keeps only the subtitle (the
  // setting). The static SVG and the downloads keep both, since they stand on their own.
  function withoutMainTitle(spec) {
    var copy = Object.assign({}, spec);
    var title = spec.title;
    if (title && typeof title === 'object' && title.subtitle) {
      copy.title = { text: title.subtitle, anchor: 'start', fontSize: 11, fontWeight: 'normal', color: '#444444' };
    } else {
      delete copy.title;
    }
    return copy;
  }
  var figures = document.querySelectorAll('[data-figure]');
  Array.prototype.forEach.call(figures, function (figure) {
    var name = figure.getAttribute('data-figure');
    var target = figure.querySelector('.figure-live');
    if (typeof window.vegaEmbed !== 'function' || !specs[name] || !target) {
      console.error('figure ' + name + ': interactive view unavailable; showing the static SVG');
      return;
    }
    window.vegaEmbed(target, withoutMainTitle(specs[name]), { actions: false, renderer: 'svg', tooltip: true })
      .then(function () { figure.classList.add('is-live'); })
      .catch(function (err) { console.error('figure ' + name + ': ' + (err && err.message ? err.message : err)); });
  });
})();
