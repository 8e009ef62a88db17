/* Draft page, optional: line numbers beside the spec editor, and problem links that put the
   caret on their line in the editor. Without this script the page works the same; the
   problem links then lead to the numbered copy of the spec below the form. */
(function () {
  "use strict";
  var area = document.getElementById("spec-text");
  if (!area || !area.parentNode) { return; }
  var gutter = document.createElement("pre");
  gutter.className = "gutter";
  gutter.setAttribute("aria-hidden", "true");
  area.parentNode.insertBefore(gutter, area);
  var bad = {};
  var links = document.querySelectorAll("a.to-line[data-line]");
  Array.prototype.forEach.call(links, function (link) { bad[link.getAttribute("data-line")] = true; });
  var shown = 0;

  function draw() {
    var count = area.value.split("\n").length;
    if (count === shown) { return; }
    shown = count;
    while (gutter.firstChild) { gutter.removeChild(gutter.firstChild); }
    for (var n = 1; n <= count; n += 1) {
      var item = document.createElement("span");
      item.textContent = String(n) + "\n";
      if (bad[String(n)]) { item.className = "bad"; }
      gutter.appendChild(item);
    }
  }

  function goTo(line) {
    var lines = area.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i += 1) { start += lines[i].length + 1; }
    var end = start + (lines[line - 1] || "").length;
    area.parentNode.scrollIntoView({ block: "center" });
    area.focus({ preventScroll: true });
    area.setSelectionRange(start, end);
    var height = parseFloat(window.getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (line - 4) * height);
    gutter.scrollTop = area.scrollTop;
  }

  area.addEventListener("input", draw);
  area.addEventListener("scroll", function () { gutter.scrollTop = area.scrollTop; });
  Array.prototype.forEach.call(links, function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      goTo(parseInt(link.getAttribute("data-line"), 10));
    });
  });
  draw();
})();
