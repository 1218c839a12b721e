/* Intake forms: one click sends once, and a form sent then come back to with Back is
   recognised when sent again; photos over the limits are refused before sending; anonymous
   hides the contact fields; a building picked from the list offers its floors and rooms.
   No dependencies. */
(function () {
  "use strict";

  var TOKEN_STATE = "gridIntakeToken";

  function navigationType() {
    try {
      var entry = performance.getEntriesByType("navigation")[0];
      if (entry) {
        return entry.type;
      }
      return performance.navigation && performance.navigation.type === 2 ? "back_forward" : "";
    } catch (error) {
      return "";
    }
  }

  // The one-time submission_token of a sent form is kept with its history entry (history.state),
  // not per page path: the page is never cached, so coming Back to it fetches a new token, and
  // only the entry the form was sent from may get the old one back. Another entry of the same
  // page (opened with "Send another report", a link or a typed address) keeps its own new token,
  // so a genuinely new report is never taken for the first one. Without history.state the
  // resent form simply makes a new case, as before.
  function rememberToken(token) {
    if (!token.value) {
      return;
    }
    try {
      var state = history.state && typeof history.state === "object" ? history.state : {};
      var next = {};
      Object.keys(state).forEach(function (key) {
        next[key] = state[key];
      });
      next[TOKEN_STATE] = token.value;
      history.replaceState(next, "");
    } catch (error) {
      // No history.state (old browser, privacy settings): the resend makes a new case.
    }
  }

  function restoreToken(token) {
    try {
      var sent = history.state && history.state[TOKEN_STATE];
      if (typeof sent === "string" && sent) {
        token.value = sent;
      }
    } catch (error) {
      // Keep the server's token.
    }
  }

  function buttons(form) {
    return Array.prototype.slice.call(form.querySelectorAll("[data-intake-submit]"));
  }

  function init(form) {
    var token = form.querySelector("input[name=submission_token]");
    // Back (or Forward) to a sent form: the resend returns its case. A reload or any other
    // opening keeps the new token the server gave.
    if (token && navigationType() === "back_forward") {
      restoreToken(token);
    }
    buttons(form).forEach(function (button) {
      button.setAttribute("data-label", button.textContent);
    });
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sending") === "1") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sending", "1");
      if (token) {
        rememberToken(token);
      }
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
      if (token) {
        restoreToken(token);
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

  // Photos over the limits are refused as soon as they are chosen: sent, they would make the
  // server refuse the whole request (413) or the photo, and the student choose them again. The
  // limits and messages come from the template (data-* of [data-intake-photos]); a check whose
  // limit is missing is skipped. The server's checks stay the authority.
  function initPhotos(form) {
    var box = form.querySelector("[data-intake-photos]");
    var input = box && box.querySelector("input[type=file]");
    if (!input) {
      return;
    }
    var maxFiles = parseInt(box.getAttribute("data-max-files"), 10);
    var maxBytes = parseInt(box.getAttribute("data-max-bytes"), 10);
    // As the server writes it (Python's %g): 5, 0.5, 0.0476837.
    var megabytes = maxBytes > 0 ? String(parseFloat((maxBytes / (1024 * 1024)).toPrecision(6))) : "";
    var field = input.closest(".intake-field") || box;
    var shown = null;

    function message(name, values) {
      var text = box.getAttribute(name) || "";
      Object.keys(values).forEach(function (key) {
        text = text.replace("{" + key + "}", function () {
          return values[key];
        });
      });
      return text;
    }

    function shortName(file) {
      var name = file.name || "";
      return name.length <= 40 ? name : name.slice(0, 39) + "\u2026";
    }

    function problems(files) {
      if (maxFiles > 0 && files.length > maxFiles) {
        return [message("data-too-many", { n: String(maxFiles) })];
      }
      var found = [];
      files.forEach(function (file) {
        // No type (some phones' formats): the server decides.
        if (file.type && file.type.indexOf("image/") !== 0) {
          found.push(message("data-not-image", { name: shortName(file) }));
        } else if (maxBytes > 0 && file.size > maxBytes) {
          found.push(message("data-too-large", { mb: megabytes, name: shortName(file) }));
        }
      });
      return found;
    }

    function clear() {
      if (shown) {
        shown.parentNode.removeChild(shown);
        shown = null;
      }
      input.removeAttribute("aria-invalid");
    }

    input.addEventListener("change", function () {
      var found = problems(Array.prototype.slice.call(input.files || [])).filter(Boolean);
      clear();
      if (!found.length) {
        return;
      }
      // Emptied, so that the form cannot be sent with them; everything else stays as typed.
      input.value = "";
      input.setAttribute("aria-invalid", "true");
      shown = document.createElement("div");
      shown.className = "intake-photo-errors";
      shown.setAttribute("role", "alert");
      found.concat([box.getAttribute("data-choose-again") || ""]).forEach(function (text) {
        if (text) {
          var line = document.createElement("p");
          line.className = "intake-error";
          line.textContent = text;
          shown.appendChild(line);
        }
      });
      field.appendChild(shown);
    });
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
    initPhotos(form);
    initPicker(form);
  });
})();
