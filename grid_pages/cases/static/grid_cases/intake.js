/* Intake forms: one click sends once; anonymous hides the contact fields. No dependencies. */
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

  Array.prototype.forEach.call(document.querySelectorAll("[data-intake-form]"), init);
})();
