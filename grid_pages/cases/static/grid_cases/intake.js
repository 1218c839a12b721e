/* Intake forms: one click sends once; anonymous hides the contact fields; a building picked
   from the list offers its floors and rooms. No dependencies. */
(function () {
  "use strict";

  function buttons(form) {
    return Array.prototype.slice.call(form.querySelectorAll("[data-intake-submit]"));
  }

  function init(form) {
    buttons(form).forEach(function (button) {
      button.setAttribute("data-label", button.textContent);
    });
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sending") === "1") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sending", "1");
      buttons(form).forEach(function (button) {
        button.disabled = true;
        button.textContent = button.getAttribute("data-sending-text") || button.textContent;
      });
    });
    // Coming back with the Back button from the page cache: the form can be sent again.
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) {
        return;
      }
      form.removeAttribute("data-sending");
      buttons(form).forEach(function (button) {
        button.disabled = false;
        button.textContent = button.getAttribute("data-label");
      });
    });

    var anonymous = form.querySelector("input[name=anonymous]");
    var contact = form.querySelector("[data-intake-contact]");
    if (anonymous && contact) {
      var sync = function () {
        contact.hidden = anonymous.checked;
      };
      anonymous.addEventListener("change", sync);
      sync();
    }
  }

  function labelledSelect(container, id, label) {
    var wrap = document.createElement("div");
    wrap.className = "intake-picker__field";
    var text = document.createElement("label");
    text.htmlFor = id;
    text.textContent = label;
    var select = document.createElement("select");
    select.id = id;
    wrap.appendChild(text);
    wrap.appendChild(select);
    container.appendChild(wrap);
    return { wrap: wrap, select: select };
  }

  function fillSelect(select, placeholder, items) {
    select.textContent = "";
    select.appendChild(new Option(placeholder, ""));
    items.forEach(function (item) {
      select.appendChild(new Option(item[1], item[0]));
    });
  }

  // The floor and room lists of the chosen building, from the grid's endpoint. They carry no
  // name, so only the room field is sent: a picked room writes its number there and the server
  // checks building and room as when typed. Without script, or when the request fails, the
  // lists stay hidden and the student types the room number.
  function initPicker(form) {
    var container = form.querySelector("[data-intake-picker]");
    var building = form.querySelector("select[name=building]");
    var roomInput = form.querySelector("input[name=room]");
    if (!container || !building || !roomInput || !window.fetch) {
      return;
    }
    var url = container.getAttribute("data-url");
    var prefix = building.id || "id_building";
    var floorField = labelledSelect(container, prefix + "_floor", container.getAttribute("data-floor-label"));
    var roomField = labelledSelect(container, prefix + "_room", container.getAttribute("data-room-label"));
    var floors = [];
    var latest = 0;

    function hide() {
      container.hidden = true;
      floors = [];
    }

    function showRooms(floor, number) {
      roomField.wrap.hidden = !floor;
      if (!floor) {
        return;
      }
      fillSelect(
        roomField.select,
        container.getAttribute("data-room-empty"),
        floor.rooms.map(function (room) {
          return [room.number, room.number];
        })
      );
      roomField.select.value = number || "";
    }

    function show(list) {
      floors = list.filter(function (floor) {
        return floor.rooms && floor.rooms.length;
      });
      if (!floors.length) {
        hide();
        return;
      }
      fillSelect(
        floorField.select,
        container.getAttribute("data-floor-empty"),
        floors.map(function (floor) {
          return [String(floor.id), floor.title];
        })
      );
      // The room already typed (or kept when the form came back) is picked in the lists.
      var typed = roomInput.value.trim().toUpperCase();
      var current = null;
      var number = "";
      floors.forEach(function (floor) {
        floor.rooms.forEach(function (room) {
          if (!current && typed && room.number.toUpperCase() === typed) {
            current = floor;
            number = room.number;
          }
        });
      });
      if (!current && floors.length === 1) {
        current = floors[0];
      }
      floorField.select.value = current ? String(current.id) : "";
      showRooms(current, number);
      container.hidden = false;
    }

    function load() {
      var request = ++latest;
      hide();
      if (!building.value) {
        return;
      }
      var query = (url.indexOf("?") === -1 ? "?" : "&") + "building=" + encodeURIComponent(building.value);
      fetch(url + query, { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (request === latest) {
            show(data.floors || []);
          }
        })
        .catch(function () {
          if (request === latest) {
            hide();
          }
        });
    }

    building.addEventListener("change", load);
    floorField.select.addEventListener("change", function () {
      var id = floorField.select.value;
      showRooms(
        floors.filter(function (floor) {
          return String(floor.id) === id;
        })[0] || null,
        ""
      );
    });
    roomField.select.addEventListener("change", function () {
      if (roomField.select.value) {
        roomInput.value = roomField.select.value;
        roomInput.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    // Typing another room over a picked one: the lists no longer claim it.
    roomInput.addEventListener("input", function () {
      if (roomField.select.value && roomField.select.value !== roomInput.value.trim()) {
        roomField.select.value = "";
      }
    });
    if (building.value) {
      load();
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-intake-form]"), function (form) {
    init(form);
    initPicker(form);
  });
})();
