/* The console's map (templates/console/map.html): open cases as coloured pins, the city's areas as
   outlines. Everything comes from the page's JSON block; what residents wrote goes in as text, never
   as HTML. Without tiles (no MAP_TILE_URL, or no network) the pins show on a plain background. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("map-data").textContent);
  var labels = data.labels;
  var map = L.map("case-map");
  map.createPane("cases").style.zIndex = 660;  // pins above the areas' names (650), below popups (700)

  // On a wide screen the filters stand open; on a phone the map comes first.
  var filters = document.getElementById("map-filters");
  if (window.matchMedia("(min-width: 48rem)").matches) filters.open = true;

  if (data.tiles) {
    var warned = false;
    L.tileLayer(data.tiles, {maxZoom: 19, attribution: data.attribution})
      .on("tileerror", function (event) {
        event.tile.style.visibility = "hidden";  // no broken-image icons on the plain background
        if (!warned) {
          warned = true;
          document.getElementById("tiles-failed").hidden = false;
        }
      })
      .addTo(map);
  }

  /* An element holding ``text`` as text: the only way words reach the page. */
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function shorten(text, length) {
    return text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  function popup(p) {
    var box = element("div", "case-popup");
    var head = box.appendChild(element("p"));
    head.appendChild(element("strong", null, p.ref));
    head.appendChild(document.createTextNode(" · " + p.status_label));
    box.appendChild(element("p", null, p.category));
    if (p.area) box.appendChild(element("p", null, labels.area + ": " + p.area));
    box.appendChild(element("p", "text", shorten(p.description, 160)));
    var when = labels.age + ": " + (p.age_days ? labels.days.replace("{count}", p.age_days) : labels.today);
    if (p.due) {
      when += " · " + p.due_label + ": " + p.due_text;
      if (p.late) when += " (" + labels.late + ")";
    }
    box.appendChild(element("p", p.late ? "late" : null, when));
    var link = box.appendChild(element("p")).appendChild(element("a", null, labels.open_case + " →"));
    link.href = p.url;
    return box;
  }

  var areas = L.geoJSON(data.areas, {
    interactive: false,
    style: function (feature) {
      var kecamatan = feature.properties.kind === "kecamatan";
      return {color: "#2f6f4f", weight: kecamatan ? 2.5 : 1.5, dashArray: kecamatan ? null : "4 4",
              fillOpacity: 0.04};
    },
    onEachFeature: function (feature, layer) {
      if (feature.properties.label) {
        layer.bindTooltip(element("span", null, feature.properties.name),
                          {permanent: true, direction: "center", className: "area-label"});
      }
    }
  }).addTo(map);

  var cases = L.geoJSON(data.cases, {
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, {pane: "cases", radius: 9,
                                     className: "case-marker m-" + feature.properties.marker});
    },
    onEachFeature: function (feature, layer) {
      layer.bindPopup(function () { return popup(feature.properties); });
    }
  }).addTo(map);

  var bounds = cases.getBounds();
  if (areas.getBounds().isValid()) bounds.extend(areas.getBounds());
  if (bounds.isValid()) {
    map.fitBounds(bounds, {padding: [16, 16], maxZoom: 16});
  } else {
    map.setView([-2.5, 118], 4);  // nothing to show: Indonesia
  }
}());
