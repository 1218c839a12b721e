// As-you-type suggestions for the header search box; the plain form works without it.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("form.site-search");
  var input = form && form.querySelector("input[name=query]");
  if (!input || !window.fetch) return;

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = script.src.replace(/suggest\.js(\?.*)?$/, "search.css");
  document.head.appendChild(css);

  var list = document.createElement("ul");
  list.className = "site-search__list";
  list.id = "site-search-suggestions";
  list.setAttribute("role", "listbox");
  form.appendChild(list);
  input.setAttribute("autocomplete", "off");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");

  var timer = null;
  var controller = null;
  var active = -1;

  function clear() { list.textContent = ""; active = -1; input.setAttribute("aria-expanded", "false"); }

  function render(results) {
    clear();
    results.forEach(function (result, i) {
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.id = "site-search-option-" + i;
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title;  // textContent: titles are never parsed as HTML
      var type = document.createElement("span");
      type.className = "site-search__type";
      type.textContent = result.type;
      link.appendChild(type);
      item.appendChild(link);
      list.appendChild(item);
    });
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
  }

  function move(step) {
    var items = list.children;
    if (!items.length) return;
    if (active >= 0) items[active].removeAttribute("aria-selected");
    active = (active + step + items.length) % items.length;
    items[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    if (!query) { clear(); return; }
    timer = setTimeout(function () {
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var url = form.action + "?format=json&query=" + encodeURIComponent(query);
      fetch(url, { signal: controller && controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === query) render(data.results || []); })
        .catch(function () {});
    }, 200);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
    else if (event.key === "Escape") { clear(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = list.children[active].querySelector("a").href;
    }
  });

  document.addEventListener("click", function (event) { if (!form.contains(event.target)) clear(); });
})();
