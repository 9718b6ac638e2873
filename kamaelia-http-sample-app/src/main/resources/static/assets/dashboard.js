"use strict";
const previous = {};

function text(tag, cls, content) {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  el.textContent = content;
  return el;
}

function renderServers(data) {
  const root = document.getElementById("servers");
  root.replaceChildren();
  for (const s of data.servers) {
    const before = previous[s.name];
    const rate = before ? Math.max(0, (s.requests - before.requests) * 1000 / Math.max(1, data.time - before.time)) : 0;
    previous[s.name] = { requests: s.requests, time: data.time };
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
               figure(rate.toFixed(1), "requests / s", "rate"),
               figure(s.requests, "requests in all", "requests"));
    card.append(row);
    const total = Math.max(1, s.framing["content-length"] + s.framing["chunked"] + s.framing["close"]);
    for (const kind of ["content-length", "chunked", "close"]) {
      const line = text("div", "", "");
      const bar = text("span", "bar " + kind, "");
      bar.style.width = (12 * s.framing[kind] / total) + "rem";
      const count = text("span", "label", " " + kind + ": " + s.framing[kind]);
      count.dataset.framing = kind;
      line.append(bar, count);
      card.append(line);
    }
    root.append(card);
  }
}

function renderGraph(graph) {
  const svg = document.getElementById("graph");
  const caption = document.getElementById("graph-caption");
  svg.replaceChildren();
  if (!graph) {
    caption.textContent = "No connection open right now: open /ticker on the API to see one.";
    return;
  }
  caption.textContent = "Connection " + graph.connection + " on " + graph.server +
      ": each box is a component; arrows are linkages between their boxes.";
  const ns = "http://www.w3.org/2000/svg";
  const depth = {};
  for (const c of graph.components) depth[c.id] = c.parent && depth[c.parent] !== undefined ? depth[c.parent] + 1 : 0;
  const columns = {};
  const position = {};
  for (const c of graph.components) {
    const d = depth[c.id];
    columns[d] = (columns[d] || 0) + 1;
    position[c.id] = { x: 20 + (columns[d] - 1) * 190, y: 20 + d * 100 };
  }
  const marker = document.createElementNS(ns, "defs");
  marker.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#5b6b7c"/></marker>';
  svg.append(marker);
  for (const l of graph.linkages) {
    const a = position[l.from], b = position[l.to];
    if (!a || !b) continue;
    const line = document.createElementNS(ns, "line");
    line.setAttribute("x1", a.x + 80); line.setAttribute("y1", a.y + 40);
    line.setAttribute("x2", b.x + 80); line.setAttribute("y2", b.y + 4);
    line.setAttribute("stroke", l.kind === "LINK" ? "#5b6b7c" : "#adb5bd");
    line.setAttribute("stroke-dasharray", l.kind === "LINK" ? "" : "4 3");
    line.setAttribute("marker-end", "url(#arrow)");
    const title = document.createElementNS(ns, "title");
    title.textContent = l.fromBox + " \u2192 " + l.toBox;
    line.append(title);
    svg.append(line);
  }
  for (const c of graph.components) {
    const p = position[c.id];
    const g = document.createElementNS(ns, "g");
    g.setAttribute("class", "component");
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", p.x); rect.setAttribute("y", p.y);
    rect.setAttribute("width", 160); rect.setAttribute("height", 44); rect.setAttribute("rx", 6);
    rect.setAttribute("fill", "#eef2f6"); rect.setAttribute("stroke", "#2a7ab8");
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", p.x + 8); label.setAttribute("y", p.y + 18);
    label.setAttribute("font-size", "12");
    label.textContent = c.name;
    const boxes = document.createElementNS(ns, "text");
    boxes.setAttribute("x", p.x + 8); boxes.setAttribute("y", p.y + 34);
    boxes.setAttribute("font-size", "9"); boxes.setAttribute("fill", "#5b6b7c");
    const names = c.boxes.map(b => b.name).join(" \u00b7 ");
    boxes.textContent = names.length > 34 ? c.boxes.length + " boxes (hover for details)" : names;
    const title = document.createElementNS(ns, "title");
    title.textContent = c.boxes.map(b => b.direction + " " + b.name + ": " + b.description).join("\n");
    g.append(rect, label, boxes, title);
    svg.append(g);
  }
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
