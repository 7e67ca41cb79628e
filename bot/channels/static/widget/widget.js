/* 卡友助手 chat page. Plain ES2017, no build step.
 *
 * Talks to the widget's endpoint (POST webhook, same origin; the conversation is "widget:<sender>"
 * on the server) with {sender, message} and renders the list it answers: text, quick-reply buttons,
 * and custom payloads of type "repayment_plan" (schedule table, two SVG charts, letter download), and "document" (the complaint: the letter's document card).
 * The sender id and the transcript live in localStorage so that a reload keeps the conversation, for
 * STORAGE_TTL_MS after the last message only (the transcript holds what the user typed and the
 * letter); 「新对话」 asks first, then clears both at once. A reply opens at its start (a plan is long). Bot text is always set as textContent, never as HTML.
 */
(function () {
  "use strict";

  var KEY_SENDER = "kayou.widget.sender";
  var KEY_LOG = "kayou.widget.transcript.v2";
  // while a person (客服) handles the conversation: the id of the last agent message shown
  var KEY_HANDOFF = "kayou.widget.handoff";
  // the last agent message shown, kept after a ticket closes so a later ticket never repeats it
  var KEY_AGENT_SEEN = "kayou.widget.agent_seen";
  var DEFAULT_POLL_S = 3;
  var MAX_POLL_S = 60;
  var OLD_KEYS = ["kayou.widget.transcript.v1"];  // kept without expiry by earlier versions
  var STORAGE_TTL_MS = 24 * 60 * 60 * 1000;
  var MAX_ENTRIES = 200;
  var REQUEST_TIMEOUT_MS = 60000;
  var LONG_SCHEDULE_ROWS = 12;
  var SVG_NS = "http://www.w3.org/2000/svg";

  var TEXT = {
    welcome:
      "您好，我是卡友助手。信用卡逾期了也别慌：我可以帮您估算利息和违约金、说明逾期后会发生什么、" +
      "告诉您遇到不当催收怎么办，还能根据您的收入拟定还款计划和给银行的个性化分期申请书。\n" +
      "请直接描述您的情况，例如：“招行欠了两万五，逾期45天，利息多少？”",
    examples: [
      { title: "逾期利息怎么算？", payload: "信用卡逾期利息怎么算？" },
      { title: "逾期会有什么后果？", payload: "信用卡逾期会有什么后果？" },
      { title: "帮我做还款计划", payload: "帮我做一个还款计划" }
    ],
    networkError:
      "抱歉，暂时无法连接到服务器，您的消息还没有发出，已保留在输入框中。请检查网络后再点“发送”。",
    buttonError: "抱歉，暂时无法连接到服务器，刚才的选择没有发出。请检查网络后再点一次按钮。",
    serverError:
      "抱歉，服务器暂时出了点问题，您的消息已保留在输入框中，请稍后再试。" +
      "如需人工帮助，请拨打信用卡背面的银行客服电话。",
    emptyReply: "（助手这次没有回复。您可以换个说法再问一次。）",
    agent: "客服",
    agentSays: "客服说：",
    systemSays: "提示：",
    busy: "请稍候，助手正在回复上一条消息。"
  };

  // ------------------------------------------------------------------------------------------
  // storage (may be unavailable: private mode, blocked third-party storage in an iframe)

  var memoryStore = {};

  function storageGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null;
    }
  }

  function storageSet(key, value) {
    memoryStore[key] = value;
    try {
      window.localStorage.setItem(key, value);
      return true;
    } catch (e) {
      return false;
    }
  }

  function storageRemove(key) {
    delete memoryStore[key];
    try {
      window.localStorage.removeItem(key);
    } catch (e) {
      /* nothing stored */
    }
  }

  function newSenderId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return "web-" + window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    return "web-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function senderId() {
    var id = storageGet(KEY_SENDER);
    if (!id || !/^[\w-]{8,80}$/.test(id)) {
      id = newSenderId();
      storageSet(KEY_SENDER, id);
    }
    return id;
  }

  // The transcript is stored as {savedAt, entries}. Past STORAGE_TTL_MS (or unreadable) it is dropped
  // together with the sender id, so the next message starts a new conversation.
  function loadTranscript() {
    OLD_KEYS.forEach(storageRemove);
    var raw = storageGet(KEY_LOG);
    if (!raw) return [];
    var stored = null;
    try {
      stored = JSON.parse(raw);
    } catch (e) {
      stored = null;
    }
    var fresh = stored && typeof stored === "object" && typeof stored.savedAt === "number" &&
      Array.isArray(stored.entries) && Date.now() - stored.savedAt <= STORAGE_TTL_MS &&
      stored.savedAt <= Date.now() + 60000;
    if (!fresh) {
      storageRemove(KEY_LOG);
      storageRemove(KEY_SENDER);
      return [];
    }
    return stored.entries.filter(function (e) { return e && typeof e === "object"; });
  }

  function saveTranscript(list) {
    var kept = list.slice(-MAX_ENTRIES);
    // on a full quota drop the oldest entries until it fits
    while (kept.length && !storageSet(KEY_LOG, JSON.stringify({ savedAt: Date.now(), entries: kept }))) {
      if (kept.length === 1) break;
      kept = kept.slice(Math.ceil(kept.length / 4));
    }
  }

  // ------------------------------------------------------------------------------------------
  // small helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function num(value) {
    if (value === null || value === undefined || value === "") return null;
    var n = typeof value === "number" ? value : Number(value);
    return isFinite(n) ? n : null;
  }

  function yuan(value) {
    var n = num(value);
    if (n === null) return "—";
    return n.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " 元";
  }

  function shortYuan(n) {
    if (Math.abs(n) >= 10000) {
      var wan = n / 10000;
      return (Math.round(wan * 10) / 10).toLocaleString("zh-CN") + "万";
    }
    return Math.round(n).toLocaleString("zh-CN");
  }

  function safeFilename(name) {
    var cleaned = String(name || "").replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "").trim();
    if (!cleaned) cleaned = "个性化分期申请书";
    if (!/\.txt$/i.test(cleaned)) cleaned += ".txt";
    return cleaned.slice(0, 120);
  }

  // ------------------------------------------------------------------------------------------
  // repayment plan: summary, charts, table, letter download

  function downloadText(text, filename) {
    // The BOM lets older Windows editors (记事本 before 2019, some WPS versions) recognise UTF-8
    // instead of showing GBK mojibake; UTF-8 readers ignore it.
    var blob = new Blob(["\ufeff", text], { type: "text/plain;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = safeFilename(filename);
    link.rel = "noopener";
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
      link.remove();
    }, 4000);
  }

  function scheduleRows(plan) {
    if (!Array.isArray(plan.schedule)) return [];
    return plan.schedule.filter(function (row) { return row && typeof row === "object"; });
  }

  function balanceChart(plan, rows) {
    var points = [];
    rows.forEach(function (row, i) {
      var remaining = num(row.remaining);
      if (remaining === null) return;
      var period = num(row.period);
      points.push({ period: period === null ? i + 1 : period, remaining: remaining });
    });
    if (points.length < 2 && !(points.length === 1 && num(plan.total) !== null)) return null;
    var start = num(plan.total);
    if (start === null) {
      var first = rows[0];
      start = points[0].remaining + (num(first && first.payment) || 0);
    }
    points.unshift({ period: 0, remaining: start });
    var maxY = Math.max.apply(null, points.map(function (p) { return p.remaining; })) || 1;
    var maxX = points[points.length - 1].period || 1;

    // right padding wide enough for the last tick 「第60期」, drawn end-anchored (it was clipped)
    var W = 340, H = 200, left = 48, right = 16, top = 14, bottom = 34;
    var plotW = W - left - right, plotH = H - top - bottom;
    function x(p) { return left + (p / maxX) * plotW; }
    function y(v) { return top + plotH - (Math.max(0, v) / maxY) * plotH; }

    var last = points[points.length - 1];
    var label = "剩余待还金额随期数变化的折线图：从 " + yuan(start) + " 降至 " + yuan(last.remaining) +
      "，共 " + maxX + " 期。";
    var root = svg("svg", {
      viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": label, class: "chart chart-balance",
      preserveAspectRatio: "xMidYMid meet"
    });
    root.appendChild(svg("title", {}, label));

    [0, 0.5, 1].forEach(function (f) {
      var v = maxY * f;
      root.appendChild(svg("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), class: "grid" }));
      root.appendChild(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "tick" }, shortYuan(v)));
    });
    var ticks = [1, Math.round(maxX / 2), maxX].filter(function (t, i, a) { return t > 0 && a.indexOf(t) === i; });
    ticks.forEach(function (t, i) {
      var anchor = i === 0 ? "start" : (i === ticks.length - 1 ? "end" : "middle");
      root.appendChild(svg("text", { x: x(t), y: H - bottom + 16, "text-anchor": anchor, class: "tick" }, "第" + t + "期"));
    });
    root.appendChild(svg("line", { x1: left, x2: left, y1: top, y2: top + plotH, class: "axis" }));
    root.appendChild(svg("line", { x1: left, x2: W - right, y1: top + plotH, y2: top + plotH, class: "axis" }));

    var line = points.map(function (p) { return x(p.period).toFixed(1) + "," + y(p.remaining).toFixed(1); });
    root.appendChild(svg("path", {
      d: "M" + x(0) + "," + y(0) + " L" + line.join(" L") + " L" + x(last.period).toFixed(1) + "," + y(0) + " Z",
      class: "area"
    }));
    root.appendChild(svg("polyline", { points: line.join(" "), class: "line" }));
    root.appendChild(svg("text", { x: left + plotW / 2, y: H - 4, "text-anchor": "middle", class: "axis-label" }, "期数"));
    return root;
  }

  function comparisonItems(comparison) {
    if (!comparison || typeof comparison !== "object") return [];
    var items = [];
    var minimum = comparison.minimum_only;
    if (minimum && num(minimum.total_interest) !== null) {
      var months = num(minimum.months);
      var left = num(minimum.remaining);
      var note = "还清时间较长";
      if (months !== null && left !== null && left > 0) note = months + " 个月后仍欠 " + shortYuan(left) + " 元";
      else if (months !== null) note = "约 " + months + " 个月还清";
      items.push({ name: "只还最低还款", value: num(minimum.total_interest), kind: "利息", note: note });
    }
    var installment = comparison.installment;
    if (installment && num(installment.total_fee) !== null) {
      items.push({
        name: "账单分期", value: num(installment.total_fee), kind: "手续费",
        note: num(installment.periods) !== null ? num(installment.periods) + " 期" : ""
      });
    }
    var personalised = comparison.personalised;
    if (personalised && num(personalised.total_interest) !== null) {
      items.push({
        name: "个性化分期", value: num(personalised.total_interest), kind: "利息",
        note: num(personalised.periods) !== null ? num(personalised.periods) + " 期" : ""
      });
    }
    return items;
  }

  function costChart(comparison) {
    var items = comparisonItems(comparison);
    if (!items.length) return null;
    var maxV = Math.max.apply(null, items.map(function (i) { return i.value; })) || 1;
    // each row: name, bar and value on one line, the note on its own line below (it ran over the bar)
    var W = 340, rowH = 44, top = 4, labelW = 84, valueW = 92;
    var H = top + rowH * items.length;
    var barW = W - labelW - valueW - 8;
    var label = "还款方式的额外成本对比：" + items.map(function (i) {
      return i.name + " " + i.kind + " " + yuan(i.value) + (i.note ? "（" + i.note + "）" : "");
    }).join("；") + "。";
    var root = svg("svg", {
      viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": label, class: "chart chart-cost",
      preserveAspectRatio: "xMidYMid meet"
    });
    root.appendChild(svg("title", {}, label));
    items.forEach(function (item, i) {
      var yTop = top + i * rowH;
      var w = Math.max(2, (item.value / maxV) * barW);
      root.appendChild(svg("text", { x: 0, y: yTop + 15, class: "bar-label" }, item.name));
      root.appendChild(svg("rect", {
        x: labelW, y: yTop + 3, width: w.toFixed(1), height: 16, rx: 3, class: "bar bar-" + i
      }));
      root.appendChild(svg("text", { x: labelW + w + 6, y: yTop + 15, class: "bar-value" }, yuan(item.value)));
      if (item.note) root.appendChild(svg("text", { x: labelW, y: yTop + 34, class: "bar-note" }, item.note));
    });
    return root;
  }

  function scheduleTable(rows) {
    var wrap = el("div", "table-wrap");
    var table = el("table", "schedule");
    table.appendChild(el("caption", null, "还款计划表（共 " + rows.length + " 期）"));
    var head = el("thead");
    var hr = el("tr");
    ["期数", "还款日", "应还金额", "剩余待还"].forEach(function (h) {
      var th = el("th", null, h);
      th.scope = "col";
      hr.appendChild(th);
    });
    head.appendChild(hr);
    table.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (row, i) {
      var tr = el("tr");
      var th = el("th", null, "第 " + (num(row.period) !== null ? num(row.period) : i + 1) + " 期");
      th.scope = "row";
      tr.appendChild(th);
      tr.appendChild(el("td", null, row.date || "—"));
      tr.appendChild(el("td", "money", yuan(row.payment)));
      tr.appendChild(el("td", "money", yuan(row.remaining)));
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    if (rows.length <= LONG_SCHEDULE_ROWS) return wrap;
    var details = el("details", "schedule-details");
    details.appendChild(el("summary", null, "查看完整还款计划表（共 " + rows.length + " 期）"));
    details.appendChild(wrap);
    return details;
  }

  function summaryList(plan, rows) {
    var dl = el("dl", "plan-summary");
    function add(term, value) {
      if (value === null || value === undefined || value === "") return;
      dl.appendChild(el("dt", null, term));
      dl.appendChild(el("dd", null, value));
    }
    add("每月还款", num(plan.monthly_payment) !== null ? yuan(plan.monthly_payment) : null);
    add("期数", num(plan.periods) !== null ? num(plan.periods) + " 期" : (rows.length ? rows.length + " 期" : null));
    // issue 23: say what the total is (the amount said, or the statement's), never a bare 「合计」
    add(typeof plan.total_label === "string" && plan.total_label ? plan.total_label : "计划金额",
      num(plan.total) !== null ? yuan(plan.total) : null);
    if (rows.length && rows[0].date) {
      add("还款时间", rows[0].date + (rows.length > 1 && rows[rows.length - 1].date ? " 至 " + rows[rows.length - 1].date : ""));
    }
    // a date or an amount never breaks inside itself (「2027-01- / 01」 at 375 px): each is one unbreakable piece
    Array.prototype.forEach.call(dl.querySelectorAll("dd"), function (dd) {
      var parts = dd.textContent.split(/(\d[\d,.\-]*\d(?:\s元)?)/);
      if (parts.length < 2) return;
      dd.textContent = "";
      parts.forEach(function (part, i) {
        if (!part) return;
        dd.appendChild(i % 2 ? el("span", "nobreak", part) : document.createTextNode(part));
      });
    });
    return dl;
  }

  // ---- issue 13 (letter): the letter as one collapsible document, copy and download --------------------

  var DOC_FORMAT = { pdf: "PDF", docx: "Word" };

  function copyText(text) {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === "function" && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "offscreen";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  // only same-origin relative links signed by the server ("documents/<id>/<file>?e=…&s=…")
  function safeDocumentUrl(url) {
    return typeof url === "string" && /^documents\/[A-Za-z0-9-]+\/(letter-\d+|schedule|complaint)\.(pdf|docx)\?e=\d+&s=[\w-]+$/.test(url);
  }

  // a plan's letter, or another document drawn the same way (issue 12: the complaint, custom type "document",
  // which names itself with `noun` and brings its own `hint`)
  function letterDocument(plan) {
    var noun = typeof plan.noun === "string" && plan.noun ? plan.noun : "申请书";
    var section = el("section", "letter-doc");
    section.setAttribute("aria-label", noun);
    var details = el("details", "letter-details");
    details.appendChild(el("summary", null, "查看" + noun + "全文：" + (plan.letter_title || "个性化分期还款申请书")));
    details.appendChild(el("pre", "letter-text", plan.letter));
    section.appendChild(details);

    var actions = el("div", "plan-actions");
    var note = el("p", "plan-hint copy-status", "");
    note.setAttribute("role", "status");
    var copy = el("button", "doc-button", "复制全文");
    copy.type = "button";
    copy.addEventListener("click", function () {
      copyText(plan.letter).then(function () {
        note.textContent = "已复制" + noun + "全文，可以粘贴到短信、邮件或文档里。";
      }, function () {
        details.open = true;
        note.textContent = "无法自动复制：请展开全文后长按选择复制。";
      });
    });
    actions.appendChild(copy);
    var files = Array.isArray(plan.documents) ? plan.documents.filter(function (d) {
      return d && safeDocumentUrl(d.url) && DOC_FORMAT[d.format];
    }) : [];
    files.forEach(function (d) {
      // one letter per bank: the bank the server put in the title (「…申请书（建设银行）」) names the button, so two
      // pairs of 「下载申请书 PDF / Word」 are never alike (UI session 7)
      var bank = typeof d.title === "string" ? d.title.match(/（([^（）]+)）$/) : null;
      var what = d.title && d.title.indexOf("还款计划表") >= 0 ? "还款计划表" : (bank ? bank[1] : "") + noun;
      var link = el("a", "doc-button" + (d.format === "pdf" ? " doc-primary" : ""), "下载" + what + " " + DOC_FORMAT[d.format]);
      link.href = d.url;
      link.setAttribute("download", "");
      link.rel = "noopener";
      link.setAttribute("aria-label", "下载" + (d.title || noun) + "（" + DOC_FORMAT[d.format] + "）");
      actions.appendChild(link);
    });
    if (!files.length) {
      var button = el("button", "doc-button", "下载" + noun + "（文本）");
      button.type = "button";
      button.addEventListener("click", function () { downloadText(plan.letter, plan.letter_filename); });
      actions.appendChild(button);
    }
    section.appendChild(actions);
    section.appendChild(note);
    section.appendChild(el("p", "plan-hint", typeof plan.hint === "string" && plan.hint ? plan.hint :
      "PDF 可直接打印签字（A4）；Word 可以修改。请核对后填写姓名、身份证号、电话，签字后递交或发给银行。"));
    return section;
  }

  function renderPlan(plan) {
    var card = el("section", "plan-card");
    card.setAttribute("aria-label", "还款计划");
    card.appendChild(el("h2", "plan-title", "个性化分期还款计划"));
    var rows = scheduleRows(plan);

    if (plan.mode === "hardship") {
      card.appendChild(el("p", "plan-warning",
        "扣除必要支出后没有余钱：申请书是困难情况说明和延期还款申请，不承诺每月还款。"));
    } else if (plan.mode === "partial") {
      card.appendChild(el("p", "plan-warning",
        "60期还不清：申请书按您每月最多能还的 " + yuan(plan.offered_payment) + " 申请，写明还差 " +
        yuan(plan.shortfall) + "，并请求减免利息和违约金。"));
    } else if (plan.feasible === false) {
      card.appendChild(el("p", "plan-warning",
        "按您目前的收入和预算，这个计划有困难：每月需要还款 " + yuan(plan.monthly_payment) +
        "。建议和银行协商减免部分利息费用，或尽量提高每月可还金额。"));
    } else if (plan.feasible === true) {
      card.appendChild(el("p", "plan-ok", "这个计划在您的每月还款能力之内。"));
    }
    card.appendChild(summaryList(plan, rows));

    var balance = rows.length ? balanceChart(plan, rows) : null;
    if (balance) {
      var fig1 = el("figure", "chart-figure");
      fig1.appendChild(balance);
      fig1.appendChild(el("figcaption", null, "剩余待还金额（按期）"));
      card.appendChild(fig1);
    }
    var cost = costChart(plan.comparison);
    if (cost) {
      var fig2 = el("figure", "chart-figure");
      fig2.appendChild(cost);
      fig2.appendChild(el("figcaption", null, "额外成本对比：最低还款 · 账单分期 · 个性化分期（估算）"));
      card.appendChild(fig2);
    }
    if (rows.length) card.appendChild(scheduleTable(rows));

    if (typeof plan.letter === "string" && plan.letter.trim()) card.appendChild(letterDocument(plan));
    card.appendChild(el("p", "plan-hint",
      "以上为估算；是否同意个性化分期、是否减免利息由银行决定，请直接联系银行协商，不要付费给“代理协商”机构。"));
    return card;
  }

  // ------------------------------------------------------------------------------------------
  // the chat

  function Chat(root) {
    this.root = root;
    this.endpoint = root.getAttribute("data-endpoint") || "webhook";
    this.messagesEndpoint = root.getAttribute("data-messages") || "messages";
    this.leaveEndpoint = root.getAttribute("data-leave") || "leave";
    this.pollTimer = null;
    this.list = document.getElementById("messages");
    this.typing = document.getElementById("typing");
    this.status = document.getElementById("status");
    this.form = document.getElementById("composer");
    this.input = document.getElementById("input");
    this.sendButton = document.getElementById("send-button");
    this.resetButton = document.getElementById("reset-button");
    this.busy = false;
    // the transcript first: an expired one takes the sender id with it
    this.entries = loadTranscript();
    this.sender = senderId();
  }

  Chat.prototype.start = function () {
    var self = this;
    if (!this.entries.length) {
      this.entries.push({ role: "bot", text: TEXT.welcome, buttons: TEXT.examples, local: true });
      saveTranscript(this.entries);
    }
    this.entries.forEach(function (entry) { self.list.appendChild(self.renderEntry(entry)); });
    this.refreshQuickReplies();
    this.scrollToEnd();
    // a reload while a person has the conversation: keep fetching their messages
    if (this.handoffAfter() !== null) this.schedulePoll(0);

    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.sendFromInput();
    });
    this.input.addEventListener("keydown", function (event) {
      // Enter sends, Shift+Enter is a new line; Enter that confirms an IME candidate (拼音输入法)
      // must not send.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        self.sendFromInput();
      }
    });
    this.input.addEventListener("input", function () { self.autoGrow(); });
    this.resetButton.addEventListener("click", function () { self.askReset(); });
    // UI session 7: the empty composer shows its whole placeholder; with the on-screen keyboard up (a short
    // visible height) the header and the disclaimer shrink so the conversation keeps its room
    this.autoGrow();
    this.fitViewport();
    var fit = function () { self.fitViewport(); self.autoGrow(); };
    window.addEventListener("resize", fit);
    if (window.visualViewport) window.visualViewport.addEventListener("resize", fit);
    // In the iframe of embed.js, Escape closes the widget: the key press happens in this document,
    // so tell the embedding page (nothing but this fixed message crosses the frame).
    if (window.parent !== window) {
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape") window.parent.postMessage({ type: "kayou-widget:close" }, "*");
      });
    }
  };

  Chat.prototype.autoGrow = function () {
    var input = this.input;
    input.style.height = "auto";
    var height = input.scrollHeight;
    if (!input.value && input.placeholder) {
      // empty: as high as its placeholder needs (at 375 px it takes two lines and was cut in half)
      input.value = input.placeholder;
      height = Math.max(height, input.scrollHeight);
      input.value = "";
    }
    // scrollHeight leaves out the border, which a border-box height includes
    input.style.height = Math.min(height + (input.offsetHeight - input.clientHeight), 140) + "px";
  };

  // the visible height below which the page is taken to have the keyboard up (a phone is ≥ 560 px tall without it)
  var COMPACT_HEIGHT = 520;

  Chat.prototype.fitViewport = function () {
    var height = window.visualViewport ? window.visualViewport.height : window.innerHeight;
    this.root.classList.toggle("compact", height > 0 && height < COMPACT_HEIGHT);
  };

  Chat.prototype.renderEntry = function (entry) {
    var self = this;
    if (entry.role === "agent" || entry.role === "system") {
      // a person's words (styled 「客服」) and the desk's notes (客服已接入 / 人工服务已结束)
      var line = el("li", "msg msg-" + entry.role);
      line.appendChild(el("span", "sr-only", entry.role === "agent" ? TEXT.agentSays : TEXT.systemSays));
      if (entry.role === "agent") line.appendChild(el("span", "msg-label", TEXT.agent));
      line.appendChild(el("div", "bubble", entry.text || "…"));
      return line;
    }
    var item = el("li", "msg msg-" + (entry.role === "user" ? "user" : "bot"));
    var who = el("span", "sr-only", entry.role === "user" ? "我说：" : "卡友助手：");
    item.appendChild(who);
    if (entry.text) item.appendChild(el("div", "bubble", entry.text));
    if (entry.custom && entry.custom.type === "repayment_plan") {
      try {
        item.appendChild(renderPlan(entry.custom));
      } catch (e) {
        item.appendChild(el("div", "bubble", "（还款计划暂时无法显示，请稍后再试或回复“还款计划”重新生成。）"));
      }
    }
    if (entry.custom && entry.custom.type === "document" && typeof entry.custom.letter === "string" &&
        entry.custom.letter.trim()) {
      var card = el("div", "plan-card");
      card.appendChild(letterDocument(entry.custom));
      item.appendChild(card);
    }
    if (Array.isArray(entry.buttons) && entry.buttons.length) {
      var group = el("div", "quick-replies");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "快捷回复");
      entry.buttons.forEach(function (b) {
        if (!b || (!b.title && !b.payload)) return;
        var button = el("button", "quick-reply", b.title || b.payload);
        button.type = "button";
        button.addEventListener("click", function () {
          if (button.disabled) return;
          self.send(b.payload || b.title, b.title || b.payload, { fromButton: true });
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    if (!item.querySelector(".bubble, .plan-card, .quick-replies")) item.appendChild(el("div", "bubble", "…"));
    return item;
  };

  // Only the buttons of the bot's latest answer can be clicked; older ones are history.
  Chat.prototype.refreshQuickReplies = function () {
    var items = this.list.children;
    var lastUser = -1;
    for (var i = items.length - 1; i >= 0; i--) {
      if (items[i].classList.contains("msg-user")) { lastUser = i; break; }
    }
    for (var j = 0; j < items.length; j++) {
      var active = j > lastUser && !this.busy;
      var buttons = items[j].querySelectorAll(".quick-reply");
      for (var k = 0; k < buttons.length; k++) buttons[k].disabled = !active;
    }
  };

  Chat.prototype.append = function (entry) {
    this.entries.push(entry);
    saveTranscript(this.entries);
    var node = this.renderEntry(entry);
    this.list.appendChild(node);
    return node;
  };

  Chat.prototype.removeEntry = function (entry, node) {
    var index = this.entries.lastIndexOf(entry);
    if (index >= 0) this.entries.splice(index, 1);
    saveTranscript(this.entries);
    if (node && node.parentNode) node.parentNode.removeChild(node);
  };

  Chat.prototype.scrollToEnd = function () {
    var chat = document.getElementById("chat");
    chat.scrollTop = chat.scrollHeight;
  };

  // ---- issue 13 (letter): open a reply at its start; 「新对话」 asks first -------------------------------

  Chat.prototype.scrollToReply = function (node) {
    var chat = document.getElementById("chat");
    var offset = node.getBoundingClientRect().top - chat.getBoundingClientRect().top;
    var target = chat.scrollTop + offset - 8;
    // a reply shorter than the view simply ends at the bottom, as before
    chat.scrollTop = Math.min(target, chat.scrollHeight - chat.clientHeight);
  };

  Chat.prototype.askReset = function () {
    if (this.busy) return;
    var self = this;
    var box = document.getElementById("reset-confirm");
    if (!box) { this.reset(); return; }
    // a person is serving this conversation (issue 21): say so first
    var handoff = document.getElementById("reset-confirm-handoff");
    var serving = this.handoffAfter() !== null;
    if (handoff) {
      handoff.hidden = !serving;
      box.setAttribute("aria-labelledby", serving ? "reset-confirm-handoff reset-confirm-text" : "reset-confirm-text");
    }
    box.hidden = false;
    var yes = document.getElementById("reset-yes");
    var no = document.getElementById("reset-no");
    function close() {
      box.hidden = true;
      yes.removeEventListener("click", onYes);
      no.removeEventListener("click", onNo);
    }
    function onYes() { close(); self.reset(); }
    function onNo() { close(); self.resetButton.focus(); }
    yes.addEventListener("click", onYes);
    no.addEventListener("click", onNo);
    no.focus();
  };

  Chat.prototype.setBusy = function (busy) {
    this.busy = busy;
    this.typing.hidden = !busy;
    this.sendButton.setAttribute("aria-disabled", busy ? "true" : "false");
    this.root.setAttribute("aria-busy", busy ? "true" : "false");
    this.refreshQuickReplies();
    if (busy) this.scrollToEnd();
  };

  Chat.prototype.showStatus = function (message) {
    this.status.textContent = message;
    this.status.hidden = !message;
  };

  Chat.prototype.sendFromInput = function () {
    var text = this.input.value.trim();
    if (!text) return;
    if (this.busy) {
      this.showStatus(TEXT.busy);
      return;
    }
    this.send(text, text, { fromButton: false });
  };

  Chat.prototype.send = function (message, shown, options) {
    var self = this;
    if (this.busy) return;
    this.showStatus("");
    var typed = options.fromButton ? null : this.input.value;
    if (!options.fromButton) {
      this.input.value = "";
      this.autoGrow();
    }
    var entry = { role: "user", text: shown };
    var node = this.append(entry);
    this.setBusy(true);

    var replyStart = null;
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = window.setTimeout(function () { if (controller) controller.abort(); }, REQUEST_TIMEOUT_MS);

    fetch(this.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ sender: this.sender, message: message }),
      credentials: "omit",
      signal: controller ? controller.signal : undefined
    }).then(function (res) {
      if (!res.ok) {
        var err = new Error("HTTP " + res.status);
        err.server = true;
        throw err;
      }
      return res.json();
    }).then(function (replies) {
      if (!Array.isArray(replies)) replies = [];
      var shownAny = false;
      var firstNode = null;
      replies.forEach(function (reply) {
        if (!reply || typeof reply !== "object") return;
        var item = { role: "bot" };
        if (typeof reply.text === "string" && reply.text) item.text = reply.text;
        if (Array.isArray(reply.buttons)) {
          item.buttons = reply.buttons.filter(function (b) { return b && typeof b === "object"; }).map(function (b) {
            return { title: String(b.title || b.payload || ""), payload: String(b.payload || b.title || "") };
          });
        }
        if (reply.custom && typeof reply.custom === "object") item.custom = reply.custom;
        if (item.custom && item.custom.type === "handoff") {
          // 「取消人工」 closes the waiting ticket: nothing more to fetch
          if (item.custom.status === "closed") self.stopPolling(); else self.startPolling();
          return;
        }
        if (item.text || (item.buttons && item.buttons.length) ||
            (item.custom && (item.custom.type === "repayment_plan" || item.custom.type === "document"))) {
          var added = self.append(item);
          if (!firstNode) firstNode = added;
          shownAny = true;
        }
      });
      if (!shownAny) self.append({ role: "bot", text: TEXT.emptyReply });
      replyStart = firstNode;
    }).catch(function (error) {
      // the message did not get through: take it back out of the transcript and give it back
      self.removeEntry(entry, node);
      if (!options.fromButton && !self.input.value) {
        self.input.value = typed;
        self.autoGrow();
      }
      self.showStatus(options.fromButton ? TEXT.buttonError : (error && error.server ? TEXT.serverError : TEXT.networkError));
    }).then(function () {
      window.clearTimeout(timer);
      self.setBusy(false);
      // a long reply (a plan, a letter) opens at its start, not at its last line (issue 13)
      if (replyStart) self.scrollToReply(replyStart); else self.scrollToEnd();
      self.input.focus({ preventScroll: true });
    });
  };

  // ------------------------------------------------------------------------------------------
  // a person's messages: fetched from "messages" while a ticket of this conversation is open

  Chat.prototype.handoffAfter = function () {
    var raw = storageGet(KEY_HANDOFF);
    return raw === null ? null : (parseInt(raw, 10) || 0);
  };

  Chat.prototype.startPolling = function () {
    if (this.handoffAfter() === null) storageSet(KEY_HANDOFF, storageGet(KEY_AGENT_SEEN) || "0");
    if (!this.pollTimer) this.schedulePoll(0);
  };

  Chat.prototype.stopPolling = function () {
    if (this.pollTimer) window.clearTimeout(this.pollTimer);
    this.pollTimer = null;
    storageRemove(KEY_HANDOFF);
  };

  Chat.prototype.schedulePoll = function (seconds) {
    var self = this;
    this.pollTimer = window.setTimeout(function () { self.poll(); }, seconds * 1000);
  };

  Chat.prototype.poll = function () {
    var self = this;
    var after = this.handoffAfter();
    if (after === null) { this.pollTimer = null; return; }
    var sender = this.sender;
    // the conversation id travels in the body, as with every message (never in a URL or a log)
    fetch(this.messagesEndpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ sender: sender, after: after }),
      credentials: "omit"
    }).then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    }).then(function (data) {
      if (sender !== self.sender) return; // 「新对话」 while the request was on its way
      self.pollFailures = 0;
      var last = after;
      (Array.isArray(data.messages) ? data.messages : []).forEach(function (m) {
        if (!m || typeof m.text !== "string" || !(m.id > last)) return;
        last = m.id;
        self.append({ role: m.author === "agent" ? "agent" : "system", text: m.text });
        self.scrollToEnd();
      });
      storageSet(KEY_HANDOFF, String(last));
      storageSet(KEY_AGENT_SEEN, String(last));
      if (!data.active && last === after) {
        self.stopPolling(); // closed and nothing more to show
        return;
      }
      var every = Math.min(MAX_POLL_S, Math.max(1, Number(data.poll_seconds) || DEFAULT_POLL_S));
      self.schedulePoll(every);
    }).catch(function () {
      // the server or the network is away: ask again later, less often
      self.pollFailures = (self.pollFailures || 0) + 1;
      self.schedulePoll(Math.min(MAX_POLL_S, DEFAULT_POLL_S * Math.pow(2, self.pollFailures)));
    });
  };

  Chat.prototype.reset = function () {
    if (this.busy) return;
    if (this.handoffAfter() !== null) {
      // the agent's ticket is marked 「客户已离开」 (the conversation id travels in the body, as always)
      fetch(this.leaveEndpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ sender: this.sender }),
        credentials: "omit",
        keepalive: true
      }).catch(function () { /* the agent still sees no new message; nothing more to do here */ });
    }
    this.stopPolling();
    storageRemove(KEY_AGENT_SEEN);
    storageRemove(KEY_LOG);
    storageRemove(KEY_SENDER);
    this.sender = senderId();
    this.entries = [];
    while (this.list.firstChild) this.list.removeChild(this.list.firstChild);
    this.showStatus("");
    this.append({ role: "bot", text: TEXT.welcome, buttons: TEXT.examples, local: true });
    this.refreshQuickReplies();
    this.input.focus();
  };

  function boot() {
    var root = document.getElementById("app");
    if (!root) return;
    var chat = new Chat(root);
    chat.start();
    window.kayouChat = chat; // handy for debugging in the console; holds nothing secret
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
