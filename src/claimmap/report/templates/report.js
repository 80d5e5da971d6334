// Layers, details and jumps. Works from file:// with no network. Without JavaScript the
// layer switches still work (CSS :has) and panel links still scroll to their anchors.
(function () {
  "use strict";
  var tip = document.createElement("div");
  tip.className = "tip";
  tip.setAttribute("aria-hidden", "true");
  tip.hidden = true;
  document.body.appendChild(tip);
  var lit = [];

  function words(el, attr) {
    var value = el.getAttribute(attr);
    return value ? value.split(" ") : [];
  }

  function detailOf(key) {
    return document.getElementById(key.replace(/^(a\d+-)/, "$1d-"));
  }

  function activeLayers(report) {
    var on = {};
    report.querySelectorAll("input.layer").forEach(function (box) {
      if (box.checked) { on[box.getAttribute("data-layer")] = true; }
    });
    return on;
  }

  function anyOn(list, on) {
    return list.some(function (layer) { return on[layer]; });
  }

  // Only marks of switched-on layers take a tab stop and answer to hover.
  function refresh(report) {
    var on = activeLayers(report);
    report.querySelectorAll(".m[data-layers]").forEach(function (seg) {
      seg.classList.toggle("live", anyOn(words(seg, "data-layers"), on));
      if (seg.hasAttribute("data-starts")) {
        seg.setAttribute("tabindex", anyOn(words(seg, "data-start-layers"), on) ? "0" : "-1");
      }
    });
  }

  function clear() {
    tip.hidden = true;
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    lit.forEach(function (el) { el.classList.remove("on"); });
    lit = [];
  }

  function show(el) {
    clear();
    var report = el.closest(".report");
    var on = report ? activeLayers(report) : {};
    words(el, "data-refs").forEach(function (key) {
      var detail = detailOf(key);
      if (!detail || !on[detail.getAttribute("data-layer")]) { return; }
      var copy = detail.cloneNode(true);
      copy.removeAttribute("id");
      copy.hidden = false;
      tip.appendChild(copy);
      (report || document).querySelectorAll(".m[data-refs]").forEach(function (seg) {
        if (words(seg, "data-refs").indexOf(key) >= 0) {
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

  function switchOn(report, layer) {
    var box = report.querySelector('input.layer[data-layer="' + layer + '"]');
    if (box && !box.checked) { box.checked = true; refresh(report); }
  }

  // A panel entry (or a #key in the address) jumps to its mark: its layer is switched on,
  // the mark is scrolled into view, focused and flashed.
  function jump(key, layer) {
    var anchor = document.getElementById(key);
    var report = anchor ? anchor.closest(".report") : null;
    if (!report) { return false; }
    var detail = detailOf(key);
    switchOn(report, layer || (detail && detail.getAttribute("data-layer")));
    var seg = null;
    report.querySelectorAll(".m[data-starts]").forEach(function (el) {
      if (!seg && words(el, "data-starts").indexOf(key) >= 0) { seg = el; }
    });
    if (!seg) { return false; }
    seg.scrollIntoView({ block: "center" });
    seg.focus({ preventScroll: true });
    seg.classList.remove("flash");
    void seg.offsetWidth;  // restart the animation on a second click
    seg.classList.add("flash");
    return true;
  }

  document.querySelectorAll(".report").forEach(refresh);
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.classList && box.classList.contains("layer")) {
      clear();
      refresh(box.closest(".report"));
    }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.goto") : null;
    if (!link) { return; }
    var key = link.getAttribute("href").slice(1);
    if (jump(key, link.getAttribute("data-layer"))) {
      event.preventDefault();
      try { history.replaceState(null, "", "#" + key); } catch (e) { /* file:// quirks */ }
    }
  });
  if (location.hash.length > 1) { jump(decodeURIComponent(location.hash.slice(1)), null); }

  document.addEventListener("mouseover", function (event) {
    var seg = event.target.closest ? event.target.closest(".m.live") : null;
    if (seg) { show(seg); }
  });
  document.addEventListener("mouseout", function (event) {
    var seg = event.target.closest ? event.target.closest(".m.live") : null;
    if (seg && document.activeElement !== seg) { clear(); }
  });
  document.addEventListener("focusin", function (event) {
    var seg = event.target.closest ? event.target.closest(".m[data-starts]") : null;
    if (seg) { show(seg); } else { clear(); }
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
