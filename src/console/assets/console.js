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

  function start() {
    wireCounters();
    wireSubmitShortcut();
    wireSingleSubmit();
    wireAutosubmit();
    wireCopy();
    wirePanels();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
