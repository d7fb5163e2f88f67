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

  function areaLayer(spec) {
    var colours = spec.colours;
    return L.geoJSON(spec.data, {
      renderer: rendererFor(spec.data),
      style: function (feature) {
        var k = feature.properties.k;
        var fill = (k === null || k === undefined) ? spec.missing_colour : colours[k];
        return {color: spec.stroke, weight: spec.weight, opacity: 0.9,
                fillColor: fill, fillOpacity: spec.fill_opacity};
      },
      onEachFeature: function (feature, layer) {
        var props = feature.properties;
        layer.bindTooltip(function () { return infoTable(props, spec.fields, spec.class_labels); },
                          {sticky: true, className: "wb-tooltip"});
        layer.bindPopup(function () {
          var box = el("div", "wb-popup");
          box.appendChild(el("div", "wb-popup-title", props.n || props.c));
          box.appendChild(infoTable(props, spec.fields, spec.class_labels));
          return box;
        });
      }
    });
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
    if (spec.labels) {
      spec.labels.forEach(function (lab) {
        var text = el("span", null, lab.text);
        group.addLayer(L.tooltip({permanent: true, direction: "center", className: "wb-label",
                                  interactive: false})
                       .setLatLng([lab.lat, lab.lon]).setContent(text));
      });
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

  function legendControl(config) {
    return boxControl("bottomright", "wb-legend", function (box) {
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
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
        box.appendChild(part);
      });
    });
  }

  function titleControl(config) {
    return boxControl("topright", "wb-title", function (box) {
      L.DomEvent.disableClickPropagation(box);
      box.appendChild(el("h1", null, config.title));
      if (config.period) { box.appendChild(el("div", "wb-period", "Periode: " + config.period)); }
      if (config.method) { box.appendChild(el("div", "wb-meta", "Methode: " + config.method)); }
      if (config.source) { box.appendChild(el("div", "wb-meta", "Bron: " + config.source)); }
      (config.notes || []).forEach(function (n) { box.appendChild(el("div", "wb-meta", n)); });
    });
  }

  function northControl() {
    return boxControl("topleft", "wb-north", function (box) {
      box.title = "Het noorden is boven";
      box.appendChild(el("div", "wb-north-arrow", "\u25B2"));
      box.appendChild(el("div", "wb-north-n", "N"));
    });
  }

  function build(map, config) {
    var overlays = {};
    var drawn = [];
    var bounds = null;
    config.layers.forEach(function (spec) {
      var layer;
      if (spec.kind === "areas") { layer = areaLayer(spec); }
      else if (spec.kind === "outline") { layer = outlineLayer(spec); }
      else if (spec.kind === "points") { layer = pointLayer(spec); }
      else if (spec.kind === "image") {
        layer = L.imageOverlay(spec.url, spec.bounds, {opacity: spec.opacity, interactive: false});
      }
      else if (spec.kind === "tiles") { layer = tileLayer(spec); }
      else { return; }
      if (spec.show !== false) { layer.addTo(map); }
      layer.wbId = spec.id;
      overlays[spec.name] = layer;
      drawn.push(spec.id);
      if (spec.kind === "areas" && layer.getBounds().isValid()) {
        bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
      }
    });
    map.options.zoomSnap = 0.25;
    if (bounds) { map.fitBounds(bounds, {padding: [10, 10], animate: false}); }
    titleControl(config).addTo(map);
    L.control.layers(null, overlays, {collapsed: false, position: "topright"}).addTo(map);
    northControl().addTo(map);
    L.control.scale({imperial: false, metric: true, position: "bottomleft", maxWidth: 200}).addTo(map);
    legendControl(config).addTo(map);
    function syncLegend() {
      Object.keys(overlays).forEach(function (name) {
        var layer = overlays[name];
        var blocks = document.querySelectorAll('.wb-legend-block[data-layer="' + layer.wbId + '"]');
        for (var i = 0; i < blocks.length; i++) {
          blocks[i].style.display = map.hasLayer(layer) ? "" : "none";
        }
      });
    }
    map.on("overlayadd overlayremove", syncLegend);
    map.wijkbeeldOverlays = overlays;
    syncLegend();
    if (map.attributionControl) { map.attributionControl.setPrefix(false); }

    var status = el("div");
    status.id = "wijkbeeld-status";
    status.style.display = "none";
    status.setAttribute("data-leaflet", L.version);
    status.setAttribute("data-layers", drawn.join(","));
    status.setAttribute("data-legend", String(document.querySelectorAll(".wb-legend").length));
    document.body.appendChild(status);
    return overlays;
  }

  global.Wijkbeeld = {build: build};
}(window));
