// Sincerely console: progressive enhancement only. Every page works without this file.

(() => {
  const LIMIT = 280;

  // X's weighted length, as twitter-text counts it: most Latin and punctuation 1, Hangul/CJK and
  // emoji 2, a link 23. The server recounts exactly when the form is saved; this is a live guide.
  const LIGHT = [
    [0, 4351],
    [8192, 8205],
    [8208, 8223],
    [8242, 8247],
  ];
  function weightedLength(value) {
    let total = 0;
    let text = value.normalize("NFC").trim();
    text = text.replace(/https?:\/\/\S+/gi, () => {
      total += 23;
      return "";
    });
    text = text.replace(/\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*/gu, () => {
      total += 2;
      return "";
    });
    for (const ch of text) {
      const cp = ch.codePointAt(0);
      total += LIGHT.some(([lo, hi]) => cp >= lo && cp <= hi) ? 1 : 2;
    }
    return total;
  }

  function wireCounters() {
    for (const area of document.querySelectorAll("textarea[data-count]")) {
      const out = document.getElementById(area.dataset.count);
      if (!out) continue;
      const update = () => {
        const n = weightedLength(area.value);
        out.textContent = `${n}/${LIMIT}`;
        out.classList.toggle("over", n > LIMIT);
      };
      area.addEventListener("input", update);
      update();
    }
  }

  // Ctrl+Enter (or Cmd+Enter) in a text box sends its form.
  function wireSubmitShortcut() {
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
      const target = event.target;
      if (!(target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement) || !target.form)
        return;
      event.preventDefault();
      target.form.requestSubmit();
    });
  }

  // A second click while the first post is on its way would only earn a "nothing changed".
  function wireSingleSubmit() {
    document.addEventListener("submit", (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
      if (form.dataset.sending) {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "1";
      for (const button of form.querySelectorAll("button[type=submit]"))
        button.setAttribute("aria-busy", "true");
    });
  }

  // Filters apply as soon as they change; the Show button stays for use without script.
  function wireAutosubmit() {
    for (const form of document.querySelectorAll("form[data-autosubmit]")) {
      for (const button of form.querySelectorAll("[data-autosubmit-button]")) button.hidden = true;
      for (const select of form.querySelectorAll("select")) {
        select.addEventListener("change", () => form.requestSubmit());
      }
    }
  }

  function wireCopy() {
    for (const button of document.querySelectorAll("button[data-copy]")) {
      const source = document.getElementById(button.dataset.copy);
      if (!source || !navigator.clipboard) continue;
      button.hidden = false;
      const label = button.textContent;
      button.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(source.textContent);
          button.textContent = button.dataset.copied || label;
          setTimeout(() => {
            button.textContent = label;
          }, 1500);
        } catch {
          // Clipboard refused (permissions): the text is on the page to select by hand.
        }
      });
    }
  }

  // When the edit panel opens, put the cursor in its text box.
  function wirePanels() {
    for (const panel of document.querySelectorAll("details[data-panel]")) {
      panel.addEventListener("toggle", () => {
        if (!panel.open) return;
        const field = panel.querySelector("textarea, select, input[type=text]");
        if (field) field.focus();
      });
    }
  }

  // The form token every page carries, for the few posts the script makes itself.
  function csrfToken() {
    const field = document.querySelector("input[name=_csrf]");
    return field ? field.value : "";
  }

  // Opening the editor claims the case ("Kim is on it"), as an explicit Claim would, without
  // taking it from someone else (the server answers with a conflict then, which the page shows).
  function wireClaimOnOpen() {
    const panel = document.querySelector("details[data-panel=edit]");
    const form = panel?.querySelector("form[data-claim-on-open]");
    if (!panel || !form) return;
    let claimed = false;
    const claim = () => {
      if (!panel.open || claimed) return;
      claimed = true;
      const body = new URLSearchParams({ _csrf: csrfToken() });
      fetch(form.dataset.claimOnOpen, {
        method: "POST",
        body,
        credentials: "same-origin",
        redirect: "manual",
      }).catch(() => {});
    };
    panel.addEventListener("toggle", claim);
    claim();
  }

  function typing(event) {
    const t = event.target;
    return (
      t instanceof HTMLInputElement ||
      t instanceof HTMLTextAreaElement ||
      t instanceof HTMLSelectElement ||
      (t instanceof HTMLElement && t.isContentEditable)
    );
  }

  // Keyboard: in the queue j/k move, Enter (or o) opens, x selects; on a case a approves (and opens
  // the next oldest), e edits, r reclassifies, d dismisses, j/k go to the next/previous case.
  function wireKeys() {
    const rows = () => [...document.querySelectorAll("table.cases tbody tr[data-case-id]")];
    let current = -1;
    const mark = (i) => {
      const list = rows();
      if (!list.length) return;
      current = Math.max(0, Math.min(list.length - 1, i));
      for (const [n, row] of list.entries()) row.classList.toggle("current", n === current);
      list[current].setAttribute("aria-current", "true");
      for (const [n, row] of list.entries()) if (n !== current) row.removeAttribute("aria-current");
      list[current].scrollIntoView({ block: "nearest" });
    };
    const caseCard = document.querySelector("article.case[data-case-id]");
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
      const key = event.key;
      if (caseCard) {
        const click = (selector) => {
          const el = document.querySelector(selector);
          if (!el) return false;
          event.preventDefault();
          el.click();
          return true;
        };
        const open = (name) => {
          const panel = document.querySelector(`details[data-panel=${name}]`);
          if (!panel) return;
          event.preventDefault();
          panel.open = true;
          panel.querySelector("textarea, select, input[type=text]")?.focus();
        };
        if (key === "a") click("[data-action=approve-next]");
        else if (key === "e") open("edit");
        else if (key === "r") open("reclassify");
        else if (key === "d") open("dismiss");
        else if (key === "j" || key === "n") {
          event.preventDefault();
          location.href = `/next?after=${encodeURIComponent(caseCard.dataset.caseId)}`;
        } else if (key === "u" || key === "Escape") click("a.back");
        return;
      }
      const list = rows();
      if (!list.length) return;
      if (key === "j") {
        event.preventDefault();
        mark(current + 1);
      } else if (key === "k") {
        event.preventDefault();
        mark(current - 1);
      } else if ((key === "Enter" || key === "o") && current >= 0) {
        event.preventDefault();
        list[current].querySelector("a[data-open]")?.click();
      } else if (key === "x" && current >= 0) {
        event.preventDefault();
        const box = list[current].querySelector("input[data-pick]");
        if (box) {
          box.checked = !box.checked;
          box.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    });
  }

  // Bulk: the count of selected rows, "select all", and a confirmation before many cases change.
  function wireBulk() {
    const form = document.querySelector("form[data-bulk]");
    if (!form) return;
    const count = form.querySelector("[data-bulk-count]");
    const label = count ? count.textContent : "";
    const boxes = () => [...form.querySelectorAll("input[data-pick]")];
    const update = () => {
      const n = boxes().filter((b) => b.checked).length;
      if (count) count.textContent = label.replace(/\d+/, String(n));
      form.classList.toggle("has-selection", n > 0);
    };
    form.querySelector("[data-pick-all]")?.addEventListener("change", (event) => {
      for (const b of boxes()) b.checked = event.target.checked;
      update();
    });
    form.addEventListener("change", update);
    update();
  }

  // Live updates (Server-Sent Events): counts in the navigation, claims and decisions in the queue,
  // and a note on a case someone else changed. Nothing reloads by itself: what you are reading
  // stays put, and the note says what changed.
  function wireLive() {
    if (!document.body.dataset.live || !window.EventSource) return;
    // From the feed seq the page was made at: what changes while it loads is sent too.
    const since = document.body.dataset.liveSince;
    const source = new EventSource(since ? `/events?since=${encodeURIComponent(since)}` : "/events");
    const note = document.querySelector("[data-live-note]");
    const me = document.querySelector("[data-me]")?.textContent ?? "";
    const caseCard = document.querySelector("article.case[data-case-id]");
    const queue = document.querySelector("[data-queue]");
    // Ids already applied: a reconnected stream sends what changed since the last id it saw (and a
    // few before), so some arrive twice. New cases are counted once each.
    const applied = new Set();
    const counted = new Set();
    const say = (text, href) => {
      if (!note) return;
      note.hidden = false;
      note.textContent = "";
      const a = document.createElement("a");
      a.href = href ?? location.pathname + location.search;
      a.textContent = text;
      note.append(a);
    };
    source.addEventListener("counts", (event) => {
      const counts = JSON.parse(event.data);
      const pending = document.querySelector("[data-pending-count]");
      if (pending) pending.textContent = String(counts.pending);
      const overdue = document.querySelector("[data-overdue-count]");
      if (overdue) {
        overdue.textContent = String(counts.overdue);
        overdue.hidden = counts.overdue === 0;
      }
    });
    source.addEventListener("stale", () => {
      say(note?.dataset.missed ?? "Reload to see what changed");
    });
    source.addEventListener("case", (event) => {
      if (event.lastEventId) {
        if (applied.has(event.lastEventId)) return;
        applied.add(event.lastEventId);
      }
      const change = JSON.parse(event.data);
      const mine = change.by === me && change.via === "console";
      if (queue) {
        const row = queue.querySelector(`tr[data-case-id="${change.id}"]`);
        if (change.type === "created") {
          if (counted.has(change.id)) return;
          counted.add(change.id);
          const fresh = counted.size;
          say(note?.dataset.newCases?.replace("{n}", String(fresh)) ?? `${fresh} new`);
          return;
        }
        if (!row) return;
        const cell = row.querySelector("[data-claim-cell]");
        if (cell) {
          cell.textContent = "";
          if (change.claim && change.state === "pending") {
            const badge = document.createElement("span");
            badge.className = `badge claim${change.claim.by === me ? " mine" : ""}`;
            badge.dataset.claim = change.claim.by;
            badge.textContent = `${change.claim.by} · ${new Date(change.claim.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
            cell.append(badge);
          }
        }
        if (change.state !== row.dataset.state) {
          row.dataset.state = change.state;
          row.classList.add("decided");
          const box = row.querySelector("input[data-pick]");
          if (box) {
            box.checked = false;
            box.disabled = true;
          }
        }
        return;
      }
      if (caseCard && change.id === caseCard.dataset.caseId && !mine) {
        say(note?.dataset.changed?.replace("{who}", change.by) ?? `${change.by} changed this case`);
        caseCard.dataset.stale = "1";
      }
    });
  }

  function start() {
    wireCounters();
    wireSubmitShortcut();
    wireSingleSubmit();
    wireAutosubmit();
    wireCopy();
    wirePanels();
    wireClaimOnOpen();
    wireKeys();
    wireBulk();
    wireLive();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
