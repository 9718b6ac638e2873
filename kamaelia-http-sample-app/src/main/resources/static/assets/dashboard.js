"use strict";
// The dashboard draws /dashboard/data once a second: per server its figures, a chart of the last WINDOW rates and
// its open connections (who the client is, through which proxy, over which TLS session), and one live
// connection's component graph with what waits on each linkage. Plain DOM and inline SVG: no library, so the page
// works offline and costs the sample app no dependency.
const NS = "http://www.w3.org/2000/svg";
const WINDOW = 60; // rate points kept per server: one a poll, so about the last minute
const FRAMINGS = ["content-length", "chunked", "close"];
const SERIES = ["requests", ...FRAMINGS];
const history = {}; // server name -> samples {time, requests, framing}, oldest first, at most WINDOW + 1

function text(tag, cls, content) {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  el.textContent = content;
  return el;
}

function svg(tag, attributes, content) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes || {})) el.setAttribute(name, String(value));
  if (content !== undefined) el.textContent = content;
  return el;
}

/** Keeps the sample and returns the per-second rates between consecutive samples, oldest first. */
function record(server, time) {
  const samples = history[server.name] || (history[server.name] = []);
  samples.push({ time, requests: server.requests, framing: { ...server.framing } });
  if (samples.length > WINDOW + 1) samples.splice(0, samples.length - WINDOW - 1);
  const rates = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1], b = samples[i];
    const seconds = Math.max(1, b.time - a.time) / 1000;
    // a restarted server's counts start again: a negative step is no traffic, not negative traffic
    const perSecond = (x, y) => Math.max(0, y - x) / seconds;
    const point = { requests: perSecond(a.requests, b.requests) };
    for (const kind of FRAMINGS) point[kind] = perSecond(a.framing[kind], b.framing[kind]);
    rates.push(point);
  }
  return { samples: samples.length, rates };
}

/** A round number at or above {@code value}, for the top of the y axis. */
function ceiling(value) {
  const top = Math.max(1, value);
  const step = Math.pow(10, Math.floor(Math.log10(top)));
  for (const m of [1, 2, 5, 10]) if (m * step >= top) return m * step;
  return 10 * step;
}

/** The chart of one server's request rate (an area) and responses per second by framing (lines). */
function rateChart(name, recorded) {
  const width = 320, height = 150, left = 38, right = 8, top = 10, bottom = 30;
  const plotWidth = width - left - right, plotHeight = height - top - bottom;
  const rates = recorded.rates;
  let peak = 0;
  for (const point of rates) for (const s of SERIES) peak = Math.max(peak, point[s]);
  const yMax = ceiling(peak);
  // the newest point is at the right edge; the window fills in from the right as polling goes on
  const x = i => left + plotWidth * (WINDOW - rates.length + i) / (WINDOW - 1);
  const y = v => top + plotHeight * (1 - v / yMax);
  const chart = svg("svg", {
    class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img",
    "data-chart": "rates", "data-server": name, "data-samples": recorded.samples, "data-window": WINDOW,
    "data-y-max": yMax
  });
  chart.append(svg("title", {}, name + ": requests and responses by framing per second, last " + WINDOW + " polls"));
  chart.append(svg("line", { class: "axis", x1: left, y1: top, x2: left, y2: top + plotHeight }));
  chart.append(svg("line", { class: "axis", x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight }));
  chart.append(svg("line", { class: "grid", x1: left, y1: y(yMax / 2), x2: left + plotWidth, y2: y(yMax / 2) }));
  const tick = (value, at) => chart.append(svg("text", { class: "tick", x: left - 4, y: at + 3, "text-anchor": "end" }, value));
  tick(yMax, y(yMax)); tick(yMax / 2, y(yMax / 2)); tick(0, y(0));
  chart.append(svg("text", { class: "tick", x: left, y: height - 16 }, "-" + WINDOW + " s"));
  chart.append(svg("text", { class: "tick", x: left + plotWidth, y: height - 16, "text-anchor": "end" }, "now"));
  chart.append(svg("text", { class: "axis-label", x: left + plotWidth / 2, y: height - 4, "text-anchor": "middle" },
      "time (one point per poll)"));
  chart.append(svg("text", { class: "axis-label", x: 10, y: top + plotHeight / 2, "text-anchor": "middle",
      transform: `rotate(-90 10 ${top + plotHeight / 2})` }, "per second"));
  for (const s of SERIES) {
    const values = rates.map(point => point[s]);
    const points = values.map((v, i) => x(i).toFixed(1) + "," + y(v).toFixed(1));
    const attributes = {
      class: "series " + s, "data-series": s, "data-points": values.length,
      "data-latest": values.length ? values[values.length - 1].toFixed(2) : "0",
      "data-peak": Math.max(0, ...values).toFixed(2)
    };
    if (s === "requests") {
      // the request rate as an area closed along the x axis, the framings as lines over it
      const area = values.length
          ? "M" + x(0).toFixed(1) + "," + y(0) + " L" + points.join(" L") + " L" + x(values.length - 1).toFixed(1) + "," + y(0) + " Z"
          : "";
      chart.append(svg("path", { ...attributes, d: area }));
    } else {
      chart.append(svg("polyline", { ...attributes, points: points.join(" ") }));
    }
  }
  return chart;
}

function legend() {
  const line = text("div", "label legend", "");
  for (const s of SERIES) {
    line.append(text("span", "swatch " + s, ""), text("span", "", (s === "requests" ? "requests" : s) + " "));
  }
  return line;
}

/**
 * The server's open connections (the first the data lists): the client, which is the address a PROXY header named
 * when a proxy sent one, the proxy itself as the TCP peer, the local address, the scheme and the TLS session.
 */
function connectionTable(s) {
  const listed = s.connections || [];
  const box = text("div", "connections", "");
  box.append(text("div", "label", listed.length === 0 ? "no open connections"
      : listed.length < s.activeConnections ? "the first " + listed.length + " of " + s.activeConnections + " connections"
      : "open connections"));
  if (listed.length === 0) return box;
  const table = text("table", "", "");
  table.dataset.connections = s.name;
  const head = text("tr", "", "");
  for (const h of ["client", "via proxy", "local", "scheme", "TLS session", "state"]) head.append(text("th", "", h));
  table.append(head);
  for (const c of listed) {
    const row = text("tr", "", "");
    row.dataset.connection = String(c.id);
    const cell = (field, value) => {
      const td = text("td", "", value);
      td.dataset.field = field;
      row.append(td);
    };
    cell("client", c.client);
    cell("peer", c.peer || "\u2014");
    cell("local", c.local);
    cell("scheme", c.scheme);
    cell("tls", c.tls ? c.tls.protocol + " " + c.tls.cipherSuite +
        (c.tls.clientCertificate ? ", client " + c.tls.clientCertificate : "") : "\u2014");
    cell("activity", c.activity + ", " + c.requestsServed + " served");
    table.append(row);
  }
  box.append(table);
  return box;
}

function renderServers(data) {
  const root = document.getElementById("servers");
  root.replaceChildren();
  for (const s of data.servers) {
    const recorded = record(s, data.time);
    const latest = recorded.rates.length ? recorded.rates[recorded.rates.length - 1].requests : 0;
    const card = text("div", "card server", "");
    card.dataset.server = s.name;
    card.append(text("h2", "", s.name + " :" + s.port));
    card.append(text("div", "label state-" + s.state, s.state));
    const row = text("div", "row", "");
    const figure = (value, label, name) => {
      const box = text("div", "", "");
      const v = text("div", "figure", String(value));
      v.dataset.figure = name;
      box.append(v, text("div", "label", label));
      return box;
    };
    row.append(figure(s.activeConnections, "active connections", "active"),
               figure(latest.toFixed(1), "requests / s", "rate"),
               figure(s.requests, "requests in all", "requests"));
    card.append(row);
    card.append(rateChart(s.name, recorded), legend());
    const total = Math.max(1, s.framing["content-length"] + s.framing["chunked"] + s.framing["close"]);
    for (const kind of FRAMINGS) {
      const line = text("div", "", "");
      const bar = text("span", "bar " + kind, "");
      bar.style.width = (12 * s.framing[kind] / total) + "rem";
      const count = text("span", "label", " " + kind + ": " + s.framing[kind]);
      count.dataset.framing = kind;
      line.append(bar, count);
      card.append(line);
    }
    card.append(connectionTable(s));
    root.append(card);
  }
}

/** Where the ray from a box's centre towards (dx, dy) leaves the box. */
function boundary(centre, halfWidth, halfHeight, dx, dy) {
  const t = Math.min(dx === 0 ? Infinity : halfWidth / Math.abs(dx), dy === 0 ? Infinity : halfHeight / Math.abs(dy));
  return { x: centre.x + dx * t, y: centre.y + dy * t };
}

function renderGraph(graph) {
  const view = document.getElementById("graph");
  const caption = document.getElementById("graph-caption");
  view.replaceChildren();
  if (!graph) {
    caption.textContent = "No connection open right now: open /ticker on the API to see one.";
    return;
  }
  caption.textContent = "Connection " + graph.connection + " on " + graph.server +
      ": each box is a component, each arrow a linkage between their boxes; the number on an arrow is how many" +
      " messages wait in the inbox it feeds, and a thick red arrow feeds a full inbox (its producer waits).";
  const boxWidth = 160, boxHeight = 44, columnStep = 190, rowStep = 140;
  const depth = {};
  for (const c of graph.components) depth[c.id] = c.parent && depth[c.parent] !== undefined ? depth[c.parent] + 1 : 0;
  const columns = {};
  const position = {};
  const boxes = {};
  let rows = 1;
  for (const c of graph.components) {
    const d = depth[c.id];
    columns[d] = (columns[d] || 0) + 1;
    rows = Math.max(rows, d + 1);
    position[c.id] = { x: 20 + (columns[d] - 1) * columnStep, y: 30 + d * rowStep };
    for (const b of c.boxes) boxes[c.id + "/" + b.name] = b;
  }
  view.setAttribute("viewBox", "0 0 960 " + (rows * rowStep + 40));
  const defs = svg("defs");
  for (const [id, colour] of [["arrow", "#5b6b7c"], ["arrow-full", "#d9480f"]]) {
    const marker = svg("marker", { id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9,
        markerUnits: "userSpaceOnUse", orient: "auto" });
    marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }));
    defs.append(marker);
  }
  view.append(defs);
  const parallel = {}; // linkages already drawn between the same two components, so the next one bends further
  const labels = [];
  for (const l of graph.linkages) {
    const a = position[l.from], b = position[l.to];
    if (!a || !b || l.from === l.to) continue;
    const pair = l.from + ">" + l.to;
    const nth = parallel[pair] = (parallel[pair] || 0) + 1;
    const ca = { x: a.x + boxWidth / 2, y: a.y + boxHeight / 2 }, cb = { x: b.x + boxWidth / 2, y: b.y + boxHeight / 2 };
    const dx = cb.x - ca.x, dy = cb.y - ca.y, length = Math.hypot(dx, dy);
    // bend to the left of the direction of travel, so a linkage and its reply do not overlap
    const bend = (a.y === b.y ? 40 + length * 0.12 : 0) + (nth - 1) * 26;
    const control = { x: (ca.x + cb.x) / 2 - dy / length * bend, y: (ca.y + cb.y) / 2 + dx / length * bend };
    const start = boundary(ca, boxWidth / 2, boxHeight / 2, control.x - ca.x, control.y - ca.y);
    const end = boundary(cb, boxWidth / 2, boxHeight / 2, control.x - cb.x, control.y - cb.y);
    // the messages of a linkage wait in its destination box: an inbox, or nothing for an outbox passthrough
    const target = boxes[l.to + "/" + l.toBox];
    const inbox = target && target.direction === "in";
    const queued = inbox ? target.queued : 0;
    const full = inbox && target.full === true;
    const edge = svg("path", {
      class: "linkage" + (full ? " full" : "") + (l.kind === "LINK" ? "" : " passthrough"),
      d: `M${start.x.toFixed(1)},${start.y.toFixed(1)} Q${control.x.toFixed(1)},${control.y.toFixed(1)} ${end.x.toFixed(1)},${end.y.toFixed(1)}`,
      fill: "none",
      stroke: full ? "#d9480f" : l.kind === "LINK" ? "#5b6b7c" : "#adb5bd",
      "stroke-width": full ? 4 : (1.5 + Math.min(3, Math.log2(1 + queued))).toFixed(1),
      "stroke-dasharray": l.kind === "LINK" ? "" : "4 3",
      "marker-end": full ? "url(#arrow-full)" : "url(#arrow)",
      "data-linkage": l.fromBox + ">" + l.toBox, "data-kind": l.kind, "data-queued": queued, "data-full": full
    });
    const detail = inbox
        ? `: ${queued} queued, weight ${target.weight} of ${target.capacity}${full ? " (full)" : ""}`
        : " (an outbox: nothing waits here)";
    edge.append(svg("title", {}, l.fromBox + " \u2192 " + l.toBox + detail));
    view.append(edge);
    if (inbox) {
      const mid = { x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x, y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y };
      labels.push(svg("text", { class: "queue-label" + (full ? " full" : ""), x: mid.x.toFixed(1), y: (mid.y + 4).toFixed(1),
          "text-anchor": "middle", "data-queued": queued, "data-full": full }, full ? queued + " full" : String(queued)));
    }
  }
  for (const c of graph.components) {
    const p = position[c.id];
    const g = svg("g", { class: "component" });
    const anyFull = c.boxes.some(b => b.full === true);
    g.append(svg("rect", { x: p.x, y: p.y, width: boxWidth, height: boxHeight, rx: 6, fill: "#eef2f6",
        stroke: anyFull ? "#d9480f" : "#2a7ab8" }));
    g.append(svg("text", { x: p.x + 8, y: p.y + 18, "font-size": 12 }, c.name));
    const names = c.boxes.map(b => b.name).join(" \u00b7 ");
    g.append(svg("text", { x: p.x + 8, y: p.y + 34, "font-size": 9, fill: "#5b6b7c" },
        names.length > 34 ? c.boxes.length + " boxes (hover for details)" : names));
    g.append(svg("title", {}, c.boxes.map(b => b.direction + " " + b.name + ": " + b.description +
        (b.direction === "in" ? " [" + b.queued + " queued, " + b.weight + "/" + b.capacity + (b.full ? ", full" : "") + "]" : ""))
        .join("\n")));
    view.append(g);
  }
  // labels last, so no box hides them
  for (const label of labels) view.append(label);
}

async function refresh() {
  try {
    const response = await fetch("/dashboard/data", { cache: "no-store" });
    const data = await response.json();
    renderServers(data);
    renderGraph(data.graph);
    document.body.dataset.updated = String(data.time);
  } catch (e) {
    document.getElementById("servers").textContent = "The site server is not answering: " + e;
  }
}

refresh();
setInterval(refresh, 1000);
