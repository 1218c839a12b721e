// Fill the public reply with the chosen reply template's text (the text stays editable).
// Delegated from the document: the admin loads scripts before the page content.
(function () {
  "use strict";
  var templates = null;
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-grid-cases-reply-template]")) return;
    if (templates === null) {
      var data = document.getElementById("grid-cases-reply-templates");
      templates = data ? JSON.parse(data.textContent) : {};
    }
    var text = select.form && select.form.querySelector("textarea[name$='-text']");
    if (text && Object.prototype.hasOwnProperty.call(templates, select.value)) {
      text.value = templates[select.value];
      text.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });
})();
