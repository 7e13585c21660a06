// Progressive enhancement for the simulator: pick a reply target in place, and poll for the
// bot's replies (the worker sends them later) without reloading. Without it, links do both.
(function () {
  "use strict";
  var list = document.getElementById("transcript");
  var form = document.getElementById("compose");
  if (!list || !form || !window.fetch) return;
  var note = document.getElementById("replying");

  function setReply(sid, preview) {
    form.elements.reply_to.value = sid;
    note.querySelector("q").textContent = preview;
    note.hidden = !sid;
  }
  list.addEventListener("click", function (event) {
    var link = event.target.closest("a.reply");
    if (!link) return;
    event.preventDefault();
    setReply(link.dataset.sid, link.dataset.preview);
    form.elements.body.focus();
  });
  note.querySelector(".cancel-reply").addEventListener("click", function (event) {
    event.preventDefault();
    setReply("", "");
  });

  function lastId() {
    var items = list.querySelectorAll("li[data-id]");
    return items.length ? items[items.length - 1].dataset.id : 0;
  }
  function poll() {
    var watch = Array.prototype.map.call(list.querySelectorAll('li[data-final="0"]'),
      function (item) { return item.dataset.id; });
    var url = list.dataset.poll + "&after=" + lastId() + "&watch=" + watch.join(",");
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        Object.keys(data.updated).forEach(function (id) {
          var old = document.getElementById("m" + id);
          if (old) old.outerHTML = data.updated[id];
        });
        if (data.messages.length) {
          var empty = list.querySelector(".empty");
          if (empty) empty.remove();
          list.insertAdjacentHTML("beforeend", data.html);
          list.lastElementChild.scrollIntoView({ block: "end" });
        }
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1500); });
  }
  if (list.lastElementChild) list.lastElementChild.scrollIntoView({ block: "end" });
  setTimeout(poll, 1500);
})();
