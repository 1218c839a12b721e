/* Keep what a grid member types on a phone-first screen as a draft in localStorage, so a request
   that fails on a poor connection loses nothing: reopening the page brings the draft back.

   <form data-draft-key="..."> opts in. The draft is dropped when the server says it has it:
   data-draft-clear (the page after a successful save), or data-draft-saved-token equal to the
   draft's hidden "token" field (the round saved with that token). A form the server re-rendered
   with what was posted (data-draft-fresh) keeps the server's values. Files are never kept.
   No dependencies, no inline code (the CSP). */
(function () {
  "use strict";

  var PREFIX = "grid-draft:";
  var MAX_AGE_MS = 12 * 60 * 60 * 1000;
  var store;
  try {
    store = window.localStorage;
  } catch (error) {
    return;
  }
  if (!store) {
    return;
  }

  function kept(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && ["file", "submit", "button", "reset"].indexOf(el.type) < 0;
    });
  }

  function choice(el) {
    return el.type === "radio" || el.type === "checkbox";
  }

  function save(form, key) {
    var values = {};
    kept(form).forEach(function (el) {
      values[el.name] = values[el.name] || [];
      if (!choice(el)) {
        values[el.name].push(el.value);
      } else if (el.checked) {
        values[el.name].push(el.value);
      }
    });
    try {
      store.setItem(key, JSON.stringify({ saved: Date.now(), values: values }));
    } catch (error) {
      /* storage full or refused: the form still works, without a draft */
    }
  }

  function load(key) {
    try {
      var draft = JSON.parse(store.getItem(key) || "null");
      return draft && Date.now() - draft.saved < MAX_AGE_MS ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function restore(form, draft) {
    kept(form).forEach(function (el) {
      var values = draft.values[el.name];
      if (!values) {
        return;
      }
      if (choice(el)) {
        el.checked = values.indexOf(el.value) >= 0;
      } else if (values.length) {
        el.value = values[0];
      }
    });
  }

  document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
    var key = PREFIX + form.getAttribute("data-draft-key");
    var draft = load(key);
    var savedToken = form.getAttribute("data-draft-saved-token");
    var draftToken = draft && draft.values.token ? draft.values.token[0] : null;
    if (!draft || form.hasAttribute("data-draft-clear") || (savedToken && draftToken === savedToken)) {
      store.removeItem(key);
    } else if (!form.hasAttribute("data-draft-fresh")) {
      restore(form, draft);
    }
    form.addEventListener("input", function () { save(form, key); });
    form.addEventListener("change", function () { save(form, key); });
  });
})();
