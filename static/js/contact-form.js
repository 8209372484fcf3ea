// The practitioner page is the same for every visitor (it comes from the page
// cache, issue 19), so its contact form carries no CSRF token: fetch this
// visitor's own (with its cookie) and a fresh timed token, same origin only.
// Without this script the form still works: the first Send returns the form,
// filled in, with the visitor's own token, to send again.
(function () {
  "use strict";
  document.querySelectorAll("form[data-kap-token-url]").forEach(function (form) {
    fetch(form.getAttribute("data-kap-token-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        form.querySelector("input[name=csrfmiddlewaretoken]").value = data.csrf;
        var token = form.querySelector("input[name=token]");
        if (token) token.value = data.token;
      })
      .catch(function () {});
  });
})();
