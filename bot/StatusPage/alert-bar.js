/* SupportBot alert bar. Embed with:
 *   <script src="https://your-bot/status/alert-bar.js" async></script>
 * While any public incident is open it shows a dismissible bar with the incident's title and a link to the
 * status page; otherwise it shows nothing. Optional: data-poll-seconds="60" (how often it checks again). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__supportBotAlertBar) return;
  window.__supportBotAlertBar = true;

  var base = script.src.replace(/\/status\/alert-bar\.js(\?.*)?$/, "");
  var poll = Math.max(1, parseInt(script.getAttribute("data-poll-seconds") || "60", 10) || 60);
  var storageKey = "supportbot-alert-bar-dismissed";
  var barId = "supportbot-alert-bar";
  var colours = { critical: "#c4161c", major: "#b34100", minor: "#7d5a00", none: "#0b57d0" };

  function dismissed() {
    try { return sessionStorage.getItem(storageKey) || ""; } catch (e) { return ""; }
  }

  function remove() {
    var bar = document.getElementById(barId);
    if (bar) bar.parentNode.removeChild(bar);
  }

  /** Links in status.json are relative when the bot does not know its public address: resolved against the bot's.
   *  Only http(s) ever becomes the link; anything else (javascript:, data:, garbage) links to the status page. */
  function statusLink(shortlink) {
    try {
      var url = new URL(String(shortlink || ""), base + "/");
      if (shortlink && (url.protocol === "https:" || url.protocol === "http:")) return url.href;
    } catch (e) { /* not a URL */ }
    return base + "/status";
  }

  function show(summary) {
    var open = summary.incidents || [];
    var key = open.map(function (i) { return i.id; }).join(",");
    if (open.length === 0 || key === dismissed()) { remove(); return; }

    var first = open[0];
    var bar = document.getElementById(barId);
    if (!bar) {
      bar = document.createElement("div");
      bar.id = barId;
      bar.setAttribute("role", "region");
      bar.setAttribute("aria-label", "Service status");
      bar.style.cssText = "position:relative;z-index:2147483647;display:flex;align-items:center;gap:.75em;" +
        "padding:.6em 1em;color:#fff;font:15px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;";
      document.body.insertBefore(bar, document.body.firstChild);
    }
    bar.style.background = Object.prototype.hasOwnProperty.call(colours, first.impact) ? colours[first.impact] : colours.none;
    bar.setAttribute("data-incidents", key);
    bar.textContent = "";

    var text = document.createElement("span");
    text.setAttribute("aria-live", "polite");
    text.style.flex = "1";
    text.textContent = String(first.name) + (open.length > 1 ? " (and " + (open.length - 1) + " more)" : "") + " ";
    var link = document.createElement("a");
    link.href = statusLink(first.shortlink);
    link.textContent = "Status page";
    link.style.cssText = "color:#fff;text-decoration:underline;font-weight:600;white-space:nowrap;";
    text.appendChild(link);

    var close = document.createElement("button");
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    close.style.cssText = "background:transparent;border:1px solid rgba(255,255,255,.7);color:#fff;border-radius:4px;" +
      "font:inherit;font-size:1.2em;line-height:1;padding:.15em .5em;cursor:pointer;";
    close.onclick = function () {
      try { sessionStorage.setItem(storageKey, key); } catch (e) { /* private mode: dismiss for this page only */ }
      remove();
    };

    bar.appendChild(text);
    bar.appendChild(close);
  }

  function check() {
    // no-cache: revalidate with the ETag every time; an unchanged status costs a 304.
    fetch(base + "/status.json", { cache: "no-cache", credentials: "omit" })
      .then(function (r) { if (!r.ok) throw new Error("status " + r.status); return r.json(); })
      .then(show)
      .catch(function () { /* the bar is a courtesy: never break the host page */ })
      .then(function () { setTimeout(check, poll * 1000); });
  }

  if (document.body) check(); else document.addEventListener("DOMContentLoaded", check);
})();
