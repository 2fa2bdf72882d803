// The page editor (wiki/templates/wiki/_body_fields.html): a formatting toolbar that writes
// Markdown into the text area, and a preview fetched without leaving the page, beside the
// text on wide screens and behind a "Preview" tab on narrow ones. Without this file the editor
// still works: the toolbar stays hidden and the Preview button sends the form.
"use strict";

(() => {
  // What this script says, in the reader's language (hub/templates/_js_strings.html).
  const strings = JSON.parse(document.getElementById("hub-strings")?.textContent || "{}");
  // Keep in step with the two-column breakpoint in hub.css (60rem).
  const NARROW = window.matchMedia("(max-width: 59.99rem)");
  // Wide screens refresh the preview once typing pauses this long.
  const PREVIEW_DELAY_MS = 600;

  // --- changing the text ----------------------------------------------------------------

  // Replace value[start, end) with `text`, then select text[selectFrom, selectTo). The
  // browser's own insertText keeps the undo history (Ctrl+Z undoes a toolbar change);
  // where it is missing, setRangeText does the same change without it.
  function replaceRange(area, start, end, text, selectFrom = text.length, selectTo = selectFrom) {
    area.focus();
    area.setSelectionRange(start, end);
    let inserted = false;
    try {
      inserted = document.execCommand("insertText", false, text);
    } catch {
      inserted = false;
    }
    if (!inserted) {
      area.setRangeText(text, start, end, "end");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    area.setSelectionRange(start + selectFrom, start + selectTo);
  }

  // Bold, italic, inline code: markers around the selection (spaces a double-click selected
  // stay outside), or around a placeholder, which is left selected for typing over. Markers
  // already around the selection are taken away again.
  function wrapInline(area, before, after, placeholder) {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const selected = value.slice(start, end);
    const from = start + (selected.length - selected.trimStart().length);
    const to = Math.max(from, end - (selected.length - selected.trimEnd().length));
    if (value.slice(from - before.length, from) === before && value.slice(to, to + after.length) === after && to > from) {
      const inner = value.slice(from, to);
      replaceRange(area, from - before.length, to + after.length, inner, 0, inner.length);
      return;
    }
    const inner = value.slice(from, to) || placeholder;
    replaceRange(area, from, to, before + inner + after, before.length, before.length + inner.length);
  }

  // The whole lines the selection touches (a selection ending at a line's start leaves
  // that line out).
  function selectedLines(area) {
    const { selectionStart: start, value } = area;
    let end = area.selectionEnd;
    if (end > start && value[end - 1] === "\n") {
      end -= 1;
    }
    const from = value.lastIndexOf("\n", start - 1) + 1;
    const newline = value.indexOf("\n", end);
    return { from, to: newline === -1 ? value.length : newline };
  }

  // Lists and quotes: a prefix on every line, or off every line when all have it already.
  function toggleLinePrefix(area, prefix) {
    const { from, to } = selectedLines(area);
    const lines = area.value.slice(from, to).split("\n");
    const written = lines.filter((line) => line.trim() !== "");
    const allPrefixed = written.length > 0 && written.every((line) => line.startsWith(prefix));
    const changed = lines.map((line) => {
      if (allPrefixed) {
        return line.startsWith(prefix) ? line.slice(prefix.length) : line;
      }
      return line.trim() === "" && lines.length > 1 ? line : prefix + line;
    });
    const text = changed.join("\n");
    if (lines.length === 1) {
      replaceRange(area, from, to, text); // the cursor goes after the prefix, ready to type
    } else {
      replaceRange(area, from, to, text, 0, text.length);
    }
  }

  // Headings: "## " on the line; on a heading already, one level deeper, up to ######.
  function heading(area, placeholder) {
    const { from, to } = selectedLines(area);
    const line = area.value.slice(from, to);
    const level = /^(#{1,6}) /.exec(line);
    if (level) {
      const deeper = level[1].length < 6 ? `${level[1]}# ` : "";
      const rest = line.slice(level[0].length);
      replaceRange(area, from, to, deeper + rest, deeper.length, deeper.length + rest.length);
      return;
    }
    const title = line.trim() || placeholder;
    replaceRange(area, from, to, `## ${title}`, 3, 3 + title.length);
  }

  // A block (table, code block) on lines of its own, with a blank line around it.
  function insertBlock(area, block, selectFrom, selectTo) {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const before = value.slice(0, start);
    const after = value.slice(end);
    const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const trail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
    replaceRange(area, start, end, lead + block + trail, lead.length + selectFrom, lead.length + selectTo);
  }

  function link(area, placeholder) {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const selected = value.slice(start, end).trim();
    if (/^https?:\/\/\S+$/.test(selected)) {
      replaceRange(area, start, end, `[${placeholder}](${selected})`, 1, 1 + placeholder.length);
      return;
    }
    const label = selected || placeholder;
    const text = `[${label}](https://)`;
    // The address is what is missing: select it for typing over ("https://" stays in the
    // selection, so a pasted address replaces it whole).
    replaceRange(area, start, end, text, label.length + 3, text.length - 1);
  }

  function code(area, placeholder) {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const selected = value.slice(start, end);
    const { from, to } = selectedLines(area);
    const onEmptyLine = start === end && value.slice(from, to).trim() === "";
    if (selected.includes("\n") || onEmptyLine) {
      const inner = selected.replace(/\n$/, "") || placeholder;
      insertBlock(area, "```\n" + inner + "\n```", 4, 4 + inner.length);
      return;
    }
    wrapInline(area, "`", "`", placeholder);
  }

  function table(area) {
    const header = strings.placeholderTableHeader;
    const cell = strings.placeholderTableCell;
    const block = `| ${header} | ${header} |\n| --- | --- |\n| ${cell} | ${cell} |`;
    insertBlock(area, block, 2, 2 + header.length);
  }

  const FORMATS = {
    heading,
    bold: (area, placeholder) => wrapInline(area, "**", "**", placeholder),
    italic: (area, placeholder) => wrapInline(area, "*", "*", placeholder),
    link,
    wikilink: (area, placeholder) => wrapInline(area, "[[", "]]", placeholder),
    list: (area) => toggleLinePrefix(area, "- "),
    quote: (area) => toggleLinePrefix(area, "> "),
    code,
    table,
  };
  // What a button writes when nothing is selected (then selected, for typing over).
  const PLACEHOLDERS = {
    heading: strings.placeholderHeading,
    bold: strings.placeholderBold,
    italic: strings.placeholderItalic,
    link: strings.placeholderLink,
    wikilink: strings.placeholderPageLink,
    code: strings.placeholderCode,
  };
  const SHORTCUTS = { b: "bold", i: "italic", k: "link" };

  function applyFormat(area, format) {
    FORMATS[format](area, PLACEHOLDERS[format] || "");
  }

  // --- keyboard: one tab stop for a group, arrows move within it ----------------------------

  // The arrow that points to the next item: the right one, the left one in a right-to-left page.
  function rovingFocus(group, items, onMove) {
    group.addEventListener("keydown", (event) => {
      const index = items.indexOf(event.target);
      if (index === -1) {
        return;
      }
      const rtl = getComputedStyle(group).direction === "rtl";
      const forward = (index + 1) % items.length;
      const back = (index - 1 + items.length) % items.length;
      const next = {
        ArrowRight: rtl ? back : forward,
        ArrowLeft: rtl ? forward : back,
        Home: 0,
        End: items.length - 1,
      }[event.key];
      if (next === undefined) {
        return;
      }
      event.preventDefault();
      for (const item of items) {
        item.tabIndex = item === items[next] ? 0 : -1;
      }
      items[next].focus();
      if (onMove) {
        onMove(items[next]);
      }
    });
  }

  // --- one editor ---------------------------------------------------------------------------

  function setUp(editor) {
    const area = editor.querySelector("textarea");
    const form = editor.closest("form");
    const toolbar = editor.querySelector("[role=toolbar]");
    const tablist = editor.querySelector("[role=tablist]");
    const [writeTab, previewTab] = tablist.querySelectorAll("[role=tab]");
    const writePane = editor.querySelector(".editor__write");
    const previewUrl = editor.dataset.previewUrl;

    // The toolbar.
    const buttons = [...toolbar.querySelectorAll("button")];
    buttons.forEach((button, index) => {
      button.tabIndex = index === 0 ? 0 : -1;
      button.addEventListener("click", () => applyFormat(area, button.dataset.format));
    });
    rovingFocus(toolbar, buttons);
    toolbar.hidden = false;
    area.addEventListener("keydown", (event) => {
      const format = SHORTCUTS[event.key.toLowerCase()];
      if (format && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        applyFormat(area, format);
      }
    });

    // The preview pane: the one the server filled in, or a new, empty one.
    let pane = editor.querySelector(".editor__preview");
    let shownText = pane ? area.value : null;
    if (!pane) {
      pane = document.createElement("section");
      pane.className = "editor__preview preview";
      pane.id = "editor-preview";
      pane.tabIndex = 0;
      pane.setAttribute("aria-labelledby", "preview-heading");
      const title = document.createElement("h2");
      title.id = "preview-heading";
      const note = document.createElement("span");
      note.className = "muted small";
      note.textContent = strings.previewNote;
      title.append(`${strings.previewLabel} `, note);
      const rendered = document.createElement("div");
      rendered.className = "prose editor__rendered";
      pane.append(title, rendered);
      writePane.after(pane);
      editor.classList.add("editor--with-preview");
    }
    const rendered = pane.querySelector(".editor__rendered");
    previewTab.setAttribute("aria-controls", pane.id); // the pane exists from here on
    // With the preview on this page, sending the form for one is not needed.
    const serverPreview = form.querySelector("[data-server-preview]");
    if (serverPreview) {
      serverPreview.hidden = true;
    }

    function showMessage(text, className) {
      const message = document.createElement("p");
      message.className = className;
      message.textContent = text;
      rendered.replaceChildren(message);
    }

    let latest = 0;
    async function refreshPreview() {
      const text = area.value;
      if (text === shownText) {
        return;
      }
      const ticket = ++latest;
      if (text.trim() === "") {
        shownText = text;
        showMessage(strings.previewEmpty, "muted");
        return;
      }
      pane.setAttribute("aria-busy", "true");
      if (!rendered.hasChildNodes()) {
        showMessage(strings.previewLoading, "muted");
      }
      const data = new FormData();
      data.append("csrf_token", form.elements.csrf_token.value);
      data.append("body", text);
      try {
        // An expired session answers with a redirect to the sign-in page: not a preview.
        const response = await fetch(previewUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          redirect: "error",
        });
        const html = await response.text();
        if (ticket !== latest) {
          return;
        }
        if (response.ok || response.status === 422) {
          // The server's own sanitised rendering (or its message about the text).
          rendered.innerHTML = html;
          shownText = response.ok ? text : null;
        } else {
          showMessage(strings.previewFailed, "error");
        }
      } catch {
        if (ticket === latest) {
          showMessage(strings.previewFailed, "error");
        }
      } finally {
        if (ticket === latest) {
          pane.removeAttribute("aria-busy");
        }
      }
    }

    let timer = null;
    area.addEventListener("input", () => {
      if (!NARROW.matches) {
        window.clearTimeout(timer);
        timer = window.setTimeout(refreshPreview, PREVIEW_DELAY_MS);
      }
    });

    // Write / Preview tabs on narrow screens (the ARIA tabs pattern); both panes side by side
    // on wide ones. The text area is only hidden, never emptied.
    function select(tab) {
      const previewing = tab === previewTab;
      writeTab.setAttribute("aria-selected", String(!previewing));
      previewTab.setAttribute("aria-selected", String(previewing));
      writeTab.tabIndex = previewing ? -1 : 0;
      previewTab.tabIndex = previewing ? 0 : -1;
      writePane.hidden = previewing;
      pane.hidden = !previewing;
      if (previewing) {
        refreshPreview();
      }
    }
    for (const tab of [writeTab, previewTab]) {
      tab.addEventListener("click", () => select(tab));
    }
    rovingFocus(tablist, [writeTab, previewTab], select);

    function layOut() {
      const narrow = NARROW.matches;
      editor.classList.toggle("editor--tabs", narrow);
      tablist.hidden = !narrow;
      if (narrow) {
        writePane.setAttribute("role", "tabpanel");
        writePane.setAttribute("aria-labelledby", writeTab.id);
        pane.setAttribute("role", "tabpanel");
        pane.setAttribute("aria-labelledby", previewTab.id);
        select(writeTab);
      } else {
        writePane.removeAttribute("role");
        writePane.removeAttribute("aria-labelledby");
        pane.removeAttribute("role");
        pane.setAttribute("aria-labelledby", "preview-heading");
        writePane.hidden = false;
        pane.hidden = false;
        refreshPreview();
      }
    }
    NARROW.addEventListener("change", layOut);
    layOut();
    if (shownText !== null && NARROW.matches) {
      select(previewTab); // the member asked the server for this preview: show it
    }
  }

  for (const editor of document.querySelectorAll("[data-editor]")) {
    setUp(editor);
  }
})();
