/* samestory report — renders the embedded story data (inlined into every
 * report page).  Every piece of article text goes into the page through
 * textContent, never as markup, so text that looks like HTML stays text. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("ss-data").textContent);
  var PAGE = 100;        /* stories per page of the list */
  var SHOW = 20;         /* articles listed before "show all" */
  var GRAPH_MAX = 60;    /* articles drawn in the relation graph */
  var stories = DATA.stories.slice();
  stories.sort(function (a, b) {
    if (b.articles.length !== a.articles.length) return b.articles.length - a.articles.length;
    return (a.first_date || "").localeCompare(b.first_date || "");
  });
  var shown = stories, page = 0, current = -1;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) { e.textContent = String(text); e.dir = "auto"; }
    return e;
  }
  function badge(text, cls) { var b = el("span", "badge" + (cls ? " " + cls : ""), text); b.title = String(text); return b; }
  function section(parent, title) { var h = el("h3", null, title); parent.appendChild(h); return h; }
  function byId(s) { var m = {}; s.articles.forEach(function (a, i) { m[a.id] = i; }); return m; }
  function idBadges(ids) {
    var p = el("div", "ids");
    ids.forEach(function (id) { p.appendChild(badge(id)); });
    return p;
  }
  function cps(text) { return Array.from(text || ""); } /* code points */

  /* ---- the story list ---- */
  function renderList() {
    var ol = document.getElementById("story-list");
    ol.textContent = "";
    var start = page * PAGE, end = Math.min(shown.length, start + PAGE);
    for (var i = start; i < end; i++) {
      var s = shown[i], li = el("li"), b = el("button");
      b.type = "button";
      b.dataset.index = String(stories.indexOf(s));
      var t = s.title || s.first;
      b.appendChild(el("span", "st-title", t.length > 160 ? t.slice(0, 157) + "…" : t));
      var meta = s.articles.length + (s.articles.length === 1 ? " article" : " articles") +
        " · " + (s.languages || []).join(", ") + (s.first_date ? " · " + s.first_date : "");
      b.appendChild(el("span", "st-meta", meta));
      b.setAttribute("aria-current", String(stories.indexOf(s) === current));
      b.addEventListener("click", onPick);
      b.addEventListener("keydown", onListKey);
      li.appendChild(b);
      ol.appendChild(li);
    }
    var pager = document.getElementById("pager");
    pager.textContent = "";
    if (shown.length > PAGE) {
      var prev = el("button", null, "◀ Previous"), next = el("button", null, "Next ▶");
      prev.disabled = page === 0;
      next.disabled = end >= shown.length;
      prev.addEventListener("click", function () { page--; renderList(); });
      next.addEventListener("click", function () { page++; renderList(); });
      pager.appendChild(prev);
      pager.appendChild(el("span", "muted", (start + 1) + "–" + end + " of " + shown.length));
      pager.appendChild(next);
    }
  }
  function onPick(ev) { select(Number(ev.currentTarget.dataset.index)); }
  function onListKey(ev) {
    var li = ev.currentTarget.parentNode, to = null;
    if (ev.key === "ArrowDown" || ev.key === "j") to = li.nextElementSibling;
    if (ev.key === "ArrowUp" || ev.key === "k") to = li.previousElementSibling;
    if (to) { ev.preventDefault(); to.firstChild.focus(); select(Number(to.firstChild.dataset.index)); }
  }
  function filter(q) {
    q = q.trim().toLowerCase();
    shown = !q ? stories : stories.filter(function (s) {
      if ((s.title || "").toLowerCase().indexOf(q) >= 0) return true;
      if ((s.languages || []).indexOf(q) >= 0) return true;
      return s.articles.some(function (a) {
        return (a.title || "").toLowerCase().indexOf(q) >= 0 || a.id.toLowerCase().indexOf(q) >= 0 ||
          (a.source || "").toLowerCase().indexOf(q) >= 0;
      });
    });
    page = 0;
    renderList();
  }

  /* ---- one story ---- */
  function select(i) {
    if (i < 0 || i >= stories.length) return;
    current = i;
    Array.prototype.forEach.call(document.querySelectorAll("#story-list button"), function (b) {
      b.setAttribute("aria-current", String(Number(b.dataset.index) === i));
    });
    renderStory(stories[i]);
    if (location.hash !== "#story-" + stories[i].story) history.replaceState(null, "", "#story-" + stories[i].story);
  }

  function renderStory(s) {
    var main = document.getElementById("story");
    main.textContent = "";
    main.appendChild(el("h2", null, s.title || s.first));
    var n = s.articles.length;
    var lede = n + (n === 1 ? " article" : " articles");
    if (s.sources !== undefined) lede += " from " + s.sources + (s.sources === 1 ? " source" : " independent sources");
    if (s.first_date) lede += " · " + s.first_date + (s.last_date && s.last_date !== s.first_date ? " to " + s.last_date : "");
    var p = el("p", "lede", lede + " · ");
    (s.languages || []).forEach(function (l) { p.appendChild(badge(l, "lang")); });
    main.appendChild(p);
    if (n === 1) main.appendChild(el("p", "muted", "Only one article reports this story: there is nothing to compare."));
    timeline(main, s);
    if (n > 1) graph(main, s);
    listSection(main, s, "What the sources agree on", s.agree, "agree", function (x) { return [x.text, x.ids]; });
    uniqueSection(main, s);
    conflicts(main, s);
    quotes(main, s);
    variants(main, s);
    articles(main, s);
    if (n > 1) compareView(main, s);
    main.focus({ preventScroll: true });
    main.scrollTop = 0;
    window.scrollTo(0, 0);
  }

  function timeline(main, s) {
    var dated = s.articles.filter(function (a) { return a.date && !isNaN(Date.parse(a.date)); });
    if (dated.length < 1) return;
    section(main, "Timeline");
    var t = dated.map(function (a) { return Date.parse(a.date); });
    var lo = Math.min.apply(null, t), hi = Math.max.apply(null, t), span = Math.max(hi - lo, 1);
    var box = el("div", "timeline");
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", "Articles by publication time");
    dated.forEach(function (a, i) {
      var d = el("span", "tick");
      d.style.left = (4 + 92 * (t[i] - lo) / span) + "%";
      d.title = a.date + " — " + (a.title || a.id);
      box.appendChild(d);
    });
    var l1 = el("span", "lbl", new Date(lo).toISOString().slice(0, 16).replace("T", " "));
    l1.style.left = "1%";
    var l2 = el("span", "lbl", new Date(hi).toISOString().slice(0, 16).replace("T", " "));
    l2.style.right = "1%";
    box.appendChild(l1);
    box.appendChild(l2);
    main.appendChild(box);
    if (dated.length < s.articles.length)
      main.appendChild(el("p", "muted", (s.articles.length - dated.length) + " article(s) without a date."));
  }

  var COLORS = { duplicate: "var(--dup)", reuse: "var(--reuse)", translation: "var(--trans)", "same-event": "var(--event)" };
  function graph(main, s) {
    section(main, "How the articles relate");
    var NS = "http://www.w3.org/2000/svg", idx = byId(s);
    var nodes = s.articles.slice(0, GRAPH_MAX), m = nodes.length;
    var W = 720, H = Math.max(260, Math.min(560, 120 + m * 14)), cx = W / 2, cy = H / 2, r = Math.min(cx, cy) - 70;
    var box = el("div", "graph"), svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Relation graph: " + (s.relations || []).length + " links between " + m + " articles");
    var defs = document.createElementNS(NS, "defs"), mk = document.createElementNS(NS, "marker");
    mk.setAttribute("id", "arrow-" + s.story);
    mk.setAttribute("viewBox", "0 0 10 10"); mk.setAttribute("refX", "18"); mk.setAttribute("refY", "5");
    mk.setAttribute("markerWidth", "7"); mk.setAttribute("markerHeight", "7"); mk.setAttribute("orient", "auto");
    var ap = document.createElementNS(NS, "path");
    ap.setAttribute("d", "M0,0 L10,5 L0,10 z"); ap.setAttribute("fill", "#c2571a");
    mk.appendChild(ap); defs.appendChild(mk); svg.appendChild(defs);
    var pos = nodes.map(function (a, i) {
      var ang = -Math.PI / 2 + 2 * Math.PI * i / m;
      return [cx + r * Math.cos(ang), cy + r * Math.sin(ang)];
    });
    (s.relations || []).forEach(function (rel) {
      var a = idx[rel.a], b = idx[rel.b];
      if (a === undefined || b === undefined || a >= m || b >= m) return;
      var line = document.createElementNS(NS, "line");
      /* reuse points from the source to the article that took from it */
      var from = rel.type === "reuse" && rel.source === rel.a ? a : b, to = from === a ? b : a;
      line.setAttribute("x1", pos[from][0]); line.setAttribute("y1", pos[from][1]);
      line.setAttribute("x2", pos[to][0]); line.setAttribute("y2", pos[to][1]);
      line.setAttribute("stroke", COLORS[rel.type] || COLORS["same-event"]);
      line.setAttribute("stroke-width", String(1 + 3 * (rel.score || 0)));
      if (rel.type === "duplicate") line.setAttribute("stroke-dasharray", "5 4");
      if (rel.type === "reuse") line.setAttribute("marker-end", "url(#arrow-" + s.story + ")");
      var tt = document.createElementNS(NS, "title");
      tt.textContent = rel.a + " — " + rel.type + " — " + rel.b + " (" + rel.score + ")";
      line.appendChild(tt);
      svg.appendChild(line);
    });
    nodes.forEach(function (a, i) {
      var g = document.createElementNS(NS, "g"), c = document.createElementNS(NS, "circle");
      c.setAttribute("cx", pos[i][0]); c.setAttribute("cy", pos[i][1]); c.setAttribute("r", "9");
      c.setAttribute("fill", "#fff"); c.setAttribute("stroke", "#39424e"); c.setAttribute("stroke-width", "2");
      var t = document.createElementNS(NS, "text"), right = pos[i][0] >= cx;
      t.setAttribute("x", pos[i][0] + (right ? 14 : -14)); t.setAttribute("y", pos[i][1] + 4);
      t.setAttribute("text-anchor", right ? "start" : "end"); t.setAttribute("font-size", "12");
      var label = a.id.length > 28 ? a.id.slice(0, 26) + "…" : a.id;
      t.textContent = label + (a.lang ? " [" + a.lang + "]" : "");
      var tt = document.createElementNS(NS, "title");
      tt.textContent = (a.title || a.id) + (a.source ? " — " + a.source : "");
      g.appendChild(tt); g.appendChild(c); g.appendChild(t);
      svg.appendChild(g);
    });
    box.appendChild(svg);
    var legend = el("ul", "legend");
    [["same-event", "same event"], ["duplicate", "duplicate (dashed)"], ["reuse", "reuse (arrow from the source)"],
     ["translation", "translation"]].forEach(function (x) {
      var li = el("li"), i = el("i");
      i.style.background = COLORS[x[0]];
      li.appendChild(i); li.appendChild(document.createTextNode(x[1]));
      legend.appendChild(li);
    });
    box.appendChild(legend);
    if (s.articles.length > m) box.appendChild(el("p", "muted", "The graph shows the first " + m + " of " + s.articles.length + " articles."));
    main.appendChild(box);
  }

  function listSection(main, s, title, items, cls, parts) {
    if (!items || !items.length) return;
    section(main, title);
    var wrap = el("div", "cards");
    items.forEach(function (x) {
      var pr = parts(x), c = el("div", "card " + cls);
      c.appendChild(el("p", null, pr[0]));
      c.appendChild(idBadges(pr[1]));
      wrap.appendChild(c);
    });
    main.appendChild(wrap);
  }

  function uniqueSection(main, s) {
    var u = s.unique || {}, keys = Object.keys(u);
    if (!keys.length || s.articles.length < 2) return;
    section(main, "What each source adds");
    keys.forEach(function (id) {
      var d = el("details"), sm = el("summary", null, id + " — " + u[id].length + (u[id].length === 1 ? " sentence" : " sentences"));
      d.appendChild(sm);
      d.open = keys.length <= 3;
      var wrap = el("div", "cards");
      u[id].forEach(function (t) { var c = el("div", "card unique"); c.appendChild(el("p", null, t)); wrap.appendChild(c); });
      d.appendChild(wrap);
      main.appendChild(d);
    });
  }

  function highlight(text, value) {
    var p = el("p");
    p.dir = "auto";
    var i = value ? text.indexOf(value) : -1;
    if (i < 0 && value) {
      /* the value as written may carry separators ("2,300" for 2300) */
      var re = new RegExp(value.replace(/\./g, "[.,]").replace(/(\d)(?=(\d{3})+(?!\d))/g, "$1[,. ]?"));
      var mm = re.exec(text);
      if (mm) { i = mm.index; value = mm[0]; }
    }
    if (i < 0) { p.textContent = text; return p; }
    p.appendChild(document.createTextNode(text.slice(0, i)));
    p.appendChild(el("mark", null, text.slice(i, i + value.length)));
    p.appendChild(document.createTextNode(text.slice(i + value.length)));
    return p;
  }

  function conflicts(main, s) {
    if (!s.conflicts || !s.conflicts.length) return;
    section(main, "Where the sources conflict");
    var wrap = el("div", "cards");
    s.conflicts.forEach(function (c) {
      var card = el("div", "card conflict");
      card.appendChild(el("p", "speaker", c.what + (c.about ? ": " + c.about : "")));
      var tb = el("table"), hd = el("tr");
      ["value", "said by", "in the words of the first of them"].forEach(function (h) { hd.appendChild(el("th", null, h)); });
      tb.appendChild(hd);
      c.values.forEach(function (v) {
        var tr = el("tr"), td1 = el("td", "conflict-value", v.value), td2 = el("td", "by"), td3 = el("td");
        td2.appendChild(idBadges(v.ids));
        td3.appendChild(highlight(v.text || "", v.shown || v.value));
        tr.appendChild(td1); tr.appendChild(td2); tr.appendChild(td3);
        tb.appendChild(tr);
      });
      card.appendChild(tb);
      wrap.appendChild(card);
    });
    main.appendChild(wrap);
  }

  function quotes(main, s) {
    if (!s.quotes || !s.quotes.length) return;
    section(main, "Who is quoted saying what");
    var by = {}, order = [];
    s.quotes.forEach(function (q) {
      var k = q.speaker || "Unattributed";
      if (!by[k]) { by[k] = []; order.push(k); }
      by[k].push(q);
    });
    order.forEach(function (k) {
      main.appendChild(el("p", "speaker", k));
      by[k].forEach(function (q) {
        var c = el("div", "card");
        c.appendChild(el("blockquote", null, "“" + q.quote + "”"));
        c.appendChild(idBadges(q.ids));
        main.appendChild(c);
      });
    });
  }

  function variants(main, s) {
    if (!s.variants || !s.variants.length) return;
    section(main, "One name, several spellings");
    var tb = el("table"), hd = el("tr");
    ["name", "spelled", "by"].forEach(function (h) { hd.appendChild(el("th", null, h)); });
    tb.appendChild(hd);
    s.variants.forEach(function (v) {
      v.forms.forEach(function (f, i) {
        var tr = el("tr");
        tr.appendChild(el("td", null, i === 0 ? v.name : ""));
        tr.appendChild(el("td", null, f.value));
        var td = el("td");
        td.appendChild(idBadges(f.ids));
        tr.appendChild(td);
        tb.appendChild(tr);
      });
    });
    main.appendChild(tb);
  }

  function articles(main, s) {
    section(main, "Articles");
    var tb = el("table"), hd = el("tr");
    ["id", "source", "lang", "date", "title"].forEach(function (h) { hd.appendChild(el("th", null, h)); });
    tb.appendChild(hd);
    function row(a) {
      var tr = el("tr");
      tr.appendChild(el("td", null, a.id));
      tr.appendChild(el("td", null, a.source || ""));
      tr.appendChild(el("td", null, a.lang || ""));
      tr.appendChild(el("td", null, a.date ? a.date.replace("T", " ").replace(/:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/, "") : ""));
      var td = el("td"), d = el("details"), sm = el("summary", null, a.title || "(no title)");
      d.appendChild(sm);
      d.addEventListener("toggle", function () {
        if (d.open && !d.dataset.filled) { d.dataset.filled = "1"; d.appendChild(el("div", "article-text", a.text)); }
      });
      td.appendChild(d);
      tr.appendChild(td);
      return tr;
    }
    s.articles.slice(0, SHOW).forEach(function (a) { tb.appendChild(row(a)); });
    main.appendChild(tb);
    if (s.articles.length > SHOW) {
      var more = el("button", "btn", "Show all " + s.articles.length + " articles");
      more.type = "button";
      more.addEventListener("click", function () {
        s.articles.slice(SHOW).forEach(function (a) { tb.appendChild(row(a)); });
        more.remove();
      });
      main.appendChild(more);
    }
  }

  function compareView(main, s) {
    section(main, "Side by side");
    var bar = el("div", "compare-bar");
    function picker(label, sel) {
      var l = el("label", null, label + " ");
      var se = el("select");
      s.articles.forEach(function (a, i) {
        var o = el("option", null, a.id + (a.source ? " — " + a.source : ""));
        o.value = String(i);
        se.appendChild(o);
      });
      se.value = String(sel);
      l.appendChild(se);
      bar.appendChild(l);
      return se;
    }
    var sa = picker("Left", 0), sb = picker("Right", 1);
    main.appendChild(bar);
    main.appendChild(el("p", "muted", "Green rows say the same thing; yellow cells only one side has; " +
      "highlighted words are passages one article took from the other."));
    var out = el("div");
    main.appendChild(out);
    function draw() { out.textContent = ""; out.appendChild(sideBySide(s, Number(sa.value), Number(sb.value))); }
    sa.addEventListener("change", draw);
    sb.addEventListener("change", draw);
    draw();
  }

  /* Rows of two articles' sentences, aligned where they say the same thing. */
  function sideBySide(s, ia, ib) {
    var A = s.articles[ia], B = s.articles[ib];
    var grid = el("div", "side");
    grid.setAttribute("role", "table");
    grid.setAttribute("aria-label", "Sentences of " + A.id + " beside " + B.id);
    grid.appendChild(el("div", "hd", A.id));
    grid.appendChild(el("div", "hd", B.id));
    function sents(a) {
      var c = cps(a.text);
      return (a.sentences || []).map(function (x) {
        return { text: c.slice(x[0], x[1]).join(""), chars: c.slice(x[0], x[1]), from: x[0], group: x[2] };
      });
    }
    /* reused passages between the two: code point spans on each side */
    var spansA = [], spansB = [];
    (s.reuse || []).forEach(function (p) {
      if (p.a === A.id && p.b === B.id) { spansA.push(p.a_span); spansB.push(p.b_span); }
      else if (p.a === B.id && p.b === A.id) { spansA.push(p.b_span); spansB.push(p.a_span); }
    });
    var sa = sents(A), sb = sents(B), inB = {}, used = {};
    sb.forEach(function (x, j) { if (x.group >= 0 && inB[x.group] === undefined) inB[x.group] = j; });
    var j = 0;
    function cell(x, cls, spans) {
      var c = el("div", "cell " + cls);
      c.setAttribute("role", "cell");
      c.dir = "auto";
      /* the article's language, so that Han characters take the glyphs of
         Chinese or Japanese as the text is written */
      var art = spans === spansA ? A : spans === spansB ? B : null;
      if (art && art.lang && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(art.lang)) c.lang = art.lang;
      if (!x) return c;
      /* mark the reused parts of the sentence */
      var marks = [];
      (spans || []).forEach(function (sp) {
        var a = Math.max(sp[0], x.from) - x.from, b = Math.min(sp[1], x.from + x.chars.length) - x.from;
        if (b > a) marks.push([a, b]);
      });
      marks.sort(function (p, q) { return p[0] - q[0]; });
      var at = 0;
      marks.forEach(function (m) {
        if (m[0] < at) m[0] = at;
        if (m[1] <= m[0]) return;
        c.appendChild(document.createTextNode(x.chars.slice(at, m[0]).join("")));
        var mk = el("mark", null, x.chars.slice(m[0], m[1]).join(""));
        mk.title = "reused passage";
        c.appendChild(mk);
        at = m[1];
      });
      c.appendChild(document.createTextNode(x.chars.slice(at).join("")));
      return c;
    }
    function flushB(upto) {
      for (; j < upto; j++) {
        if (used[j]) continue;
        grid.appendChild(cell(null, "empty"));
        grid.appendChild(cell(sb[j], sb[j].group >= 0 && sa.some(function (x) { return x.group === sb[j].group; }) ? "shared" : "own", spansB));
      }
    }
    sa.forEach(function (x) {
      var k = x.group >= 0 ? inB[x.group] : undefined;
      if (k !== undefined && !used[k] && k >= j) {
        flushB(k);
        grid.appendChild(cell(x, "shared", spansA));
        grid.appendChild(cell(sb[k], "shared", spansB));
        used[k] = true;
        j = k + 1;
      } else {
        grid.appendChild(cell(x, "own", spansA));
        grid.appendChild(cell(null, "empty"));
      }
    });
    flushB(sb.length);
    if (ia === ib) grid.insertBefore(el("div", "cell muted", "Pick two different articles."), grid.children[2]);
    return grid;
  }

  /* ---- page ---- */
  document.getElementById("meta").textContent = stories.length + " stories, " +
    stories.reduce(function (n, s) { return n + s.articles.length; }, 0) + " articles" +
    (DATA.generated ? " · generated " + DATA.generated : "");
  var f = document.getElementById("filter");
  f.addEventListener("input", function () { filter(f.value); });
  document.addEventListener("keydown", function (ev) {
    if (ev.target && (ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT")) {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    if (ev.key === "/") { ev.preventDefault(); f.focus(); }
    else if (ev.key === "j" || ev.key === "k") {
      var pos = shown.indexOf(stories[current]), to = pos + (ev.key === "j" ? 1 : -1);
      if (to >= 0 && to < shown.length) {
        page = Math.floor(to / PAGE);
        select(stories.indexOf(shown[to]));
        renderList();
      }
    }
  });
  renderList();
  var want = /^#story-(\d+)$/.exec(location.hash), start = 0;
  if (want) stories.forEach(function (s, i) { if (String(s.story) === want[1]) start = i; });
  if (stories.length) select(start);
  else document.getElementById("story").appendChild(el("p", "muted", "No stories: the input held no articles."));
})();
