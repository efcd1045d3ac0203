// Progressive enhancement of the application form: while the description is typed, the
// same published records the "先查一查" button finds are fetched and listed (the button
// keeps working without JavaScript).
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch) { return; }
  var field = form.querySelector("textarea[name=description]");
  var box = document.getElementById("suggestions");
  if (!field || !box) { return; }
  var timer = null, last = "";
  function show(results) {
    box.textContent = "";
    if (!results.length) { return; }
    var section = document.createElement("section");
    section.className = "suggestions";
    var heading = document.createElement("h2");
    heading.textContent = "可能已经公开的信息";
    section.appendChild(heading);
    var list = document.createElement("ul");
    results.forEach(function (r) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = r.url; link.textContent = r.title;
      item.appendChild(link);
      list.appendChild(item);
    });
    section.appendChild(list);
    box.appendChild(section);
  }
  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = field.value.trim().slice(0, 50);
      if (q.length < 2 || q === last) { return; }
      last = q;
      fetch(form.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(q),
            { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { show(data.results || []); })
        .catch(function () {});
    }, 400);
  });
})();
