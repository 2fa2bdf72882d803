// Suggestions for the top bar's search box: titles the reader may open, after two
// characters, from the search's JSON endpoint. Arrow keys move through them, Enter opens
// one, Escape closes the list; without this file the box is a plain search form.
"use strict";

(() => {
  const form = document.querySelector("form[data-suggest]");
  if (!form) {
    return;
  }
  const input = form.querySelector("input[name=q]");
  const strings = JSON.parse(document.getElementById("hub-strings").textContent);
  const list = document.createElement("ul");
  list.id = "topbar-search-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", strings.searchSuggestions);
  list.hidden = true;
  form.append(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  let suggestions = [];
  let active = -1;
  let timer = null;
  let asked = "";

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    suggestions = [];
    active = -1;
  };

  const mark = (index) => {
    active = index;
    list.querySelectorAll("[role=option]").forEach((option, position) => {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", `topbar-search-option-${index}`);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };

  const show = (found) => {
    suggestions = found;
    list.replaceChildren();
    if (!found.length) {
      close();
      return;
    }
    found.forEach((suggestion, index) => {
      const option = document.createElement("li");
      option.id = `topbar-search-option-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.append(suggestion.title);
      const details = document.createElement("small");
      details.textContent = `${suggestion.type} · ${suggestion.workspace}`;
      option.append(details);
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        window.location.assign(suggestion.url);
      });
      list.append(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  };

  const ask = async () => {
    const text = input.value.trim();
    if (text.length < 2) {
      close();
      return;
    }
    if (text === asked) {
      return;
    }
    asked = text;
    try {
      const response = await fetch(`${form.dataset.suggest}?q=${encodeURIComponent(text)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok || input.value.trim() !== text) {
        return;
      }
      show((await response.json()).suggestions);
    } catch {
      close();
    }
  };

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!suggestions.length) {
        return;
      }
      event.preventDefault();
      // Down from the last suggestion, or up from the first, goes back to the typed text.
      let next = active + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= suggestions.length) {
        next = -1;
      } else if (next < -1) {
        next = suggestions.length - 1;
      }
      mark(next);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(suggestions[active].url);
    } else if (event.key === "Escape" && !list.hidden) {
      // Closes the list only: the browser's own Escape would also empty the box.
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 100));
})();
