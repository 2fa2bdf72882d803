// Small progressive enhancements; every page works without this file.
"use strict";

document.addEventListener("click", (event) => {
  // Buttons that change something irreversible ask first (data-confirm="Remove …?").
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
  // Close open menus when clicking elsewhere.
  for (const menu of document.querySelectorAll("details[data-menu][open]")) {
    if (!menu.contains(event.target)) {
      menu.removeAttribute("open");
    }
  }
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    for (const menu of document.querySelectorAll("details[data-menu][open]")) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    }
  }
});
