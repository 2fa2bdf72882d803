// Forum writing (forums/templates/forums/topic.html, reply.html and new_topic.html): "Quote"
// with part of a post selected quotes that part into the reply box on the page, and the text
// of a reply or of a new topic (with its title) is kept in this browser (local storage) until
// it is posted. Without this file, "Quote" opens the reply form with the whole post quoted,
// and nothing is kept.
"use strict";

(() => {
  // What this script says, in the reader's language (hub/templates/_js_strings.html).
  const strings = JSON.parse(document.getElementById("hub-strings")?.textContent || "{}");
  const form = document.querySelector("form[data-draft]");
  const area = form?.querySelector("textarea");
  // A new topic's title, kept with its text.
  const title = form?.querySelector("input[name=title]");
  // A draft is saved once typing pauses this long.
  const SAVE_DELAY_MS = 500;

  // --- quoting the selection --------------------------------------------------------------

  // The text selected inside `element`, or "".
  function selectedTextIn(element) {
    const selection = window.getSelection();
    if (!element || !selection || selection.isCollapsed || selection.rangeCount === 0) {
      return "";
    }
    if (!element.contains(selection.getRangeAt(0).commonAncestorContainer)) {
      return "";
    }
    return selection.toString().trim();
  }

  // The server's quotation (forums/views.py, quotation()): "> " lines, the author named.
  function quotation(author, text) {
    const heading = (strings.quoteWrote || "%(name)s wrote:").replace("%(name)s", author);
    const lines = [heading, "", ...text.split(/\r?\n/)];
    return lines.map((line) => `> ${line}`.trimEnd()).join("\n") + "\n\n";
  }

  function appendToReply(text) {
    const current = area.value;
    const gap = !current || current.endsWith("\n\n") ? "" : current.endsWith("\n") ? "\n" : "\n\n";
    area.value = current + gap + text;
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
    area.scrollIntoView({ block: "center" });
  }

  if (area) {
    for (const link of document.querySelectorAll("a[data-quote]")) {
      const source = document.querySelector(`[data-quote-source="${link.dataset.quote}"]`);
      // Pressing on the link may clear the selection before the click: keep it first.
      let selected = "";
      link.addEventListener("pointerdown", () => {
        selected = selectedTextIn(source);
      });
      link.addEventListener("click", (event) => {
        const text = selected || selectedTextIn(source);
        selected = "";
        if (text) {
          event.preventDefault();
          appendToReply(quotation(link.dataset.quoteAuthor, text));
        }
        // Nothing selected: the link opens the reply form with the whole post quoted.
      });
    }
  }

  // --- the draft ----------------------------------------------------------------------------

  function storage() {
    try {
      return window.localStorage;
    } catch {
      return null; // storage switched off: nothing is kept, the form works as without this file
    }
  }

  const store = storage();

  function readDraft(key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch {
      return null;
    }
  }

  function writeDraft(key, draft) {
    try {
      if (draft.text.trim() || draft.title?.trim()) {
        store.setItem(key, JSON.stringify(draft));
      } else {
        store.removeItem(key);
      }
    } catch {
      // Storage full or refused: the text is still in the form.
    }
  }

  // The page after a successful reply names the form that posted it: its draft is done.
  const posted = document.querySelector("[data-draft-posted]");
  if (store && posted) {
    const key = `hub:${posted.dataset.draftPosted}`;
    const draft = readDraft(key);
    if (draft && draft.sent && draft.sent === posted.dataset.postedToken) {
      store.removeItem(key);
    }
  }

  if (store && form && area) {
    const key = `hub:${form.dataset.draft}`;
    const token = form.querySelector("input[name=form_token]")?.value || "";
    const draft = readDraft(key);
    let restored = false;
    if (draft && draft.text && !area.value.includes(draft.text)) {
      // Before a quotation the reply form opened with, if any.
      area.value = area.value ? `${draft.text.trimEnd()}\n\n${area.value}` : draft.text;
      restored = true;
    }
    if (draft && draft.title && title && !title.value) {
      title.value = draft.title;
      restored = true;
    }
    if (restored) {
      const note = document.createElement("p");
      note.className = "hint";
      note.setAttribute("role", "status");
      note.textContent = (title ? strings.topicDraftRestored : strings.draftRestored) || "";
      area.insertAdjacentElement("afterend", note);
    }
    const current = (sent) => ({ text: area.value, title: title?.value || "", sent });
    let timer = null;
    form.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => writeDraft(key, current("")), SAVE_DELAY_MS);
    });
    form.addEventListener("submit", () => {
      window.clearTimeout(timer);
      // Kept until the topic page says this form's post was made (a refusal keeps it).
      writeDraft(key, current(token));
    });
  }
})();
