/* Find my grid member: the building list of "choose building and room" is fetched when the
   student opens it (or reaches the list), not shipped in every page. Without JavaScript, or
   if the request fails, the list offers "Any building" and the room is searched campus-wide. */
(function () {
  "use strict";

  function fill(select, data) {
    (data.communities || []).forEach(function (community) {
      var group = document.createElement("optgroup");
      group.label = community.title || "";
      (community.buildings || []).forEach(function (building) {
        var option = document.createElement("option");
        option.value = String(building.id);
        option.textContent = building.title;
        group.appendChild(option);
      });
      select.appendChild(group);
    });
  }

  function init(select) {
    var url = select.getAttribute("data-grid-buildings");
    var requested = false;

    function load() {
      if (requested || !window.fetch) {
        return;
      }
      requested = true;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          fill(select, data);
        })
        .catch(function () {
          requested = false; // try again on the next opening
        });
    }

    var details = select.closest("details");
    if (details) {
      details.addEventListener("toggle", function () {
        if (details.open) {
          load();
        }
      });
      if (details.open) {
        load();
      }
    }
    select.addEventListener("focus", load);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-grid-buildings]"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
