// The hotline console: search while typing, show the full card, copy, queue.
// Everything from the server is put in the page as text, never as HTML.
(function () {
  "use strict";
  var query = document.getElementById("query");
  var district = document.getElementById("district");
  var results = document.getElementById("results");
  var cardBox = document.getElementById("card");
  var chosen = null;
  var timer = null;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  function copy(text, button) {
    var done = function () { button.textContent = "已复制"; setTimeout(function () { button.textContent = button.dataset.label; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
      return;
    }
    var area = el("textarea", text);
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    document.body.removeChild(area);
    done();
  }

  function toolButton(label, onClick) {
    var button = el("button", label);
    button.type = "button";
    button.dataset.label = label;
    button.addEventListener("click", function () { onClick(button); });
    return button;
  }

  function showCard(serviceId) {
    chosen = serviceId;
    var url = "/staff/api/card/" + encodeURIComponent(serviceId) + "?district=" + encodeURIComponent(district.value);
    getJson(url).then(function (card) {
      cardBox.textContent = "";
      cardBox.appendChild(el("h2", card.name + (card.short_name ? "（" + card.short_name + "）" : "")));
      var link = window.location.origin + card.checklist;
      var tools = el("div", null, "tools");
      tools.appendChild(toolButton("复制材料清单", function (b) { copy(card.materials_text, b); }));
      tools.appendChild(toolButton("复制清单链接（短信发送）", function (b) { copy(link, b); }));
      var open = el("a", "打开可打印清单");
      open.href = card.checklist;
      open.target = "_blank";
      tools.appendChild(open);
      cardBox.appendChild(tools);
      card.parts.forEach(function (part) {
        cardBox.appendChild(el("h3", part.heading));
        part.lines.forEach(function (line, index) {
          var first = part.question === "location" && district.value && index === 0 && line.indexOf(district.value) === 0;
          cardBox.appendChild(el("p", line, first ? "first" : null));
        });
      });
    }).catch(function () { cardBox.textContent = "读取业务信息失败，请重试。"; });
  }

  function showResults(data) {
    results.textContent = "";
    document.getElementById("nlu-status").textContent =
      data.nlu === false ? "语义识别暂不可用：仅按知识库检索" : (data.nlu ? "语义识别：正常" : "");
    data.results.forEach(function (item, index) {
      var li = el("li");
      var sure = item.kind === "evidence" ? "  " + Math.round(item.score * 100) + "%" : "";
      var button = el("button", item.name + sure);
      button.type = "button";
      button.addEventListener("click", function () { showCard(item.service_id); });
      li.appendChild(button);
      li.appendChild(el("p", "依据：" + item.reasons.join("；"), "reasons"));
      if (item.cases.length) {
        li.appendChild(el("p", "可能的情况：" + item.cases.map(function (c) { return c[1]; }).join("、"), "cases"));
      }
      results.appendChild(li);
      if (index === 0) { showCard(item.service_id); }
    });
    if (!data.results.length && query.value.trim()) {
      results.appendChild(el("li", "没有找到相近的业务，请换个说法。"));
    }
  }

  function runSearch() {
    var text = query.value.trim();
    if (!text) { results.textContent = ""; return; }
    getJson("/staff/api/search?q=" + encodeURIComponent(text)).then(showResults)
      .catch(function () { results.textContent = "检索失败，请重试。"; });
  }

  function showTurns(box, turns) {
    turns.forEach(function (turn) {
      box.appendChild(el("p", (turn.speaker === "user" ? "群众：" : "助手：") + turn.text, "turn-" + turn.speaker));
    });
  }

  function loadQueue() {
    var list = document.getElementById("handoffs");
    getJson("/staff/api/handoffs").then(function (data) {
      list.textContent = "";
      if (!data.handoffs.length) { list.appendChild(el("li", "暂无转人工的对话。")); }
      data.handoffs.forEach(function (item) {
        var li = el("li");
        var details = el("details");
        var when = new Date(item.asked_at * 1000).toLocaleString("zh-CN");
        details.appendChild(el("summary", "编号 " + item.code + " · " + when + (item.service ? " · " + item.service : "")));
        showTurns(details, item.transcript);
        li.appendChild(details);
        list.appendChild(li);
      });
    }).catch(function () { list.textContent = "读取队列失败。"; });
  }

  function showConversation(senderId, box) {
    getJson("/staff/api/conversation/" + encodeURIComponent(senderId)).then(function (data) {
      box.textContent = "";
      showTurns(box, data.turns);
    }).catch(function () { box.textContent = "读取对话失败。"; });
  }

  function loadUnanswered() {
    var list = document.getElementById("unanswered");
    getJson("/staff/api/unanswered").then(function (data) {
      list.textContent = "";
      if (!data.groups.length) { list.appendChild(el("li", "暂无未能回答的问题。")); }
      data.groups.forEach(function (group) {
        var details = el("details");
        var dates = group.first === group.last ? group.first : group.first + " 至 " + group.last;
        details.appendChild(el("summary", group.count + " 次 · " + group.text + " · " + group.reasons.join("、") + " · " + dates));
        group.items.forEach(function (item) {
          var line = el("details", null, "conversation");
          line.appendChild(el("summary", item.text + "（" + item.reason + "）"));
          var box = el("div");
          line.appendChild(box);
          line.addEventListener("toggle", function () { if (line.open) { showConversation(item.sender_id, box); } });
          details.appendChild(line);
        });
        var li = el("li");
        li.appendChild(details);
        list.appendChild(li);
      });
    }).catch(function () { list.textContent = "读取报告失败。"; });
  }

  getJson("/staff/api/districts").then(function (names) {
    names.forEach(function (name) { var option = el("option", name); option.value = name; district.appendChild(option); });
  });
  query.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(runSearch, 250); });
  district.addEventListener("change", function () { if (chosen) { showCard(chosen); } });
  document.getElementById("refresh").addEventListener("click", loadQueue);
  document.getElementById("refresh-unanswered").addEventListener("click", loadUnanswered);
  loadQueue();
  loadUnanswered();
  setInterval(loadQueue, 15000);
})();
