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

// Times are written in the browser's time zone until the member picks one in their profile:
// the server reads it from this cookie (IANA names hold no character a cookie forbids).
(() => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !document.cookie.split("; ").includes(`hub_timezone=${zone}`)) {
    document.cookie = `hub_timezone=${zone}; path=/; max-age=31536000; samesite=lax`;
  }
})();
