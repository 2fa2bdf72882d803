// Branches of the wiki's trees open in place: the page sidebar's and the section page's.
//
// The server gives each page that has pages under it a link to the section page at its
// branch (a.tree__toggle, "?under=<path>"); this script turns it into a button that shows or
// hides the branch. A branch not in the page yet is fetched as a list from the tree's
// data-branches address with the same query ("…/sections/<section>/branch?under=<path>").
// "N more…" links with data-branch-after fetch the next pages of their branch in place.
// The tree's data-branch-failed says what went wrong. Without this file, every link leads
// to the section page, which lists the same pages.
"use strict";

(() => {
  let lists = 0;

  function listOf(item) {
    return item.querySelector(":scope > ul");
  }

  // The button that opens and closes an item's branch, in place of its link.
  function upgrade(link) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.setAttribute("aria-label", link.getAttribute("aria-label"));
    button.setAttribute("aria-expanded", "false");
    button.dataset.query = new URL(link.href, document.baseURI).search;
    link.replaceWith(button);
  }

  // Links of collapsed branches become buttons; the buttons of branches shown already (in
  // the page, hidden without this script) appear.
  function upgradeAll(root) {
    for (const control of root.querySelectorAll(".tree__toggle")) {
      if (!control.closest("[data-branches]")) {
        continue;
      }
      if (control.tagName === "A") {
        upgrade(control);
      } else {
        control.hidden = false;
      }
    }
  }

  async function fetchItems(tree, query) {
    const response = await fetch(tree.dataset.branches + query, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    });
    if (!response.ok) {
      throw new Error(`${response.status} ${response.statusText}`);
    }
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    const list = template.content.querySelector("ul");
    if (!list) {
      throw new Error("no list in the answer");
    }
    return list;
  }

  function showFailure(item, tree) {
    let message = item.querySelector(":scope > .tree__failed");
    if (!message) {
      message = document.createElement("p");
      message.className = "tree__failed small";
      message.setAttribute("role", "status");
      item.append(message);
    }
    message.textContent = tree.dataset.branchFailed || "";
  }

  async function toggle(button) {
    const item = button.parentElement;
    const tree = button.closest("[data-branches]");
    let list = listOf(item);
    if (button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      if (list) {
        list.hidden = true;
      }
      return;
    }
    if (!list) {
      if (item.getAttribute("aria-busy") === "true") {
        return;
      }
      item.setAttribute("aria-busy", "true");
      try {
        list = await fetchItems(tree, button.dataset.query);
      } catch {
        showFailure(item, tree);
        return;
      } finally {
        item.removeAttribute("aria-busy");
      }
      item.querySelector(":scope > .tree__failed")?.remove();
      list.id = `fetched-branch-${++lists}`;
      item.append(list);
      upgradeAll(list);
      button.setAttribute("aria-controls", list.id);
    }
    list.hidden = false;
    button.setAttribute("aria-expanded", "true");
  }

  // "N more…": the next pages of the branch take its place; the first of them gets the
  // focus, so that a keyboard user goes on from where they were.
  async function showMore(link) {
    const item = link.parentElement;
    const tree = link.closest("[data-branches]");
    const address = new URL(link.href, document.baseURI);
    address.searchParams.set("after", link.dataset.branchAfter);
    item.setAttribute("aria-busy", "true");
    let list;
    try {
      list = await fetchItems(tree, address.search);
    } catch {
      item.removeAttribute("aria-busy");
      window.location.assign(link.href);
      return;
    }
    const added = [...list.children];
    item.replaceWith(...added);
    for (const each of added) {
      upgradeAll(each);
    }
    added[0]?.querySelector("a")?.focus();
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.tree__toggle");
    if (button) {
      toggle(button);
      return;
    }
    const more = event.target.closest("a[data-branch-after]");
    if (more && more.closest("[data-branches]") && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      showMore(more);
    }
  });

  upgradeAll(document);
})();
