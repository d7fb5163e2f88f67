/* Wijkbeeld: draws a map from one configuration object (written by mapping/webmap.py).
 *
 * Every text that comes from data is put into the page with textContent, never
 * innerHTML, so that an area name with HTML or a script tag in it shows as text.
 * No network: layers are GeoJSON, data URLs and tiles embedded in the page.
 * When the map is ready, the page gets <div id="wijkbeeld-status" data-...>
 * so that a headless browser (tests) can read what was drawn.
 */
(function (global) {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function formatValue(value, kind) {
    if (value === null || value === undefined || value === "") { return "onbekend"; }
    if (typeof value === "string") { return value; }
    if (kind === "p") {
      return value < 0.001 ? "< 0,001" : value.toFixed(3).replace(".", ",");
    }
    if (kind === "int") { return value.toLocaleString("nl-NL"); }
    if (kind === "num") { return value.toFixed(2).replace(".", ","); }
    return String(value);
  }

  function infoTable(props, fields, classLabels) {
    var table = el("table", "wb-info");
    fields.forEach(function (f) {
      var value = props[f.key];
      if (f.kind === "class") {
        value = (classLabels && value !== null && value !== undefined) ? classLabels[value] : value;
      }
      if (value === undefined) { return; }
      var row = el("tr");
      row.appendChild(el("th", null, f.label));
      row.appendChild(el("td", null, formatValue(value, f.kind)));
      table.appendChild(row);
    });
    return table;
  }

  // SVG draws a few thousand features well; above that a canvas keeps the page responsive.
  function rendererFor(data) {
    return data.features.length > 3000 ? L.canvas({padding: 0.2}) : undefined;
  }

  function areaStyle(spec, feature) {
    var k = feature.properties.k;
    var fill = (k === null || k === undefined) ? spec.missing_colour : spec.colours[k];
    return {color: spec.stroke, weight: spec.weight, opacity: 0.9, fillColor: fill, fillOpacity: spec.fill_opacity};
  }

  // The spec an area layer is drawn with lives in layer.wbHolder: restyle() gives it the figures of another
  // map of the same areas (and its tooltips and popups show them).
  function areaLayer(spec) {
    var holder = {spec: spec};
    var index = 0;
    var layer = L.geoJSON(spec.data, {
      renderer: rendererFor(spec.data),
      style: function (feature) { return areaStyle(holder.spec, feature); },
      onEachFeature: function (feature, part) {
        part.wbIndex = index;
        index += 1;
        part.bindTooltip(function () {
          return infoTable(part.feature.properties, holder.spec.fields, holder.spec.class_labels);
        }, {sticky: true, className: "wb-tooltip"});
        // the popup names the area in its heading (name and code), then the figures: no rows said twice
        part.bindPopup(function () {
          var props = part.feature.properties;
          var box = el("div", "wb-popup");
          var title = el("div", "wb-popup-title", props.n || props.c);
          if (props.n && props.c !== undefined && props.c !== null) {
            title.appendChild(el("span", "wb-popup-code", " " + props.c));
          }
          box.appendChild(title);
          var named = props.n ? {c: true, n: true} : {c: true};
          box.appendChild(infoTable(props, holder.spec.fields.filter(function (f) { return !named[f.key]; }),
                                    holder.spec.class_labels));
          return box;
        });
        // one box at a time: the hover card stays shut while the area's popup shows the same figures
        part.on("popupopen", function () { part.closeTooltip(); });
        part.on("tooltipopen", function () { if (part.isPopupOpen()) { part.closeTooltip(); } });
      }
    });
    layer.wbHolder = holder;
    return layer;
  }

  // A layer written with only its properties (same_as: the id of a layer with the same shapes, in the same
  // order): its features are those shapes with its own properties (mapping/webmap.py, shared_shapes).
  function sameShapes(spec, data) {
    var own = {};
    Object.keys(spec).forEach(function (key) { own[key] = spec[key]; });
    own.data = {type: "FeatureCollection", features: data.features.map(function (f, i) {
      return {type: "Feature", geometry: f.geometry, properties: spec.properties[i]};
    })};
    return own;
  }

  function restyle(layer, spec) {
    layer.wbHolder.spec = spec;
    layer.eachLayer(function (part) { part.feature.properties = spec.properties[part.wbIndex]; });
    layer.setStyle(function (feature) { return areaStyle(spec, feature); });
  }

  function outlineLayer(spec) {
    var group = L.layerGroup();
    var lines = L.geoJSON(spec.data, {
      interactive: false,
      renderer: rendererFor(spec.data),
      style: function () {
        return {color: spec.colour, weight: spec.weight, opacity: 1, fill: false,
                dashArray: spec.dash || null};
      }
    });
    group.addLayer(lines);
    group.wbLines = lines;  // fill() gives a layer that follows the page its shapes
    if (spec.labels) {
      var tips = [];
      spec.labels.forEach(function (lab) {
        var text = el("span", null, lab.text);
        var tip = L.tooltip({permanent: true, direction: "center", className: "wb-label", interactive: false})
          .setLatLng([lab.lat, lab.lon]).setContent(text);
        group.addLayer(tip);
        tips.push(tip);
      });
      // a wijk name that would cover another is hidden until the user zooms in (the labels come largest wijk
      // first): at the view of a city, a hundred names over each other could not be read
      group.place = function (map) {
        var taken = [];
        tips.forEach(function (tip) {
          var node = tip.getElement();
          if (!node || !map.hasLayer(group)) { return; }
          var r = node.getBoundingClientRect();
          var free = !taken.some(function (t) {
            return r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom;
          });
          node.style.visibility = free ? "" : "hidden";
          if (free) { taken.push(r); }
        });
      };
    }
    return group;
  }

  function pointLayer(spec) {
    var group = L.layerGroup();
    var renderer = L.canvas({padding: 0.5});
    spec.points.forEach(function (p) {
      group.addLayer(L.circleMarker([p[0], p[1]], {renderer: renderer, radius: spec.radius,
        color: spec.colour, weight: 0.5, fillColor: spec.colour, fillOpacity: 0.7,
        interactive: false}));
    });
    return group;
  }

  function tileLayer(spec) {
    var Embedded = L.GridLayer.extend({
      createTile: function (coords) {
        var img = document.createElement("img");
        img.alt = "";
        var y = spec.scheme === "tms" ? (Math.pow(2, coords.z) - 1 - coords.y) : coords.y;
        var key = coords.z + "/" + coords.x + "/" + y;
        if (Object.prototype.hasOwnProperty.call(spec.tiles, key)) {
          img.src = spec.tiles[key];
        }
        return img;
      }
    });
    return new Embedded({minZoom: 0, maxZoom: 22, minNativeZoom: spec.min_zoom,
                         maxNativeZoom: spec.max_zoom, attribution: spec.attribution_html || ""});
  }

  // A Leaflet control: a <div class="className leaflet-control"> at position, filled by fill(box).
  function boxControl(position, className, fill) {
    var Box = L.Control.extend({
      options: {position: position},
      onAdd: function () {
        var box = el("div", className + " leaflet-control");
        fill(box);
        return box;
      }
    });
    return new Box();
  }

  // A box that folds to its heading: a click on the heading folds or unfolds it (fold(box, bool) from code).
  function foldable(box, heading, body) {
    heading.className += " wb-fold-head";
    heading.setAttribute("role", "button");
    heading.title = "Klik om in of uit te klappen";
    L.DomEvent.on(heading, "click", function () { fold(box, !box.classList.contains("wb-folded")); });
    box.appendChild(heading);
    body.className += " wb-fold-body";
    box.appendChild(body);
  }

  function fold(box, folded) {
    if (box) { box.classList.toggle("wb-folded", folded); }
  }

  function legendControl(config) {
    return boxControl("bottomright", "wb-legend", function (box) {
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var body = el("div", "wb-legend-body");
      foldable(box, el("div", "wb-legend-head", "Legenda"), body);
      config.legend.forEach(function (block) {
        var part = el("div", "wb-legend-block");
        if (block.layer) { part.setAttribute("data-layer", block.layer); }
        part.appendChild(el("div", "wb-legend-title", block.title));
        block.items.forEach(function (item) {
          var row = el("div", "wb-legend-row");
          var swatch = el("span", "wb-swatch " + (item.kind || "fill"));
          if (item.kind === "line") {
            swatch.style.borderTopColor = item.colour;
            if (item.dash) { swatch.style.borderTopStyle = "dashed"; }
          }
          else { swatch.style.backgroundColor = item.colour; }
          row.appendChild(swatch);
          row.appendChild(el("span", "wb-legend-label", item.label));
          part.appendChild(row);
        });
        if (block.note) { part.appendChild(el("div", "wb-legend-note", block.note)); }
        body.appendChild(part);
      });
    });
  }

  function titleControl(config) {
    return boxControl("topright", "wb-title", function (box) {
      L.DomEvent.disableClickPropagation(box);
      var head = el("div", "wb-title-head");
      head.appendChild(el("h1", null, config.title));
      if (config.period) { head.appendChild(el("div", "wb-period", "Periode: " + config.period)); }
      if (config.method) { head.appendChild(el("div", "wb-meta wb-method", "Methode: " + config.method)); }
      box.appendChild(head);
      var body = el("div", "wb-title-body");
      if (config.source) { body.appendChild(el("div", "wb-meta", "Bron: " + config.source)); }
      (config.notes || []).forEach(function (n) { body.appendChild(el("div", "wb-meta", n)); });
      foldable(box, el("div", "wb-title-more", "Toelichting"), body);
    });
  }

  // Area names where they fit: inside their area's box at this zoom, and not over another name.
  function nameLayer(spec, areas) {
    var group = L.layerGroup();
    var byCode = {};
    areas.eachLayer(function (l) {
      var p = l.feature && l.feature.properties;
      if (p && p.c !== undefined && l.getBounds) { byCode[String(p.c)] = l; }
    });
    var labels = [];
    spec.names.forEach(function (lab) {
      var tip = L.tooltip({permanent: true, direction: "center", className: "wb-area-label", interactive: false})
        .setLatLng([lab.lat, lab.lon]).setContent(el("span", null, lab.text));
      group.addLayer(tip);
      labels.push({tip: tip, area: byCode[String(lab.c)], code: String(lab.c), width: 6.2 * lab.text.length + 6});
    });
    group.place = function (map) {
      var own = map.getContainer().getBoundingClientRect();
      var taken = [];  // the selected areas' names first, then the wijk names: a buurt name never covers one
      var selected = global.__wijkbeeldSelected || {};
      var order = labels.filter(function (lab) { return selected[lab.code]; })
        .concat(labels.filter(function (lab) { return !selected[lab.code]; }));
      var wijk = map.getContainer().querySelectorAll(".wb-label");
      var wijkBoxes = [];
      for (var i = 0; i < wijk.length; i++) {
        var r = wijk[i].getBoundingClientRect();
        if (r.width && wijk[i].style.visibility !== "hidden") {  // a wijk name hidden for another takes no room
          wijkBoxes.push({x0: r.left - own.left, x1: r.right - own.left, y0: r.top - own.top, y1: r.bottom - own.top});
        }
      }
      var wijkTaken = false;
      order.forEach(function (lab) {
        var node = lab.tip.getElement();
        if (!node) { return; }
        var fits = false, chosen = !!selected[lab.code];
        if (!chosen && !wijkTaken) { taken = taken.concat(wijkBoxes); wijkTaken = true; }
        node.classList.toggle("wb-area-label-selected", chosen);
        if (lab.area && map.hasLayer(group)) {
          var b = lab.area.getBounds();
          var sw = map.latLngToContainerPoint(b.getSouthWest()), ne = map.latLngToContainerPoint(b.getNorthEast());
          var c = map.latLngToContainerPoint(lab.tip.getLatLng());
          var box = {x0: c.x - lab.width / 2, x1: c.x + lab.width / 2, y0: c.y - 8, y1: c.y + 8};
          // a selected area is always named; another where its name fits inside it and over no other name
          fits = chosen || ((ne.x - sw.x) >= lab.width && (sw.y - ne.y) >= 16 && !taken.some(function (t) {
            return box.x0 < t.x1 && t.x0 < box.x1 && box.y0 < t.y1 && t.y0 < box.y1;
          }));
          if (fits) { taken.push(box); }
        }
        node.style.visibility = fits ? "" : "hidden";
      });
    };
    return group;
  }

  // The part of the map the controls cover (0..1), and what folds when they cover too much.
  var COVER_MAX = 0.25;

  function coverage(map) {
    var size = map.getSize(), area = size.x * size.y, own = map.getContainer().getBoundingClientRect();
    if (!area) { return 0; }
    var covered = 0;
    var boxes = map.getContainer().querySelectorAll(".leaflet-control");
    for (var i = 0; i < boxes.length; i++) {
      var r = boxes[i].getBoundingClientRect();
      var w = Math.max(0, Math.min(r.right, own.right) - Math.max(r.left, own.left));
      var h = Math.max(0, Math.min(r.bottom, own.bottom) - Math.max(r.top, own.top));
      covered += w * h;
    }
    return covered / area;
  }

  function fitControls(map, parts) {
    fold(parts.title, false);
    fold(parts.legend, false);
    parts.layers.expand();
    var steps = [function () { parts.layers.collapse(); }, function () { fold(parts.legend, true); },
                 function () { fold(parts.title, true); }];
    for (var i = 0; i < steps.length && coverage(map) > COVER_MAX; i++) { steps[i](); }
    padPopups(map, parts);
  }

  // Popups keep clear of the controls: Leaflet pans an opening popup inside this padding. With a popup (its
  // sides), only the controls beside which it opens count: the narrow zoom buttons at the left do not make
  // the popup of an area at the right scroll.
  function padPopups(map, parts, popup) {
    var own = map.getContainer().getBoundingClientRect();
    var top = 10, bottom = 10;
    var node = popup && popup.getElement && popup.getElement();
    var span = node ? node.getBoundingClientRect() : null;
    function beside(box) {
      var r = box.getBoundingClientRect();
      return !span || !span.width || (r.left < span.right + 10 && span.left - 10 < r.right);
    }
    var boxes = map.getContainer().querySelectorAll(".leaflet-top .leaflet-control");
    for (var i = 0; i < boxes.length; i++) {
      if (beside(boxes[i])) { top = Math.max(top, boxes[i].getBoundingClientRect().bottom - own.top + 10); }
    }
    boxes = map.getContainer().querySelectorAll(".leaflet-bottom .leaflet-control");
    for (i = 0; i < boxes.length; i++) {
      if (beside(boxes[i])) { bottom = Math.max(bottom, own.bottom - boxes[i].getBoundingClientRect().top + 10); }
    }
    top = Math.min(top, own.height / 2);
    bottom = Math.min(bottom, own.height / 3);
    var options = L.Popup.prototype.options;
    options.autoPanPaddingTopLeft = L.point(10, top);
    options.autoPanPaddingBottomRight = L.point(10, bottom);
    // a popup taller than the free band scrolls (its tip and frame take some 40 pixels)
    options.maxHeight = Math.max(80, own.height - top - bottom - 40);
    if (popup) {  // this popup's own padding and height (the defaults above are for the next one)
      popup.options.autoPanPaddingTopLeft = options.autoPanPaddingTopLeft;
      popup.options.autoPanPaddingBottomRight = options.autoPanPaddingBottomRight;
      popup.options.maxHeight = options.maxHeight;
    }
  }

  // Fitting the areas: clear of the title box at the top (unless it takes more than 40% of the height).
  function fitOptions(map, pad, options) {
    var own = map.getContainer().getBoundingClientRect(), top = pad;
    var title = map.getContainer().querySelector(".wb-title");
    if (title && own.height) {
      var below = title.getBoundingClientRect().bottom - own.top + 4;
      if (below < 0.4 * own.height) { top = Math.max(top, below); }
    }
    options.paddingTopLeft = [pad, top];
    options.paddingBottomRight = [pad, pad];
    return options;
  }

  function northControl() {
    return boxControl("topleft", "wb-north", function (box) {
      box.title = "Het noorden is boven";
      box.appendChild(el("div", "wb-north-arrow", "\u25B2"));
      box.appendChild(el("div", "wb-north-n", "N"));
    });
  }

  // The title, the layer list and the legend of config (again after an update: the old ones removed, the new
  // ones added in the same order, so that they sit where a new page puts them).
  function controls(map, config, state) {
    if (state.title) { state.title.remove(); state.layers.remove(); state.legend.remove(); }
    state.title = titleControl(config).addTo(map);
    state.layers = L.control.layers(null, state.overlays, {collapsed: true, position: "topright"}).addTo(map);
    if (!state.north) {
      state.north = northControl().addTo(map);
      L.control.scale({imperial: false, metric: true, position: "bottomleft", maxWidth: 200}).addTo(map);
    }
    state.legend = legendControl(config).addTo(map);
    state.parts = {title: state.title.getContainer(), legend: state.legend.getContainer(), layers: state.layers};
  }

  function build(map, config) {
    var state = {signature: config.signature || null, overlays: {}, byId: {}, order: []};
    var drawn = [];
    var bounds = null;
    var names = [];
    var named = [];  // outline layers with names (the wijken), placed before the areas' names
    var shown = [];
    var shapes = {};  // the GeoJSON of each areas layer by id: another layer of the same shapes names it
    config.layers.forEach(function (spec) {
      var layer;
      if (spec.kind === "areas") {
        if (spec.same_as) { spec = sameShapes(spec, shapes[spec.same_as]); }
        shapes[spec.id] = spec.data;
        layer = areaLayer(spec);
        if (spec.names && spec.names.length) { names.push({layer: layer, group: nameLayer(spec, layer)}); }
      }
      else if (spec.kind === "outline") {
        layer = outlineLayer(spec);
        if (layer.place) { named.push(layer); }
      }
      else if (spec.kind === "points") { layer = pointLayer(spec); }
      else if (spec.kind === "image") {
        layer = L.imageOverlay(spec.url, spec.bounds, {opacity: spec.opacity, interactive: false});
      }
      else if (spec.kind === "tiles") { layer = tileLayer(spec); }
      else { return; }
      if (spec.show !== false) { shown.push(layer); }
      layer.wbId = spec.id;
      state.overlays[spec.name] = layer;
      state.byId[spec.id] = layer;
      state.order.push(spec.id);
      drawn.push(spec.id);
      if (spec.kind === "areas") {
        var extent = layer.getBounds();
        if (extent.isValid()) { bounds = bounds ? bounds.extend(extent) : extent; }
      }
    });
    map.options.zoomSnap = 0.25;
    // the controls first: the areas are fitted below the title box (it covered the top of the gemeente)
    controls(map, config, state);
    fitControls(map, state.parts);
    if (bounds) { map.fitBounds(bounds, fitOptions(map, 10, {animate: false})); }
    // added once the view is set: added before, every polygon was projected and drawn twice (14,500
    // national buurten: 0.35 s of the page's 0.7 s)
    shown.forEach(function (layer) { layer.addTo(map); });
    names.forEach(function (n) {
      if (map.hasLayer(n.layer)) { n.group.addTo(map); }
      n.layer.on("add", function () { n.group.addTo(map); n.group.place(map); });
      n.layer.on("remove", function () { map.removeLayer(n.group); });
    });
    function placeNames() {
      named.forEach(function (layer) { layer.place(map); });
      names.forEach(function (n) { n.group.place(map); });
    }
    named.forEach(function (layer) { layer.on("add", placeNames); });
    map.on("zoomend moveend", placeNames);
    placeNames();
    fitControls(map, state.parts);
    var resizeTimer = null;
    map.on("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () { fitControls(map, state.parts); placeNames(); }, 150);
    });
    // an open popup is never under a control: the legend and the layer list fold while it is open
    map.on("popupopen", function (e) {
      state.layers.collapse();
      fold(state.parts.legend, true);
      padPopups(map, state.parts, e.popup);
      e.popup.update();
    });
    map.wijkbeeldLayout = {coverage: function () { return coverage(map); },
                           fitOptions: function (pad) { return fitOptions(map, pad, {}); },
                           fit: function () { fitControls(map, state.parts); }, names: placeNames};
    state.syncLegend = function () {
      Object.keys(state.overlays).forEach(function (name) {
        var layer = state.overlays[name];
        var blocks = document.querySelectorAll('.wb-legend-block[data-layer="' + layer.wbId + '"]');
        for (var i = 0; i < blocks.length; i++) {
          blocks[i].style.display = map.hasLayer(layer) ? "" : "none";
        }
      });
    };
    map.on("overlayadd overlayremove", state.syncLegend);
    map.wijkbeeldOverlays = state.overlays;
    map.wijkbeeldState = state;
    state.syncLegend();
    if (map.attributionControl) { map.attributionControl.setPrefix(false); }

    var status = el("div");
    status.id = "wijkbeeld-status";
    status.style.display = "none";
    status.setAttribute("data-leaflet", L.version);
    status.setAttribute("data-layers", drawn.join(","));
    status.setAttribute("data-legend", String(document.querySelectorAll(".wb-legend").length));
    document.body.appendChild(status);
    return state.overlays;
  }

  // Another map of the same shapes (config without geometry, written beside a page by mapping/webmap.py): the
  // areas get its figures and colours, the title, legend and layer list are replaced; the view stays where the
  // user has it. False (nothing changed) when the page draws other shapes, or shows or hides another layer than
  // the new map would: then the new page is loaded.
  function update(map, config) {
    var state = map.wijkbeeldState;
    if (!state || !state.signature || config.signature !== state.signature ||
        config.layers.length !== state.order.length) { return false; }
    for (var i = 0; i < config.layers.length; i++) {
      var spec = config.layers[i], layer = state.byId[spec.id];
      if (spec.id !== state.order[i] || map.hasLayer(layer) !== (spec.show !== false) ||
          (spec.kind === "areas" && !layer.wbHolder)) { return false; }
    }
    map.closePopup();
    var overlays = {};
    config.layers.forEach(function (spec) {
      var layer = state.byId[spec.id];
      if (spec.kind === "areas") { restyle(layer, spec); }
      overlays[spec.name] = layer;
    });
    state.overlays = overlays;
    map.wijkbeeldOverlays = overlays;
    controls(map, config, state);
    fitControls(map, state.parts);
    state.syncLegend();
    map.wijkbeeldLayout.names();
    return true;
  }

  // The shapes of an outline layer that the page was written without (mapping/later.py: the study area's outline,
  // computed after the page): the layer draws them where it is, in the layer list and legend as before. True
  // when the page has that layer.
  function fill(map, id, data) {
    var state = map.wijkbeeldState, layer = state && state.byId[id];
    if (!layer || !layer.wbLines) { return false; }
    layer.wbLines.clearLayers();
    layer.wbLines.addData(data);
    return true;
  }

  global.Wijkbeeld = {build: build, update: update, fill: fill};
}(window));
