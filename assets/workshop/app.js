// The phone's side of a frontline workshop. It joins with the room code,
// keeps a random token for this room only, waits for news from the server
// (a long poll that reconnects by itself) and sends one vote, which a later
// tap replaces. Every text from the server is set with textContent: nothing
// it sends is ever read as HTML.
"use strict";

const params = new URLSearchParams(location.search);
let code = (params.get("code") || "").toUpperCase().replace(/\s+/g, "");
let token = null;
let view = null;
let retryDelay = 500;

const $ = (id) => document.getElementById(id);

function tokenKey() { return "frontline-token-" + code; }

function setStatus(text, offline) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("offline", !!offline);
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({ cache: "no-store" }, options));
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  return { ok: response.ok, status: response.status, body };
}

function showJoin(message) {
  $("room").hidden = true;
  $("join").hidden = false;
  $("code").value = code;
  $("join-error").textContent = message || "";
  setStatus("Not joined");
}

async function join() {
  const r = await api("/api/join", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code }),
  });
  if (r.ok && r.body && r.body.token) {
    token = r.body.token;
    try { localStorage.setItem(tokenKey(), token); } catch (_) { /* private mode */ }
    history.replaceState(null, "", "/?code=" + encodeURIComponent(code));
    return true;
  }
  if (r.status === 403) {
    showJoin("That code doesn't match this room. Check the projector.");
  } else {
    showJoin((r.body && r.body.error) || "Couldn't join. Try again.");
  }
  return false;
}

function verdictClass(label) {
  if (label.startsWith("Strong")) return "best";
  if (label.startsWith("Weak") || label.startsWith("Critical")) return "poor";
  return "";
}

function render(v) {
  view = v;
  $("join").hidden = true;
  $("room").hidden = false;
  $("title").textContent = v.title + " · turn " + v.turn;
  $("who").textContent = v.narration ? "" : v.customer + ":";
  $("who").hidden = v.narration;
  const line = $("line");
  line.textContent = v.narration ? v.line : "“" + v.line + "”";
  line.classList.toggle("narration", v.narration);

  const last = $("last");
  last.hidden = !v.last;
  if (v.last) {
    $("last-choice").textContent = v.last.choice;
    const verdict = $("last-verdict");
    verdict.textContent = v.last.verdict;
    verdict.className = "verdict " + verdictClass(v.last.verdict);
    $("last-feedback").textContent = v.last.feedback;
  }

  const prompts = {
    waiting: "The coach will open the vote in a moment.",
    open: v.my_vote === null ? "What would you say? Tap one." : "Your vote is in. Tap another to change it.",
    closed: "Voting is closed.",
    revealed: "Here is how the room voted.",
  };
  const over = !!v.ending;
  $("prompt").textContent = over ? "" : prompts[v.phase];
  const list = $("choices");
  list.replaceChildren();
  const total = v.tally ? v.tally.reduce((a, b) => a + b, 0) : 0;
  v.choices.forEach((text, i) => {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.disabled = v.phase !== "open";
    b.dataset.choice = String(i);
    if (v.my_vote === i) b.classList.add("mine");
    const num = document.createElement("span");
    num.className = "num";
    num.textContent = String(i + 1);
    b.append(num, document.createTextNode(text));
    if (v.tally) {
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = (total ? (100 * v.tally[i]) / total : 0) + "%";
      const count = document.createElement("span");
      count.className = "count";
      count.textContent = v.tally[i] + (v.tally[i] === 1 ? " vote" : " votes");
      b.append(bar, count);
    }
    b.addEventListener("click", () => vote(i));
    li.append(b);
    list.append(li);
  });
  $("votes").textContent = v.phase === "open" || v.phase === "closed"
    ? v.votes + (v.votes === 1 ? " vote so far" : " votes so far")
    : "";
  $("ending").hidden = !over;
  if (over) $("ending-text").textContent = v.ending;
  setStatus("Connected");
}

async function vote(choice) {
  if (!view || view.phase !== "open") return;
  const r = await api("/api/vote", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code, token, turn: view.turn, choice }),
  });
  if (r.ok) {
    render(Object.assign({}, view, { my_vote: choice }));
  } else if (r.status === 403) {
    token = null;
    await start();
  } else {
    setStatus((r.body && r.body.error) || "Your vote didn't count. Try again.", true);
  }
}

async function poll() {
  for (;;) {
    const since = view ? "&since=" + view.version : "";
    try {
      const r = await api("/api/state?code=" + encodeURIComponent(code) +
        "&token=" + encodeURIComponent(token) + since);
      if (r.ok && r.body) {
        retryDelay = 500;
        if (!view || r.body.version !== view.version) render(r.body);
        continue;
      }
      if (r.status === 403) {
        // The room restarted, or the token is from another room: join again.
        try { localStorage.removeItem(tokenKey()); } catch (_) { /* ignore */ }
        token = null;
        view = null;
        if (!(await join())) return;
        continue;
      }
      setStatus("Reconnecting…", true);
    } catch (_) {
      setStatus("Reconnecting…", true);
    }
    await new Promise((resolve) => setTimeout(resolve, retryDelay));
    retryDelay = Math.min(retryDelay * 2, 4000);
  }
}

async function start() {
  if (!code) { showJoin(""); return; }
  try { token = localStorage.getItem(tokenKey()); } catch (_) { token = null; }
  if (!token && !(await join())) return;
  poll();
}

document.addEventListener("DOMContentLoaded", () => {
  $("join-form").addEventListener("submit", (e) => {
    e.preventDefault();
    code = $("code").value.toUpperCase().replace(/\s+/g, "");
    start();
  });
  start();
});
