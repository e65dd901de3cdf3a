// Renders each figure interactively with vega-embed from the spec its generated script set in
// window.REPRO_FIGURES (loaded with <script src>, which works from file://, unlike fetch). The
// static SVG stays visible until the live chart has drawn, and remains if anything fails.
(function () {
  'use strict';
  var specs = window.REPRO_FIGURES || {};
  var figures = document.querySelectorAll('[data-figure]');
  Array.prototype.forEach.call(figures, function (figure) {
    var name = figure.getAttribute('data-figure');
    var target = figure.querySelector('.figure-live');
    if (typeof window.vegaEmbed !== 'function' || !specs[name] || !target) {
      console.error('figure ' + name + ': interactive view unavailable; showing the static SVG');
      return;
    }
    window.vegaEmbed(target, specs[name], { actions: false, renderer: 'svg', tooltip: true })
      .then(function () { figure.classList.add('is-live'); })
      .catch(function (err) { console.error('figure ' + name + ': ' + (err && err.message ? err.message : err)); });
  });
})();
