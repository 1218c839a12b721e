/* Recording an inspection round on a phone: every room OK by default, findings added under a
   room, the whole round kept as a draft in localStorage while it is typed (photos excepted),
   so a failed or interrupted POST loses nothing; the draft keeps the round's token, so sending
   it again never makes a second round. The page that confirms a round clears its draft.
   No dependencies, no inline code (the site's CSP forbids it). */
(function () {
  "use strict";

  var MAX_AGE_MS = 12 * 60 * 60 * 1000;

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function clearDraft() {
    var marker = document.querySelector("[data-clear-draft]");
    var store = storage();
    if (marker && store) {
      store.removeItem(marker.getAttribute("data-clear-draft"));
    }
  }

  function slotTemplate() {
    var template = document.getElementById("insp-slot-template");
    return template ? template.innerHTML : "";
  }

  function addSlot(room, index) {
    var html = slotTemplate().replace(/__room__/g, room.getAttribute("data-room")).replace(/__index__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var slot = holder.firstElementChild;
    room.querySelector(".insp-slots").appendChild(slot);
    return slot;
  }

  function nextIndex(room) {
    var highest = -1;
    room.querySelectorAll(".insp-slot").forEach(function (slot) {
      highest = Math.max(highest, parseInt(slot.getAttribute("data-index"), 10) || 0);
    });
    return highest + 1;
  }

  function findingCount(room) {
    var count = 0;
    room.querySelectorAll(".insp-slot select").forEach(function (select) {
      if (select.value) {
        count += 1;
      }
    });
    return count;
  }

  function updateRoom(form, room) {
    var count = findingCount(room);
    var status = room.querySelector(".insp-status");
    var labels = form.dataset;
    status.textContent = count ? labels.findingsLabel.replace("{n}", count) : labels.okLabel;
    room.classList.toggle("insp-has-findings", count > 0);
  }

  function updateKind(form) {
    var checked = form.querySelector("input[name=kind]:checked");
    form.classList.toggle("insp-kind-safety", !!checked && checked.value === "safety");
  }

  function collect(form) {
    var draft = { saved: Date.now(), token: form.elements.token.value, rooms: {} };
    var kind = form.querySelector("input[name=kind]:checked");
    draft.kind = kind ? kind.value : "";
    draft.note = form.elements.note ? form.elements.note.value : "";
    form.querySelectorAll(".insp-room").forEach(function (room) {
      var id = room.getAttribute("data-room");
      var slots = [];
      room.querySelectorAll(".insp-slot").forEach(function (slot) {
        var select = slot.querySelector("select");
        var note = slot.querySelector("textarea");
        if (select.value || note.value) {
          slots.push({ hazard: select.value, note: note.value });
        }
      });
      var score = room.querySelector(".insp-score input").value;
      if (score || slots.length) {
        draft.rooms[id] = { score: score, slots: slots };
      }
    });
    return draft;
  }

  function restore(form, draft) {
    if (draft.token) {
      form.elements.token.value = draft.token;
    }
    if (draft.kind) {
      var radio = form.querySelector("input[name=kind][value='" + draft.kind + "']");
      if (radio) {
        radio.checked = true;
      }
    }
    if (form.elements.note && draft.note) {
      form.elements.note.value = draft.note;
    }
    Object.keys(draft.rooms || {}).forEach(function (id) {
      var room = form.querySelector(".insp-room[data-room='" + id + "']");
      if (!room) {
        return;
      }
      var data = draft.rooms[id];
      room.querySelector(".insp-score input").value = data.score || "";
      var slots = room.querySelectorAll(".insp-slot");
      (data.slots || []).forEach(function (values, position) {
        var slot = slots[position] || addSlot(room, nextIndex(room));
        slot.querySelector("select").value = values.hazard || "";
        slot.querySelector("textarea").value = values.note || "";
      });
      if ((data.slots || []).length) {
        room.querySelector("details").open = true;
      }
    });
  }

  function setUp(form) {
    var store = storage();
    var key = form.getAttribute("data-draft-key");
    var timer = null;

    function save() {
      timer = null;
      if (store) {
        try {
          store.setItem(key, JSON.stringify(collect(form)));
        } catch (error) {
          // Storage full or refused: the form still works, only without a draft.
        }
      }
    }

    function later() {
      if (timer === null) {
        timer = window.setTimeout(save, 300);
      }
    }

    // Values the server sent back (after an error) are newer than the draft.
    if (store && !form.hasAttribute("data-server-values")) {
      try {
        var draft = JSON.parse(store.getItem(key) || "null");
        if (draft && Date.now() - draft.saved < MAX_AGE_MS) {
          restore(form, draft);
        }
      } catch (error) {
        store.removeItem(key);
      }
    }

    form.querySelectorAll(".insp-room").forEach(function (room) {
      var button = room.querySelector(".insp-add");
      button.hidden = false;
      button.addEventListener("click", function () {
        var slot = addSlot(room, nextIndex(room));
        slot.querySelector("select").focus();
      });
      updateRoom(form, room);
    });
    updateKind(form);

    form.addEventListener("change", function (event) {
      var room = event.target.closest(".insp-room");
      if (room) {
        updateRoom(form, room);
      }
      if (event.target.name === "kind") {
        updateKind(form);
      }
      later();
    });
    form.addEventListener("input", later);
    form.addEventListener("submit", function () {
      save();
      var button = form.querySelector(".insp-submit button");
      // One tap sends once; the token makes a second send harmless anyway.
      window.setTimeout(function () {
        button.disabled = true;
      }, 0);
    });
    // Coming Back to a sent page: let it be sent again.
    window.addEventListener("pageshow", function () {
      form.querySelector(".insp-submit button").disabled = false;
    });
  }

  function start() {
    clearDraft();
    var form = document.querySelector("form.insp-round");
    if (form) {
      setUp(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
