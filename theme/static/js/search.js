// Search as you type with Pagefind, loaded from this site (no other origin).
// Without this script the page still reads: the note and the topic list stay.
(function () {
  "use strict";
  var form = document.querySelector(".olea-search__form");
  if (!form) return;
  var input = form.querySelector(".olea-search__input");
  var status = form.querySelector(".olea-search__status");
  var list = form.querySelector(".olea-search__results");
  var engine = null;
  var latest = 0;

  function load() {
    if (!engine) {
      // Resolved against the page so that a site under a sub-path finds its own copy.
      var src = new URL(form.getAttribute("data-pagefind"), document.baseURI).href;
      var base = new URL(form.getAttribute("data-base"), document.baseURI).pathname;
      engine = import(src).then(function (pagefind) {
        return pagefind.options({ baseUrl: base }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  function show(results, query) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("p");
      // Pagefind's excerpt is escaped text with <mark> around the matches.
      excerpt.innerHTML = data.excerpt;
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = results.length
      ? results.length + (results.length === 1 ? " article" : " articles") + " found for \u201c" + query + "\u201d."
      : "No articles found for \u201c" + query + "\u201d.";
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    load().then(function (pagefind) {
      return pagefind.debouncedSearch(query, {}, 150);
    }).then(function (search) {
      if (!search || ticket !== latest) return null; // a newer query replaced this one
      return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (results && ticket === latest) show(results, query);
    }).catch(function () {
      status.textContent = "Search could not load. Every article is listed by topic below.";
    });
  }

  form.hidden = false;
  var note = document.getElementById("olea-search-no-js");
  if (note) note.hidden = true;
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", run);
  input.addEventListener("focus", load, { once: true });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
