/* graphmodel network: draws GM_DATA (escaped JSON) into GM_ELEMENT with vis-network.
   Positions are fixed and physics is off; tooltips are plain text. */
(function () {
  "use strict";
  var container = document.getElementById(GM_ELEMENT);
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var FADED = "rgba(200, 205, 212, 0.35)";
  /* a tooltip is an element of text nodes, one line each (the first in bold): data
     never reaches innerHTML, and vis-network shows an element as it is */
  var tip = function (text) {
    var box = document.createElement("div");
    String(text).split("\n").forEach(function (line, i) {
      var row = document.createElement("div");
      if (i === 0) { row.style.fontWeight = "600"; }
      row.appendChild(document.createTextNode(line));
      box.appendChild(row);
    });
    return box;
  };
  var nodeStyle = function (n) {
    return {
      id: n.id, label: n.label, title: tip(n.title), x: n.x, y: n.y, size: n.size,
      shape: n.shape, borderWidth: n.focus ? 3.5 : 1.5,
      color: {
        background: n.color, border: n.focus ? "#1f2933" : "#ffffff",
        highlight: { background: n.color, border: "#1f2933" },
        hover: { background: n.color, border: "#1f2933" }
      },
      font: { color: "#1f2933" }
    };
  };
  var edgeStyle = function (e) {
    var out = {
      id: e.id, from: e.from, to: e.to, width: e.width, title: tip(e.title),
      color: { color: e.color, highlight: "#1f2933", hover: "#1f2933", opacity: 0.8 }
    };
    if (e.dashes) { out.dashes = e.dashes; }
    if (e.arrows) { out.arrows = { to: { enabled: true, scaleFactor: 0.5 } }; }
    return out;
  };
  var nodes = new vis.DataSet(GM_DATA.nodes.map(nodeStyle));
  var edges = new vis.DataSet(GM_DATA.edges.map(edgeStyle));
  var many = GM_DATA.nodes.length > 250;
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 7 },
    interaction: {
      hover: true, tooltipDelay: 120, hideEdgesOnDrag: many, hideEdgesOnZoom: many,
      keyboard: false, multiselect: false, navigationButtons: false
    },
    nodes: {
      font: { size: 13, face: FONT, strokeWidth: 3, strokeColor: "#ffffff" },
      shapeProperties: { interpolation: false }
    },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5 }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var fit = function () {
    var f = GM_DATA.frame;
    if (f && container.clientWidth > 0 && container.clientHeight > 0) {
      /* a shared frame (a comparison's two sides): the same scale and centre on both */
      var w = Math.max(f[2] - f[0], 1), h = Math.max(f[3] - f[1], 1);
      var scale = Math.min(1.4, 0.92 * Math.min(container.clientWidth / w,
                                                container.clientHeight / h));
      network.moveTo({ position: { x: (f[0] + f[2]) / 2, y: (f[1] + f[3]) / 2 },
                       scale: scale, animation: false });
    } else {
      network.fit({ animation: false, maxZoomLevel: 1.4 });
    }
    fitScale = network.getScale();
    if (typeof sizeLabels === "function") { sizeLabels(); }
  };
  /* labels keep about 13 px on screen when zoomed out (up to a limit: then vis hides
     them), and grow with the drawing when zoomed in */
  var labelSize = 13;
  var fitScale = 1;
  var collabLabels = true;
  var crowded = GM_DATA.nodes.length > 40;
  var sizeLabels = function () {
    var scale = network.getScale();
    var size = Math.min(Math.max(13, 13 / scale), 34);
    if (Math.abs(size - labelSize) > 0.5) {
      labelSize = size;
      network.setOptions({ nodes: { font: { size: size } } });
    }
    /* a crowded overview names the actors only; zoom in to read the collaborations */
    var show = !crowded || scale >= 1.8 * fitScale;
    if (show !== collabLabels) {
      collabLabels = show;
      nodes.update(GM_DATA.nodes.filter(function (n) {
        return n.layer === "collaboration" && !n.focus;
      }).map(function (n) { return { id: n.id, label: show ? n.label : " " }; }));
    }
  };
  network.on("zoom", sizeLabels);
  fit();
  sizeLabels();

  /* click a node: fade what is not linked to it; click the background: show all again */
  var faded = false;
  var restore = function () {
    if (!faded) { return; }
    nodes.update(GM_DATA.nodes.map(function (n) {
      var style = nodeStyle(n);
      if (!collabLabels && n.layer === "collaboration" && !n.focus) { style.label = " "; }
      return style;
    }));
    edges.update(GM_DATA.edges.map(edgeStyle));
    faded = false;
  };
  network.on("click", function (params) {
    restore();
    if (!params.nodes.length) { return; }
    var id = params.nodes[0];
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (k) { keep[k] = true; });
    var linked = {};
    network.getConnectedEdges(id).forEach(function (k) { linked[k] = true; });
    nodes.update(GM_DATA.nodes.filter(function (n) { return !keep[n.id]; }).map(function (n) {
      return { id: n.id, color: { background: FADED, border: "#ffffff" },
               font: { color: "rgba(31, 41, 51, 0.3)" } };
    }));
    edges.update(GM_DATA.edges.filter(function (e) { return !linked[e.id]; }).map(function (e) {
      return { id: e.id, color: { color: FADED, opacity: 0.3 } };
    }));
    faded = true;
  });
  var button = document.getElementById(GM_ELEMENT + "-fit");
  if (button) { button.addEventListener("click", function () { restore(); fit(); }); }
  /* print: a fixed A4-wide drawing, then back to the screen size */
  window.addEventListener("beforeprint", function () {
    restore();
    network.setSize("680px", "480px");
    network.redraw();
    fit();
  });
  window.addEventListener("afterprint", function () {
    network.setSize("100%", "100%");
    network.redraw();
    fit();
  });
  network.once("afterDrawing", function () { container.setAttribute("data-ready", "1"); });
  window.gmNetwork = network;
})();
