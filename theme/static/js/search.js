// Search as you type with Pagefind, loaded from this site (no other origin).
// Enhances every search form on the page: the header's, and the search page's.
// Without this script nothing is lost: the header keeps its link to the search
// page, and that page its note and its lists of articles.
(function () {
  "use strict";
  var engine = null; // one Pagefind for the page, loaded when first needed

  function load(form) {
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

  function enhance(box) {
    var form = box.querySelector(".olea-search__form");
    var input = form.querySelector(".olea-search__input");
    var status = form.querySelector(".olea-search__status");
    var list = form.querySelector(".olea-search__results");
    var panel = form.querySelector(".olea-search__panel");
    var all = form.querySelector(".olea-search__all");
    var link = box.querySelector(".olea-search__link");
    var header = box.classList.contains("olea-search--header");
    var limit = header ? 5 : 10;
    var latest = 0;

    // What this script writes, in the page's language: the template puts each
    // sentence in a data-text-* attribute of the form, {count} and {query}
    // standing for the values.
    function text(name, values) {
      return (form.getAttribute("data-text-" + name) || "").replace(/\{(count|query)\}/g, function (all, key) {
        return String(values[key]);
      });
    }

    function close() {
      if (header) panel.hidden = true;
    }

    function show(results, total, query) {
      list.textContent = "";
      results.forEach(function (data) {
        var item = document.createElement("li");
        var to = document.createElement("a");
        to.href = data.url;
        to.textContent = (data.meta && data.meta.title) || data.url;
        var excerpt = document.createElement("p");
        // Pagefind's excerpt is escaped text with <mark> around the matches.
        excerpt.innerHTML = data.excerpt;
        item.appendChild(to);
        item.appendChild(excerpt);
        list.appendChild(item);
      });
      status.textContent = total
        ? text(total === 1 ? "one" : "many", { count: total, query: query })
        : text("none", { query: query });
      if (all) {
        all.href = form.action + "?q=" + encodeURIComponent(query);
        all.hidden = total <= results.length;
      }
      panel.hidden = false;
    }

    // Words without case or accents, so that "ciatica" finds "ciática".
    function words(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
        .split(/[^a-z0-9]+/).filter(Boolean);
    }

    // Pagefind ranks by the words of the whole page, and two articles that both
    // discuss what was typed can tie ("Hernia de disco y ciática" and "Ver a un
    // fisioterapeuta y otros tratamientos para la ciática", 12.8 and 12.9 for
    // "ciática"). The article whose title is about it comes first: a title that
    // has every word typed raises the score by the share of the title they make.
    function rerank(query, scored) {
      var asked = words(query);
      scored.forEach(function (item) {
        var title = words((item.data.meta && item.data.meta.title) || "");
        var all = asked.length && asked.every(function (q) {
          return title.some(function (t) { return t.indexOf(q) === 0; });
        });
        item.rank = item.score * (1 + (all && title.length ? asked.length / title.length : 0));
      });
      return scored.sort(function (a, b) { return b.rank - a.rank; });
    }

    function run() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        close();
        return;
      }
      var total = 0;
      load(form).then(function (pagefind) {
        return pagefind.debouncedSearch(query, {}, 150);
      }).then(function (search) {
        if (!search || ticket !== latest) return null; // a newer query replaced this one
        total = search.results.length;
        // The first ten by Pagefind's score, then by their titles (rerank).
        return Promise.all(search.results.slice(0, Math.max(limit, 10)).map(function (r) {
          return r.data().then(function (data) { return { score: r.score, data: data }; });
        }));
      }).then(function (scored) {
        if (!scored || ticket !== latest) return;
        var results = rerank(query, scored).slice(0, limit).map(function (item) { return item.data; });
        show(results, total, query);
      }).catch(function () {
        status.textContent = text("failed", {});
      });
    }

    form.hidden = false;
    if (link) link.hidden = true;
    var note = box.querySelector(".olea-search__no-js");
    if (note) note.hidden = true;
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { load(form); }, { once: true });
    if (header) {
      // Enter goes to the search page (a plain GET, so it works before Pagefind loads).
      form.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && !panel.hidden) {
          close();
          input.focus();
        }
      });
      form.addEventListener("focusout", function (event) {
        if (!form.contains(event.relatedTarget)) close();
      });
    } else {
      form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
      var initial = new URLSearchParams(location.search).get("q");
      if (initial) { input.value = initial; run(); }
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll(".olea-search"), enhance);
})();
