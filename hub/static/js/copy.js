// Copy buttons: <button data-copy="FIELD-ID" data-copy-status="STATUS-ID" hidden> copies the
// value of that field. Without this file the field stays selectable and the button hidden.
"use strict";

(() => {
  // What this script says, in the reader's language (hub/templates/_js_strings.html).
  const strings = JSON.parse(document.getElementById("hub-strings")?.textContent || "{}");

  async function copyValue(field) {
    try {
      await navigator.clipboard.writeText(field.value);
      return true;
    } catch {
      // No clipboard API (an address without HTTPS, an older browser): the selection way.
      field.select();
      return document.execCommand("copy");
    }
  }

  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.copyStatus);
    if (field) {
      button.hidden = false;
      button.addEventListener("click", async () => {
        const copied = await copyValue(field);
        if (status) {
          status.textContent = copied ? strings.copied : strings.copyFailed;
        }
      });
    }
  }
})();
