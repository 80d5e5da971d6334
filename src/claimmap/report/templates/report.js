// Details of highlighted spans on hover and on keyboard focus. Works from file:// with no
// network; without JavaScript the page still shows every highlight and panel.
(function () {
  "use strict";
  var tip = document.createElement("div");
  tip.className = "tip";
  tip.setAttribute("aria-hidden", "true");
  tip.hidden = true;
  document.body.appendChild(tip);
  var lit = [];

  function clear() {
    tip.hidden = true;
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    lit.forEach(function (el) { el.classList.remove("on"); });
    lit = [];
  }

  function show(el, keys) {
    clear();
    keys.forEach(function (key) {
      var detail = document.getElementById(key.replace(/^(a\d+-)/, "$1d-"));
      if (detail) {
        var copy = detail.cloneNode(true);
        copy.removeAttribute("id");
        copy.hidden = false;
        tip.appendChild(copy);
      }
      document.querySelectorAll(".m[data-refs]").forEach(function (seg) {
        if (seg.getAttribute("data-refs").split(" ").indexOf(key) >= 0) {
          seg.classList.add("on");
          lit.push(seg);
        }
      });
    });
    if (!tip.firstChild) { return; }
    tip.hidden = false;
    var box = el.getBoundingClientRect();
    var left = window.scrollX + box.left;
    var maxLeft = window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8;
    tip.style.left = Math.max(8, Math.min(left, maxLeft)) + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
  }

  function keysOf(el, attr) {
    var value = el.getAttribute(attr);
    return value ? value.split(" ") : [];
  }

  document.addEventListener("mouseover", function (event) {
    var seg = event.target.closest ? event.target.closest(".m[data-refs]") : null;
    if (seg) { show(seg, keysOf(seg, "data-refs")); }
  });
  document.addEventListener("mouseout", function (event) {
    var seg = event.target.closest ? event.target.closest(".m[data-refs]") : null;
    if (seg && document.activeElement !== seg) { clear(); }
  });
  document.addEventListener("focusin", function (event) {
    var seg = event.target.closest ? event.target.closest(".m[data-starts]") : null;
    if (seg) { show(seg, keysOf(seg, "data-refs")); } else { clear(); }
  });
  // A printout cannot be clicked open: show folded lists on paper.
  window.addEventListener("beforeprint", function () {
    clear();
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clear(); }
  });
})();
