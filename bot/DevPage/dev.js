// The try-out page: posts sample webhooks and renders the bot's cards with the Adaptive Cards renderer.
(function () {
  "use strict";
  var resultEl = document.getElementById("result");
  var incidentsEl = document.getElementById("incidents");
  var cardsEl = document.getElementById("cards");
  var warningsEl = document.getElementById("renderer-warnings");

  if (!window.AdaptiveCards) {
    cardsEl.innerHTML = '<p class="problem">The Adaptive Cards renderer is not available: run <code>npm ci</code> in <code>web/</code> and build again.</p>';
    return;
  }

  var markdown = window.markdownit ? window.markdownit({ html: false, linkify: true, breaks: true }) : null;
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    if (!markdown) return;
    result.outputHtml = markdown.render(text);
    result.didProcess = true;
  };

  // Close to Teams' light theme, so the cards look here as they will in a channel.
  var colours = {
    default: { default: "#242424", subtle: "#616161" },
    dark: { default: "#242424", subtle: "#616161" },
    light: { default: "#FFFFFF", subtle: "#FFFFFF" },
    accent: { default: "#4F52B2", subtle: "#6264A7" },
    good: { default: "#0E700E", subtle: "#0E700E" },
    warning: { default: "#8A3707", subtle: "#8A3707" },
    attention: { default: "#C4314B", subtle: "#C4314B" },
  };
  function style(background) { return { backgroundColor: background, foregroundColors: colours }; }
  var hostConfig = new AdaptiveCards.HostConfig({
    fontFamily: "'Segoe UI', system-ui, -apple-system, Roboto, sans-serif",
    containerStyles: {
      default: style("#FFFFFF"), emphasis: style("#F5F5F5"), accent: style("#E8EBFA"),
      good: style("#E7F2DA"), attention: style("#FDE7E9"), warning: style("#FBF0E3"),
    },
  });

  function text(tag, content, className) {
    var el = document.createElement(tag);
    el.textContent = content;
    if (className) el.className = className;
    return el;
  }

  /** Renders one card; returns the element and what the renderer complained about (parse and validation events). */
  function render(payload) {
    var card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = hostConfig;
    var context = new AdaptiveCards.SerializationContext();
    card.parse(payload, context);
    var warnings = [];
    for (var i = 0; i < context.eventCount; i++) warnings.push(context.getEventAt(i).message);
    card.validateProperties().validationEvents.forEach(function (e) { warnings.push(e.message); });
    card.onExecuteAction = function (action) {
      if (action instanceof AdaptiveCards.OpenUrlAction) window.open(action.url, "_blank", "noopener");
    };
    return { element: card.render(), warnings: warnings };
  }

  function showIncidents(incidents) {
    incidentsEl.textContent = "";
    if (incidents.length === 0) {
      incidentsEl.appendChild(text("p", "No incidents yet: post the firing alert."));
      return;
    }
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    ["Incident", "Title", "Service", "Severity", "State"].forEach(function (h) { var th = document.createElement("th"); th.textContent = h; head.appendChild(th); });
    var body = table.createTBody();
    incidents.forEach(function (i) {
      var row = body.insertRow();
      [i.id, i.title, i.service, i.severity, i.status].forEach(function (v) { row.insertCell().textContent = v; });
    });
    incidentsEl.appendChild(table);
  }

  function showCards(cards) {
    cardsEl.textContent = "";
    warningsEl.textContent = "";
    var total = 0;
    cards.forEach(function (entry) {
      var figure = document.createElement("figure");
      figure.setAttribute("data-card", entry.id);
      figure.appendChild(text("figcaption", entry.title));
      var rendered = render(entry.card);
      if (rendered.element) figure.appendChild(rendered.element);
      rendered.warnings.forEach(function (w) {
        total++;
        warningsEl.appendChild(text("li", entry.id + ": " + w));
        console.warn("Adaptive Cards renderer, " + entry.id + ": " + w);
      });
      cardsEl.appendChild(figure);
    });
    document.body.setAttribute("data-renderer-warnings", String(total));
  }

  function refresh() {
    return fetch("/dev/cards.json", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        showIncidents(data.incidents);
        showCards(data.cards);
        document.body.setAttribute("data-cards-rendered", String(data.cards.length));
      });
  }

  function post(sample) {
    resultEl.textContent = "Posting " + sample + "…";
    return fetch("/dev/samples/" + sample)
      .then(function (r) { return r.text(); })
      .then(function (body) {
        return fetch("/api/webhooks/alertmanager", { method: "POST", headers: { "Content-Type": "application/json" }, body: body });
      })
      .then(function (r) { return r.json().then(function (answer) { return { status: r.status, answer: answer }; }); })
      .then(function (res) {
        resultEl.textContent = res.status === 202
          ? sample + ": " + res.status + " accepted " + res.answer.accepted + " alert(s); changed " + (res.answer.changedIncidents.join(", ") || "nothing (a resend changes nothing)")
          : sample + ": " + res.status + " " + (res.answer.title || "") + " " + (res.answer.detail || "");
        return refresh();
      });
  }

  document.querySelectorAll("button[data-sample]").forEach(function (button) {
    button.addEventListener("click", function () {
      button.disabled = true;
      post(button.getAttribute("data-sample")).then(function () { button.disabled = false; }, function (e) {
        button.disabled = false;
        resultEl.textContent = "Failed: " + e;
      });
    });
  });

  refresh();
})();
