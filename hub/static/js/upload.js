// The document upload form (documents/templates/documents/upload.html): files chosen or
// dropped are sent one at a time, each with its own progress bar, and each row says how its
// upload went. Without this file the form posts all the files at once, as a plain form.
"use strict";

(() => {
  const strings = JSON.parse(document.getElementById("hub-strings")?.textContent || "{}");
  const form = document.querySelector("form[data-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  const input = form.querySelector("input[type=file]");
  const list = form.querySelector("[data-upload-list]");
  const zone = form.querySelector("[data-drop-zone]");
  const hint = form.querySelector("[data-drop-hint]");
  const button = form.querySelector("button[type=submit]");

  function link(href, text) {
    const anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
  }

  function row(file) {
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.className = "upload-list__name";
    name.dir = "auto";
    name.textContent = file.name;
    const progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", file.name);
    const status = document.createElement("span");
    status.className = "upload-list__status small";
    status.textContent = strings.uploadWaiting;
    item.append(name, progress, status);
    list.append(item);
    return { item, progress, status };
  }

  function answer(request) {
    try {
      return JSON.parse(request.responseText);
    } catch {
      return {};
    }
  }

  function send(file, shown) {
    return new Promise((resolve) => {
      const data = new FormData();
      for (const [key, value] of new FormData(form)) {
        if (key !== input.name) {
          data.append(key, value);
        }
      }
      data.append(input.name, file, file.name);
      const request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) {
          shown.progress.value = Math.round((100 * event.loaded) / event.total);
        }
      });
      request.addEventListener("load", () => {
        const body = answer(request);
        shown.status.textContent = "";
        if (request.status === 201) {
          shown.progress.value = 100;
          shown.item.classList.add("upload-list__item--done");
          shown.status.append(strings.uploadDone + " ", link(body.edit_url, strings.uploadDescribe));
        } else {
          shown.item.classList.add("upload-list__item--failed");
          const message =
            request.status === 413 ? strings.uploadTooLarge : body.error || strings.uploadFailed;
          shown.status.append(message);
          if (body.existing) {
            shown.status.append(" ", link(body.existing.url, body.existing.title));
          }
        }
        resolve();
      });
      request.addEventListener("error", () => {
        shown.item.classList.add("upload-list__item--failed");
        shown.status.textContent = strings.uploadFailed;
        resolve();
      });
      shown.status.textContent = strings.uploadSending;
      request.send(data);
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const files = Array.from(input.files || []);
    if (!files.length) {
      input.focus();
      return;
    }
    button.disabled = true;
    list.replaceChildren();
    const rows = files.map((file) => row(file));
    for (let index = 0; index < files.length; index += 1) {
      await send(files[index], rows[index]);
    }
    input.value = "";
    button.disabled = false;
    const done = document.createElement("li");
    done.append(link(form.dataset.library, strings.uploadToLibrary));
    list.append(done);
  });

  if (zone && hint) {
    hint.hidden = false;
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("drop-zone--active");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("drop-zone--active"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("drop-zone--active");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
      }
    });
  }
})();
