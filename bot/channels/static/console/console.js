/* Staff console: analyze a customer's words, check a draft reply for forbidden phrases, record it.
 * All calls are same-origin JSON with the HttpOnly session cookie; a 401 means the session ended.
 * Server text is always set as textContent.
 */
(function () {
  "use strict";

  // what a source is, as bot/facts.yml labels it (issue 23 item 10: never 官方文件 for news or self-regulation)
  var CERTAINTY = { law: "法律规定", official: "官方文件", self_regulation: "行业自律", reported: "权威报道",
                    practice: "通常做法", "default": "默认值" };
  var STAGE_STATUS = { current: "当前", passed: "已过", upcoming: "之后", possible: "可能", info: "说明" };
  var CRIMINAL_STATUS = {
    not_met: "按现有信息不满足恶意透支的全部条件",
    met: "各项条件均显示满足（只能由司法机关认定）",
    unknown: "信息不足，无法判断"
  };
  var CONDITION_STATUS = { met: "满足", not_met: "不满足", unknown: "未知" };
  var FIELD_NAMES = { bank: "银行", debt_amount: "欠款", overdue_days: "逾期天数", monthly_income: "月收入" };

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function yuan(value) {
    if (value === null || value === undefined || !isFinite(Number(value))) return "—";
    return Number(value).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " 元";
  }

  function sessionEnded() {
    var notice = $("session-notice");
    clear(notice);
    notice.appendChild(document.createTextNode("登录已过期或已退出，请 "));
    var link = el("a", null, "重新登录");
    link.href = "./";
    notice.appendChild(link);
    notice.appendChild(document.createTextNode("。未提交的内容请先复制保存。"));
    notice.hidden = false;
  }

  function api(path, body, signal) {
    return fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (res.status === 401) { live.ended = true; sessionEnded(); }
        return { status: res.status, ok: res.ok, data: data };
      });
    });
  }

  function networkError(target) {
    target.textContent = "无法连接到服务器，请检查网络后再试。您填写的内容没有丢失。";
    target.hidden = false;
  }

  // ------------------------------------------------------------------------------------------
  // analyze

  function sourceItem(text, certainty) {
    var li = el("li");
    if (certainty) {
      var tag = el("span", "tag tag-" + certainty, CERTAINTY[certainty] || certainty);
      li.appendChild(tag);
      li.appendChild(document.createTextNode(" "));
    }
    li.appendChild(document.createTextNode(text));
    return li;
  }

  function renderIntent(result) {
    var intent = result.intent;
    var p = $("intent");
    clear(p);
    if (!intent) {
      p.textContent = "未识别（没有原话或模型未加载）";
    } else {
      p.appendChild(el("strong", null, intent.label || intent.name));
      p.appendChild(document.createTextNode(" （" + intent.name + "，置信度 " +
        Math.round((intent.confidence || 0) * 100) + "%）"));
      if (result.intent_ranking && result.intent_ranking.length > 1) {
        var others = result.intent_ranking.slice(1).map(function (r) {
          return (r.label || r.name) + " " + Math.round((r.confidence || 0) * 100) + "%";
        }).join("，");
        p.appendChild(el("span", "muted", " 其他可能：" + others));
      }
    }
    var fields = result.fields || {};
    var parts = [];
    Object.keys(FIELD_NAMES).forEach(function (k) {
      if (fields[k] === null || fields[k] === undefined) return;
      var value = k === "debt_amount" || k === "monthly_income" ? yuan(fields[k]) : (k === "overdue_days" ? fields[k] + " 天" : fields[k]);
      var origin = fields.origin && fields.origin[k] === "form" ? "表单" : "原话";
      parts.push(FIELD_NAMES[k] + "：" + value + "（来自" + origin + "）");
    });
    $("fields").textContent = parts.length ? parts.join("；") : "未提取到银行、金额或天数。";
  }

  function renderScript(script) {
    $("script-text").textContent = script ? script.text : "";
    var list = $("script-sources");
    clear(list);
    ((script && script.sources) || []).forEach(function (s) { list.appendChild(sourceItem(s.text, s.certainty)); });
  }

  function renderFigures(figures) {
    var block = $("figures-block");
    var dl = $("figures");
    var assumptions = $("figure-assumptions");
    clear(dl);
    clear(assumptions);
    if (!figures) { block.hidden = true; return; }
    block.hidden = false;
    function add(term, value) {
      dl.appendChild(el("dt", null, term));
      dl.appendChild(el("dd", null, value));
    }
    add("银行", figures.bank + (figures.schedule_is_default ? "（默认规则）" : ""));
    add("欠款本金", yuan(figures.principal));
    add("逾期天数", figures.overdue_days + " 天" + (figures.within_grace ? "（容时期内）" : ""));
    var spoken = figures.spoken || {};
    function withSpoken(value, key) { return yuan(value) + (spoken[key] ? "（读作：" + spoken[key] + "）" : ""); }
    add("利息", withSpoken(figures.total_interest, "total_interest"));
    add("违约金", withSpoken(figures.total_penalty, "total_penalty"));
    add("今天一次还清合计", withSpoken(figures.total_owed, "total_owed"));
    (figures.assumptions || []).forEach(function (a) { assumptions.appendChild(el("li", null, a)); });
    (figures.sources || []).forEach(function (s) { assumptions.appendChild(el("li", "muted", "依据：" + s)); });
  }

  function renderConsequences(report) {
    var block = $("consequences-block");
    var stages = $("stages");
    var criminal = $("criminal");
    clear(stages);
    clear(criminal);
    if (!report) { block.hidden = true; return; }
    block.hidden = false;
    $("credit-code").textContent = "征信还款状态：" + report.credit_code + "（" + (report.credit_code_text || "") + "）";
    (report.stages || []).forEach(function (stage) {
      var li = el("li", "stage stage-" + stage.status);
      li.appendChild(el("span", "tag", STAGE_STATUS[stage.status] || stage.status));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("strong", null, stage.title));
      li.appendChild(document.createTextNode("：" + stage.text));
      var src = el("span", "source", "（" + stage.source + "，" + (CERTAINTY[stage.certainty] || stage.certainty) + "）");
      li.appendChild(src);
      stages.appendChild(li);
    });
    if (report.criminal) {
      var c = report.criminal;
      criminal.appendChild(el("h4", null, "恶意透支（刑事门槛）：" + (CRIMINAL_STATUS[c.status] || c.status)));
      criminal.appendChild(el("p", "muted", c.intro));
      var ul = el("ul", "conditions");
      (c.conditions || []).forEach(function (cond) {
        var li = el("li", "condition condition-" + cond.status);
        li.appendChild(el("span", "tag", CONDITION_STATUS[cond.status] || cond.status));
        li.appendChild(document.createTextNode(" " + cond.label + "：" + cond.note));
        ul.appendChild(li);
      });
      criminal.appendChild(ul);
      if (c.summary) criminal.appendChild(el("p", null, c.summary));
      if (c.mitigation) criminal.appendChild(el("p", "muted", c.mitigation));
      criminal.appendChild(el("p", "source", "依据：" + c.source + "（" + (CERTAINTY[c.certainty] || c.certainty) + "）"));
    }
  }

  function renderNotes(notes) {
    var list = $("notes");
    clear(list);
    (notes || []).forEach(function (n) { list.appendChild(el("li", null, n)); });
  }

  function numberOrNull(id) {
    var v = $(id).value.trim();
    return v === "" ? null : v;
  }

  // the conversation the agent is working on: audit rows are keyed by it, so `forget` can erase them
  function senderId() {
    var v = $("sender-id").value.trim();
    return v === "" ? null : v;
  }

  // the analysis on screen and the conversation it is about (UI session 7, C12: after switching tickets the
  // previous customer's words and answer stayed, 「采用此话术」 put them in the next customer's reply box and
  // 分析 would have logged them under the next conversation id)
  var analysisOf = { sender: null, asked: 0 };

  function resetAnalysis() {
    ["customer-text", "bank", "debt-amount", "overdue-days", "monthly-income"].forEach(function (id) { $(id).value = ""; });
    ["intent", "fields", "script-text", "script-sources", "figures", "figure-assumptions", "stages", "criminal",
     "notes"].forEach(function (id) { clear($(id)); });
    $("record-result").textContent = "";
    $("credit-code").textContent = "";
    $("analyze-error").hidden = true;
    $("result").hidden = true;
    $("result-empty").hidden = false;
    analysisOf.sender = null;
    analysisOf.asked += 1;  // an analysis still on its way is about the previous customer: dropped
  }

  function analyze(event) {
    event.preventDefault();
    var error = $("analyze-error");
    error.hidden = true;
    var asked = analysisOf.asked += 1;
    var body = {
      sender_id: senderId(),
      text: $("customer-text").value,
      bank: $("bank").value.trim() || null,
      debt_amount: numberOrNull("debt-amount"),
      overdue_days: numberOrNull("overdue-days"),
      monthly_income: numberOrNull("monthly-income")
    };
    var button = $("analyze-button");
    button.disabled = true;
    $("result-panel").setAttribute("aria-busy", "true");
    api("api/analyze", body).then(function (res) {
      if (!res.ok) {
        if (res.status !== 401) {
          error.textContent = res.data.error || "分析失败，请稍后再试。";
          error.hidden = false;
        }
        return;
      }
      if (asked !== analysisOf.asked || senderId() !== body.sender_id) return;  // another ticket since
      var result = res.data;
      analysisOf.sender = body.sender_id;
      $("result-empty").hidden = true;
      $("result").hidden = false;
      renderIntent(result);
      renderScript(result.script);
      if (result.figures) result.figures.spoken = result.spoken;
      renderFigures(result.figures);
      renderConsequences(result.consequences);
      renderNotes(result.notes);
    }).catch(function () { networkError(error); }).then(function () {
      button.disabled = false;
      $("result-panel").setAttribute("aria-busy", "false");
    });
  }

  // ------------------------------------------------------------------------------------------
  // reply check and record

  var checkedText = null;

  function codePoints(text) { return Array.from(text); }

  function highlighted(text, flags) {
    // offsets are code points (the server is Python); Array.from splits by code point too
    var chars = codePoints(text);
    var p = el("p", "reply-preview");
    var pos = 0;
    var sorted = flags.slice().sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    sorted.forEach(function (f) {
      if (f.start < pos) return; // overlapping flag: already inside a mark
      p.appendChild(document.createTextNode(chars.slice(pos, f.start).join("")));
      var mark = el("mark", null, chars.slice(f.start, f.end).join(""));
      mark.title = f.category || f.rule;
      p.appendChild(mark);
      pos = f.end;
    });
    p.appendChild(document.createTextNode(chars.slice(pos).join("")));
    return p;
  }

  function renderCheck(text, result) {
    var box = $("check-result");
    clear(box);
    if (result.ok) {
      box.appendChild(el("p", "ok", "未发现催收规范禁止的用语。在电话里说完后，可以点“记录为已对客户说（电话）”留下记录（系统不会发送任何内容）。"));
      return;
    }
    box.appendChild(el("p", "error", "发现 " + result.flags.length + " 处催收规范禁止的用语，请修改后重新检查："));
    box.appendChild(highlighted(text, result.flags));
    box.appendChild(flagList(result.flags));
  }

  // each flagged phrase with its rule, where the rule comes from and a compliant rewrite
  function flagList(flags) {
    var list = el("ul", "flags");
    flags.forEach(function (f) {
      var li = el("li", "flag");
      li.appendChild(el("strong", null, "“" + f.phrase + "”"));
      li.appendChild(document.createTextNode(" — " + f.rule));
      li.appendChild(el("div", "source", "依据：" + f.source));
      if (f.suggestion) li.appendChild(el("div", "suggestion", "建议：" + f.suggestion));
      list.appendChild(li);
    });
    return list;
  }

  function check(event) {
    event.preventDefault();
    var text = $("reply-text").value;
    var box = $("check-result");
    checkedText = null;
    $("send-button").disabled = true;
    if (!text.trim()) {
      clear(box);
      box.appendChild(el("p", "error", "请先输入回复内容。"));
      return;
    }
    $("check-button").disabled = true;
    api("api/check_reply", { text: text, sender_id: senderId() }).then(function (res) {
      if (!res.ok) {
        if (res.status !== 401) {
          clear(box);
          box.appendChild(el("p", "error", res.data.error || "检查失败，请稍后再试。"));
        }
        return;
      }
      renderCheck(text, res.data);
      if (res.data.ok && $("reply-text").value === text) {
        checkedText = text;
        $("send-button").disabled = false;
      }
    }).catch(function () {
      clear(box);
      box.appendChild(el("p", "error", "无法连接到服务器，请检查网络后再试。回复内容没有丢失。"));
    }).then(function () { $("check-button").disabled = false; });
  }

  function send() {
    var text = $("reply-text").value;
    if (checkedText === null || text !== checkedText) {
      $("send-button").disabled = true;
      return;
    }
    var box = $("check-result");
    $("send-button").disabled = true;
    api("api/send", { text: text, sender_id: senderId() }).then(function (res) {
      clear(box);
      if (res.status === 422) {
        renderCheck(text, { ok: false, flags: res.data.flags || [] });
        return;
      }
      if (!res.ok) {
        if (res.status !== 401) box.appendChild(el("p", "error", res.data.error || "记录失败，请稍后再试。"));
        $("send-button").disabled = false;
        return;
      }
      box.appendChild(el("p", "ok", "已记下：这段话已在电话里对客户说过（审计编号 " + res.data.audit_id + "，系统没有发送任何内容）。"));
      checkedText = null;
    }).catch(function () {
      clear(box);
      box.appendChild(el("p", "error", "无法连接到服务器，请检查网络后再试。"));
      $("send-button").disabled = false;
    });
  }

  // ------------------------------------------------------------------------------------------
  // the handoff desk: queue, search, one ticket (transcript, facts, figures, answers), claim/reply/close

  var STATUS_LABELS = { open: "待接手", in_progress: "处理中", closed: "已关闭" };
  var CHANNEL_LABELS = { widget: "网页", wechat: "微信", rest: "接口" };
  var ROLE_LABELS = { user: "客户", bot: "助手", agent: "客服", system: "提示" };
  var desk = { ticket: null, searching: false, me: null, role: null, offset: 0 };

  function ticketRow(t) {
    var tr = el("tr", t.waited_seconds > 15 * 60 && t.status === "open" ? "waiting-long" : null);
    var name = el("td", null, t.ticket);
    if (t.unread) {
      var badge = el("span", "unread", String(t.unread));
      badge.title = "客户有 " + t.unread + " 条消息未回复";
      badge.setAttribute("aria-label", badge.title);
      name.appendChild(document.createTextNode(" "));
      name.appendChild(badge);
      tr.className = (tr.className ? tr.className + " " : "") + "has-unread";
    }
    tr.appendChild(name);
    tr.appendChild(el("td", null, CHANNEL_LABELS[t.channel] || t.channel));
    tr.appendChild(el("td", null, t.waited));
    var flag = el("td");
    if (t.distress) {
      var tag = el("span", "distress", "情绪危机");
      tag.title = "客户表达过轻生或极度困扰，先安抚，按危机流程处理";
      flag.appendChild(tag);
    }
    tr.appendChild(flag);
    tr.appendChild(el("td", null, t.owed ? (t.owed_kind === "total" ? "今日合计 " : "欠款 ") + yuan(t.owed) : "—"));
    tr.appendChild(el("td", null, t.topic || "—"));
    tr.appendChild(el("td", t.left ? "left" : null,
      (t.distress ? t.distress_label + " · " : "") + (STATUS_LABELS[t.status] || t.status) + (t.left ? " · " + t.left_label : "")));
    var holder = el("td", null, t.claimed_by || "—");
    var onScreen = desk.ticket && desk.ticket.ticket.id === t.id;
    if (mineKnown && t.status === "in_progress" && t.claimed_by === desk.me && !mineKnown[t.id] && !onScreen) {
      holder.appendChild(el("span", "unread", "转给您"));
      tr.className = (tr.className ? tr.className + " " : "") + "has-unread";
    }
    tr.appendChild(holder);
    var td = el("td");
    var open = el("button", "secondary", "打开");
    open.type = "button";
    open.setAttribute("aria-label", "打开工单 " + t.ticket);
    open.addEventListener("click", function () { openTicket(t.id); });
    td.appendChild(open);
    tr.appendChild(td);
    return tr;
  }

  // the waiting ticket to open next: a person in distress first, else the oldest (the queue is oldest first)
  function nextWaiting() {
    var open = (desk.rows || []).filter(function (t) { return t.status === "open"; });
    return open.filter(function (t) { return t.distress; })[0] || open[0];
  }

  function renderTickets(tickets, status) {
    var body = $("queue-body");
    clear(body);
    desk.rows = tickets;
    tickets.forEach(function (t) { body.appendChild(ticketRow(t)); });
    $("queue-status").textContent = status;
  }

  function loadQueue() {
    if (desk.searching) { $("queue-pager").hidden = true; return; }
    api("api/queue?offset=" + desk.offset).then(function (res) {
      if (!res.ok || desk.searching) return;
      renderQueue(res.data);
      liveTitle(res.data);  // the title counts the queue as soon as it is shown, not only after the first live answer
    }, function () { /* next poll */ });
  }

  function renderQueue(d) {
    var n = d.tickets.length;
    {
      if (!n && d.offset > 0 && d.total > 0) { desk.offset = 0; loadQueue(); return; }  // the page emptied
      var shown = d.total > n ? "，显示第 " + (d.offset + 1) + "–" + (d.offset + n) + " 个" : "";
      renderTickets(d.tickets, n ? "共 " + d.total + " 个未关闭的工单" + shown + "（最早的在最上面）。工作时间：" + d.hours + "。"
        : "队列里没有工单。工作时间：" + d.hours + "。");
      $("queue-pager").hidden = d.total <= n;
      $("queue-prev").disabled = d.offset === 0;
      $("queue-next").disabled = d.next_offset === null;
      desk.nextOffset = d.next_offset;
      desk.pageSize = n;
    }
  }

  // ------------------------------------------------------------------------------------------
  // live updates (issue 21): long polling GET api/live; it answers at once when the queue or the open
  // ticket changed, else after about 20 s with the same token
  var live = { token: "", controller: null, ended: false, failures: 0, ticketId: null };
  var BASE_TITLE = document.title;

  // the agent's choice, kept in this browser: a short tone and a desktop notification when a ticket is
  // waiting or a customer of the agent's writes (never the customer's words: they may hold personal data)
  var ALERT_KEY = "kayou.console.alerts";
  var lastCounts = null;

  function alertsOn() {
    try { return window.localStorage.getItem(ALERT_KEY) === "1"; } catch (e) { return false; }
  }

  function setAlerts(on) {
    try { window.localStorage.setItem(ALERT_KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
    if (on && window.Notification && Notification.permission === "default") Notification.requestPermission();
  }

  function tone() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    try {
      var ctx = new Ctx(), osc = ctx.createOscillator(), gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.1;
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.25);
    } catch (e) { /* no audio device */ }
  }

  // tickets of mine this page has not opened yet: handed to me by a colleague or a supervisor (issue 21
  // trial: the receiver of a transfer got no alert); `null` until the first answer (those are not new)
  var mineKnown = null;

  function seen(ticket) {
    if (mineKnown && ticket) mineKnown[ticket.id] = true;
  }

  function handedToMe(tickets) {
    var mine = tickets.filter(function (t) { return t.status === "in_progress" && t.claimed_by === desk.me; });
    if (mineKnown === null) {
      mineKnown = {};
      mine.forEach(function (t) { mineKnown[t.id] = true; });
      return [];
    }
    // the ticket on screen becoming mine (my own claim, or handed to me while I look at it) is no news
    mine.forEach(function (t) { if (desk.ticket && desk.ticket.ticket.id === t.id) mineKnown[t.id] = true; });
    return mine.filter(function (t) { return !mineKnown[t.id]; });
  }

  function alertAgent(waiting, unread, handed) {
    var before = lastCounts;
    lastCounts = { waiting: waiting, unread: unread, handed: handed.length };
    if (!before || !alertsOn() || (waiting <= before.waiting && unread <= before.unread && handed.length <= before.handed)) return;
    var text = handed.length > before.handed ? "同事把工单 " + handed[handed.length - 1].ticket + " 转给了您" :
      unread > before.unread ? "客户有新消息（" + unread + " 条未回复）" : "有新工单待接手（" + waiting + " 个）";
    tone();
    if (window.Notification && Notification.permission === "granted" && document.visibilityState !== "visible") {
      try { new Notification("卡友助手坐席台", { body: text, tag: "kayou-desk" }); } catch (e) { /* not allowed here */ }
    }
  }

  function liveTitle(d) {
    var waiting = 0, unread = 0;
    d.tickets.forEach(function (t) {
      if (t.status === "open") waiting += 1;
      if (t.claimed_by && t.claimed_by === desk.me) unread += t.unread || 0;
    });
    var handed = handedToMe(d.tickets);
    alertAgent(waiting, unread, handed);
    var parts = [];
    if (handed.length) parts.push(handed.length + " 个转给您的工单");
    if (unread) parts.push(unread + " 条新消息");
    if (waiting) parts.push(waiting + " 个待接手");
    document.title = (parts.length ? "(" + parts.join("，") + ") " : "") + BASE_TITLE;
  }

  function applyLive(d) {
    liveTitle(d);  // first: it marks the ticket on screen as known before its row is drawn (C15)
    if (!desk.searching) renderQueue(d);
    var view = desk.ticket, t = d.ticket;
    if (!view || !t || view.ticket.id !== t.id) return;
    if (t.status !== view.ticket.status || t.claimed_by !== view.ticket.claimed_by || t.left !== view.ticket.left) {
      openTicket(t.id, true);  // claimed, released or closed elsewhere: the whole view again (a lost race message stays)
      return;
    }
    if (JSON.stringify(t.transcript) !== JSON.stringify(view.transcript)) {
      view.transcript = t.transcript;
      renderTranscript(t.transcript);
    }
    if (t.notes && JSON.stringify(t.notes) !== JSON.stringify(view.notes)) {
      view.notes = t.notes;
      renderNotes(t.notes);
    }
    var unread = t.left ? 0 : t.unread;  // a cardholder who left reads nothing more
    var note = $("ticket-unread");
    note.textContent = unread ? "客户有 " + unread + " 条新消息未回复" : "";
    note.hidden = !unread;
    showDistress(t.distress);
    $("ticket-stale").hidden = true;
  }

  function liveLoop() {
    if (live.ended) return;
    var watched = desk.ticket ? desk.ticket.ticket.id : null;
    if (watched !== live.ticketId) { live.ticketId = watched; live.token = ""; }
    var controller = window.AbortController ? new AbortController() : null;
    live.controller = controller;
    var path = "api/live?offset=" + desk.offset + (watched ? "&ticket=" + watched : "") +
      "&since=" + encodeURIComponent(live.token) + (document.visibilityState === "visible" ? "&visible=1" : "");
    api(path, undefined, controller ? controller.signal : undefined).then(function (res) {
      if (live.controller !== controller) return;  // restarted for another ticket meanwhile
      if (res.status === 401) return;
      if (!res.ok) { live.failures += 1; markStale(); window.setTimeout(liveLoop, 3000); return; }
      live.failures = 0;
      live.token = res.data.token;
      applyLive(res.data);
      window.setTimeout(liveLoop, 0);
    }, function () {
      if (live.controller !== controller) return;
      live.failures += 1;
      markStale();
      window.setTimeout(liveLoop, Math.min(10000, 1000 * live.failures));
    });
  }

  function markStale() {
    if (desk.ticket) $("ticket-stale").hidden = false;
  }

  // another ticket opened: the pending request asked about the previous one
  function liveRestart() {
    if (live.ended) return;
    var controller = live.controller;
    live.controller = null;
    if (controller) controller.abort();
    window.setTimeout(liveLoop, 0);
  }

  function queuePage(forward) {
    desk.offset = forward ? (desk.nextOffset || desk.offset) : Math.max(0, desk.offset - 200);
    loadQueue();
  }

  function search(event) {
    event.preventDefault();
    var q = $("search-q").value.trim();
    if (!q) { desk.searching = false; loadQueue(); return; }
    api("api/search?q=" + encodeURIComponent(q)).then(function (res) {
      if (!res.ok) {
        if (res.status !== 401) $("queue-status").textContent = res.data.error || "查找失败，请稍后再试。";
        return;
      }
      desk.searching = true;
      var n = res.data.tickets.length;
      renderTickets(res.data.tickets, n ? "找到 " + n + " 个工单。清空搜索框后点“查找”回到队列。"
        : "没有找到这位客户的工单。可以在下方“会话编号”填写后直接分析客户的话。");
      if (n === 1) openTicket(res.data.tickets[0].id);
      else if (!n && q.indexOf(":") > 0) $("sender-id").value = q;
    }).catch(function () { $("queue-status").textContent = "无法连接到服务器，请检查网络后再试。"; });
  }

  function ticketError(message) {
    var box = $("ticket-error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  function renderTranscript(lines) {
    var list = $("transcript");
    clear(list);
    if (!lines.length) list.appendChild(el("li", "muted", "（没有可显示的对话记录）"));
    lines.forEach(function (line) {
      var li = el("li", "role-" + line.role);
      var who = ROLE_LABELS[line.role] || line.role;
      if (line.role === "agent" && line.staff) who += "（" + line.staff + "）";
      li.appendChild(el("span", "who", who + "："));
      li.appendChild(document.createTextNode(line.text));
      if (line.button) li.appendChild(el("span", "tapped", "（点按钮）"));
      if (line.buttons && line.buttons.length) {
        var offered = el("span", "offered");
        line.buttons.forEach(function (title) { offered.appendChild(el("span", "chip", title)); });
        li.appendChild(offered);
      }
      list.appendChild(li);
    });
    list.scrollTop = list.scrollHeight;
  }

  function renderFacts(view) {
    var dl = $("ticket-facts");
    clear(dl);
    var slots = view.slots || {};
    function add(term, value) {
      if (value === null || value === undefined || value === "") return;
      dl.appendChild(el("dt", null, term));
      dl.appendChild(el("dd", null, value));
    }
    add("银行", slots.bank);
    add("欠款", slots.debt_amount != null ? yuan(slots.debt_amount) : null);
    add("逾期", slots.overdue_days != null ? slots.overdue_days + " 天" : null);
    add("月收入", slots.monthly_income != null ? yuan(slots.monthly_income) : null);
    add("必要支出", slots.monthly_expenses != null ? yuan(slots.monthly_expenses) : null);
    add("每月能还", slots.monthly_budget != null ? yuan(slots.monthly_budget) : null);
    add("困难原因", slots.hardship_reason);
    if (!dl.firstChild) dl.appendChild(el("dd", "muted", "客户还没有说明欠款情况。"));
  }

  function renderTicketFigures(analysis) {
    var dl = $("ticket-figures");
    clear(dl);
    var f = analysis && analysis.figures;
    if (!f) { dl.appendChild(el("dd", "muted", "知道欠款金额和逾期天数后才能估算。")); return; }
    var spoken = analysis.spoken || {};
    [["利息", "total_interest"], ["违约金", "total_penalty"], ["今天一次还清合计", "total_owed"]].forEach(function (row) {
      dl.appendChild(el("dt", null, row[0]));
      var dd = el("dd", null, yuan(f[row[1]]));
      if (spoken[row[1]]) dd.appendChild(el("span", "spoken", " 读作：" + spoken[row[1]]));
      dl.appendChild(dd);
    });
    // several cards: each card's figures, as the cardholder was told them (UI session 7 C14)
    if (f.cards && f.cards.length > 1) {
      f.cards.forEach(function (c) {
        dl.appendChild(el("dt", "card-split", (c.bank || "未说明银行") + " " + yuan(c.principal)));
        dl.appendChild(el("dd", "card-split", "利息 " + yuan(c.total_interest) + " · 违约金 " + yuan(c.total_penalty) +
          " · 合计 " + yuan(c.total_owed)));
      });
    }
  }

  function renderAnswers(analysis) {
    var box = $("ticket-answers");
    clear(box);
    var answers = (analysis && analysis.answers) || [];
    if (!answers.length) box.appendChild(el("p", "muted", "客户还没有提出具体问题。"));
    // one line each (the question and the start of the answer); 「展开」 shows the whole answer
    answers.forEach(function (a, i) {
      var div = el("div", "answer collapsed");
      var head = el("div", "answer-line");
      head.appendChild(el("span", "asked", "客户问：“" + a.asked + "”（" + a.label + "）"));
      head.appendChild(el("span", "preview", a.text.split("\n")[0]));
      var more = el("button", "link-button", "展开");
      more.type = "button";
      more.setAttribute("aria-expanded", "false");
      var full = el("p", "answer-text", a.text);
      full.id = "answer-text-" + i;
      full.hidden = true;
      more.setAttribute("aria-controls", full.id);
      more.addEventListener("click", function () {
        var open = full.hidden;
        full.hidden = !open;
        div.className = open ? "answer" : "answer collapsed";
        more.textContent = open ? "收起" : "展开";
        more.setAttribute("aria-expanded", open ? "true" : "false");
      });
      var use = el("button", "link-button", "采用此话术");
      use.type = "button";
      use.addEventListener("click", function () { fillReply(a.text, null); });
      head.appendChild(more);
      head.appendChild(use);
      div.appendChild(head);
      div.appendChild(full);
      box.appendChild(div);
    });
  }

  function renderTicket(view) {
    var t = view.ticket;
    var other = !desk.ticket || desk.ticket.ticket.id !== t.id;
    if (other) { $("ticket-unread").hidden = true; $("ticket-unread").textContent = ""; }
    // another customer: nothing of the previous one's analysis stays (C12)
    if (other && $("sender-id").value.trim() !== t.sender_id) resetAnalysis();
    desk.ticket = view;
    $("ticket-panel").hidden = false;
    $("ticket-heading").textContent = "工单 " + t.ticket + " · " + (STATUS_LABELS[t.status] || t.status);
    $("ticket-meta").textContent = "会话 " + t.sender_id + " · " + (CHANNEL_LABELS[t.channel] || t.channel) +
      " · 已等待 " + t.waited + (t.claimed_by ? " · 处理人 " + t.claimed_by : "") +
      (view.paused ? " · 机器人已暂停" : "") + (t.outcome_label ? " · 结果：" + t.outcome_label : "");
    var gone = $("ticket-left");
    gone.textContent = t.left ? t.left_note : "";
    gone.hidden = !t.left;
    if (t.left || t.status !== "in_progress") {
      $("ticket-unread").hidden = true;  // 「客户有 1 条新消息未回复」 of someone who left, or of another ticket
      $("ticket-unread").textContent = "";
    }
    renderTranscript(view.transcript || []);
    renderFacts(view);
    renderTicketFigures(view.analysis);
    renderAnswers(view.analysis);
    renderNotes(view.notes || []);
    renderHistory(view.history || []);
    var mine = view.mine && t.status === "in_progress";
    $("claim-button").hidden = t.status !== "open";
    $("ticket-reply-form").hidden = !mine;
    $("transfer-section").hidden = !(t.status === "in_progress" && (mine || desk.role === "supervisor"));
    $("note-form").hidden = t.status === "closed";
    // one reply box: while a chat ticket is open, the phone-call panel below is not a second way to answer
    $("phone-reply-panel").hidden = true;
    // closing tells the cardholder the human service ended: only the holder, or a supervisor explicitly
    var boss = desk.role === "supervisor" && t.status !== "closed" && !mine;
    $("close-form").hidden = !(mine || boss);
    $("close-override-label").hidden = !boss;
    showDistress(view.distress);
    var select = $("close-outcome");
    if (!select.options.length) {
      select.appendChild(el("option", null, "请选择处理结果"));
      select.options[0].value = "";
      (view.outcomes || []).forEach(function (o) {
        var opt = el("option", null, o.label);
        opt.value = o.value;
        select.appendChild(opt);
      });
    }
    // the analyzer and the records below are about this customer from now on
    $("sender-id").value = t.sender_id;
  }

  function showDistress(on) {
    $("ticket-distress").hidden = !on;
  }

  function renderNotes(notes) {
    var list = $("ticket-notes");
    clear(list);
    if (!notes.length) list.appendChild(el("li", "muted", "还没有内部备注。"));
    notes.forEach(function (n) {
      var li = el("li", n.kind === "transfer" ? "note-transfer" : null);
      li.appendChild(el("span", "who", n.at_local + " " + n.staff + "："));
      li.appendChild(document.createTextNode(n.text));
      list.appendChild(li);
    });
  }

  function renderHistory(history) {
    var list = $("ticket-history");
    clear(list);
    if (!history.length) list.appendChild(el("li", "muted", "没有更早的工单。"));
    history.forEach(function (h) {
      var text = h.ticket + " · " + h.created_local + " · " +
        (h.outcome_label ? "结果：" + h.outcome_label : (STATUS_LABELS[h.status] || h.status)) +
        (h.closed_by ? " · 处理人 " + h.closed_by : "") + (h.note ? " · 备注：" + h.note : "");
      list.appendChild(el("li", null, text));
    });
  }

  // the one reply box: a suggested answer or a canned reply goes here, and the focus with it
  function fillReply(text, cannedId) {
    var box = $("ticket-reply");
    if ($("ticket-reply-form").hidden) {
      ticketError("请先接手工单（Alt+J），再回复客户。");
      focusReply();
      return;
    }
    box.value = text;
    desk.cannedId = cannedId;
    focusReply();
  }

  // after every action the agent's hands go back to the reply box (or to 接手 while it is not theirs)
  function focusReply() {
    if (!desk.ticket) return;
    if (!$("ticket-reply-form").hidden) {
      var box = $("ticket-reply");
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    } else if (!$("claim-button").hidden) {
      $("claim-button").focus();
    } else {
      focusQueue();  // not ours (a lost race, a transfer): the next ticket is one key away
    }
  }

  // the queue's next waiting ticket (distress first), else any row, else the search box: never the page body
  function focusQueue() {
    var next = nextWaiting();
    var button = next ? document.querySelector("#queue-body button[aria-label='打开工单 " + next.ticket + "']") : null;
    (button || document.querySelector("#queue-body button") || $("search-q")).focus();
  }

  function openTicket(id, keepError) {
    if (!keepError) ticketError("");
    // another ticket: nothing of the previous one's reply stays
    if (!desk.ticket || desk.ticket.ticket.id !== id) clear($("ticket-reply-result"));
    return api("api/ticket/" + id).then(function (res) {
      if (!res.ok) { if (res.status !== 401) ticketError(res.data.error || "工单打开失败。"); return; }
      var other = !desk.ticket || desk.ticket.ticket.id !== res.data.ticket.id;
      renderTicket(res.data);
      $("ticket-stale").hidden = true;
      if (res.data.mine) seen(res.data.ticket);  // a ticket of mine on screen is no news
      if (other) {
        liveRestart();
        resetClose();
        $("ticket-reply").value = "";
        desk.cannedId = null;
        $("ticket-panel").scrollIntoView({ block: "start" });  // the opened ticket, its 接手 and reply box in view
        focusReply();
      }
    }).catch(function () { ticketError("无法连接到服务器，请检查网络后再试。"); });
  }

  function ticketAction(path, body) {
    if (!desk.ticket) return Promise.resolve(null);
    var id = desk.ticket.ticket.id;
    ticketError("");
    return api("api/ticket/" + id + "/" + path, body || {}).then(function (res) {
      if (!res.ok && res.status !== 422) {
        if (res.status !== 401) ticketError(res.data.error || "操作失败，请稍后再试。");
        return null;
      }
      return res;
    });
  }

  function claim() {
    if (!desk.ticket || $("claim-button").hidden) return;
    $("claim-button").disabled = true;
    ticketAction("claim").then(function (res) {
      // a lost race: ticketAction showed 「该工单已由 … 接手。」, kept while the view shows who has it
      var lost = !res;
      // my own claim is no news: never 「转给您」 on it (UI session 7, C15)
      if (res && res.ok && res.data.ticket && mineKnown) mineKnown[res.data.ticket.id] = true;
      if (res && res.data.warning) ticketError(res.data.warning);
      var reopened = desk.ticket ? openTicket(desk.ticket.ticket.id, lost || (res && res.data.warning)) : null;
      loadQueue();
      return reopened;
    }).then(focusReply).catch(function () { ticketError("无法连接到服务器，请检查网络后再试。"); })
      .then(function () { $("claim-button").disabled = false; });
  }

  function transfer(event) {
    event.preventDefault();
    var to = $("transfer-to").value;
    ticketAction("transfer", { to: to, note: $("transfer-note").value }).then(function (res) {
      if (!res) return null;
      $("transfer-note").value = "";
      $("ticket-reply-result").textContent = "";
      $("ticket-reply-result").appendChild(el("p", "ok", res.data.message + "。"));
      if (res.data.warning) ticketError(res.data.warning);
      loadQueue();
      return openTicket(desk.ticket.ticket.id, !!res.data.warning);
    }).then(focusReply).catch(function () { ticketError("无法连接到服务器，请检查网络后再试。"); });
  }

  function addNote(event) {
    event.preventDefault();
    var text = $("note-text").value;
    if (!text.trim()) { ticketError("请先写备注内容。"); $("note-text").focus(); return; }
    ticketAction("note", { text: text }).then(function (res) {
      if (!res) return;
      $("note-text").value = "";
      var notes = (desk.ticket.notes || []).concat([res.data.note]);
      desk.ticket.notes = notes;
      renderNotes(notes);
      focusReply();
    }).catch(function () { ticketError("无法连接到服务器，请检查网络后再试。"); });
  }

  function loadAgents() {
    api("api/agents").then(function (res) {
      if (!res.ok) return;
      var select = $("transfer-to");
      while (select.options.length > 1) select.remove(1);
      res.data.agents.forEach(function (a) {
        var opt = el("option", null, a.username + (a.role === "supervisor" ? "（主管）" : ""));
        opt.value = a.username;
        select.appendChild(opt);
      });
    }, function () { /* the list stays as it was */ });
  }

  // canned replies: every agent picks one into the reply box; a supervisor maintains them
  function loadCanned() {
    var all = desk.role === "supervisor" ? "?all=1" : "";
    api("api/canned" + all).then(function (res) {
      if (!res.ok) return;
      desk.canned = res.data.replies;
      var select = $("canned-select");
      while (select.options.length > 1) select.remove(1);
      res.data.replies.filter(function (r) { return r.active; }).forEach(function (r) {
        var opt = el("option", null, r.title);
        opt.value = String(r.id);
        select.appendChild(opt);
      });
      if (desk.role === "supervisor") renderCannedTable(res.data.replies);
    }, function () { /* next time */ });
  }

  function pickCanned() {
    var id = Number($("canned-select").value);
    $("canned-select").value = "";
    var reply = (desk.canned || []).filter(function (r) { return r.id === id; })[0];
    if (reply) fillReply(reply.text, reply.id);
  }

  function renderCannedTable(replies) {
    var body = $("canned-body");
    clear(body);
    replies.forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", null, r.title));
      tr.appendChild(el("td", "detail", r.text));
      tr.appendChild(el("td", null, r.active ? "使用中" : "已停用"));
      tr.appendChild(el("td", null, r.updated_local + " " + r.updated_by));
      var td = el("td");
      var edit = el("button", "secondary", "编辑");
      edit.type = "button";
      edit.setAttribute("aria-label", "编辑常用回复 " + r.title);
      edit.addEventListener("click", function () {
        $("canned-id").value = String(r.id);
        $("canned-title").value = r.title;
        $("canned-text").value = r.text;
        $("canned-title").focus();
      });
      var toggle = el("button", "secondary", r.active ? "停用" : "启用");
      toggle.type = "button";
      toggle.setAttribute("aria-label", (r.active ? "停用" : "启用") + "常用回复 " + r.title);
      toggle.addEventListener("click", function () { saveCanned(r.id, { active: !r.active }); });
      td.appendChild(edit);
      td.appendChild(toggle);
      tr.appendChild(td);
      body.appendChild(tr);
    });
  }

  function saveCanned(id, body) {
    var box = $("canned-result");
    clear(box);
    api(id ? "api/canned/" + id : "api/canned", body).then(function (res) {
      if (res.status === 422) {
        box.appendChild(el("p", "error", res.data.error));
        box.appendChild(highlighted(body.text || "", res.data.flags || []));
        box.appendChild(flagList(res.data.flags || []));
        return;
      }
      if (!res.ok) { if (res.status !== 401) box.appendChild(el("p", "error", res.data.error || "保存失败。")); return; }
      box.appendChild(el("p", "ok", "已保存：" + res.data.reply.title));
      $("canned-id").value = "";
      $("canned-title").value = "";
      $("canned-text").value = "";
      loadCanned();
    }).catch(function () { box.appendChild(el("p", "error", "无法连接到服务器，请检查网络后再试。")); });
  }

  function cannedSubmit(event) {
    event.preventDefault();
    var id = $("canned-id").value;
    saveCanned(id ? Number(id) : null, { title: $("canned-title").value, text: $("canned-text").value });
  }

  // keyboard: Alt+J 接手, Ctrl+Enter 发送, Alt+K 结束工单, Alt+N 内部备注, Alt+R 回复框 (listed on the page)
  function shortcuts(event) {
    var code = event.code || "";
    if (event.altKey && !event.ctrlKey && !event.metaKey && code === "KeyO") {
      // a person in distress first (issue 21 trial), else the ticket that has waited longest (oldest first)
      event.preventDefault();
      var waiting = nextWaiting();
      if (waiting) openTicket(waiting.id);
      else $("queue-status").textContent = "没有待接手的工单。";
      return;
    }
    if (!desk.ticket || $("ticket-panel").hidden) return;
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      if (code === "KeyJ") { event.preventDefault(); claim(); }
      else if (code === "KeyK") {
        event.preventDefault();
        if ($("close-form").hidden) {
          if (desk.ticket.ticket.status !== "closed") { ticketError("工单接手后才能结束：请先接手（Alt+J）并回复客户。"); focusReply(); }
          return;
        }
        if ($("close-outcome").value) $("close-form").requestSubmit ? $("close-form").requestSubmit() : closeTicket(event);
        else { ticketError("请选择处理结果后再按 Alt+K 结束工单。"); $("close-outcome").focus(); }
      } else if (code === "KeyN") { event.preventDefault(); if (!$("note-form").hidden) $("note-text").focus(); }
      else if (code === "KeyR") { event.preventDefault(); focusReply(); }
    } else if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && document.activeElement === $("ticket-reply")) {
      event.preventDefault();
      if (!$("ticket-reply-form").hidden) $("ticket-reply-form").requestSubmit ? $("ticket-reply-form").requestSubmit() : replyToCustomer(event);
    }
  }

  function replyToCustomer(event) {
    event.preventDefault();
    var text = $("ticket-reply").value;
    var box = $("ticket-reply-result");
    clear(box);
    if (!text.trim()) { box.appendChild(el("p", "error", "请先输入回复内容。")); return; }
    $("ticket-send").disabled = true;
    var body = { text: text };
    if (desk.cannedId) body.canned_id = desk.cannedId;
    ticketAction("reply", body).then(function (res) {
      if (!res) return;
      if (res.status === 422) {
        box.appendChild(el("p", "error", res.data.error));
        box.appendChild(highlighted(text, res.data.flags || []));
        box.appendChild(flagList(res.data.flags || []));
        return;
      }
      box.appendChild(el("p", res.data.delivered ? "ok" : "error", res.data.message));
      if (res.data.delivered) { $("ticket-reply").value = ""; desk.cannedId = null; }
      return openTicket(desk.ticket.ticket.id);
    }).catch(function () {
      box.appendChild(el("p", "error", "无法连接到服务器，请检查网络后再试。回复内容没有丢失。"));
    }).then(function () { $("ticket-send").disabled = false; focusReply(); });
  }

  function closeTicket(event) {
    event.preventDefault();
    var outcome = $("close-outcome").value;
    if (!outcome) { ticketError("请选择处理结果。"); $("close-outcome").focus(); return; }
    var override = !$("close-override-label").hidden;
    if (override && !$("close-override").checked) {
      ticketError("这个工单不是您接手的：确需代为结束，请先勾选「主管代为结束」。");
      $("close-override").focus();
      return;
    }
    var body = { outcome: outcome, note: $("close-note").value };
    if (override) body.override = true;
    ticketAction("close", body).then(function (res) {
      if (!res) return;
      if (res.data.warning) ticketError(res.data.warning);
      resetClose();
      loadQueue();
      return openTicket(desk.ticket.ticket.id, !!res.data.warning);
    }).then(function () {
      // closed: the next waiting ticket is one key away (the queue), nothing left to type here
      focusQueue();
    }).catch(function () { ticketError("无法连接到服务器，请检查网络后再试。"); });
  }

  // the outcome is chosen for one ticket: nothing of it carries over to the next (issue 21 trial)
  function resetClose() {
    $("close-outcome").value = "";
    $("close-note").value = "";
    $("close-override").checked = false;
  }

  function recordAction(kind) {
    var result = $("record-result");
    api("api/record", { kind: kind, sender_id: senderId(), text: $("script-text").textContent }).then(function (res) {
      if (res.status === 401) return;
      result.textContent = res.ok ? res.data.label + "，已记在会话 " + senderId() + " 名下。" : (res.data.error || "记录失败。");
    }).catch(function () { result.textContent = "无法连接到服务器，请检查网络后再试。"; });
  }

  // 「新客户」: nothing of the previous customer stays on screen
  function newCustomer() {
    ["sender-id", "customer-text", "bank", "debt-amount", "overdue-days", "monthly-income", "reply-text",
     "ticket-reply", "close-note", "search-q"].forEach(function (id) { $(id).value = ""; });
    ["check-result", "ticket-reply-result", "ticket-notes", "ticket-history", "canned-result", "transcript", "ticket-facts", "ticket-figures", "ticket-answers"
     ].forEach(function (id) { clear($(id)); });
    resetAnalysis();
    $("ticket-panel").hidden = true;
    $("phone-reply-panel").hidden = false;
    $("note-text").value = "";
    $("transfer-note").value = "";
    desk.cannedId = null;
    ticketError("");
    checkedText = null;
    $("send-button").disabled = true;
    desk.ticket = null;
    desk.searching = false;
    loadQueue();
    $("search-q").focus();
  }

  // ------------------------------------------------------------------------------------------
  // the supervisor's audit view

  function auditQuery() {
    var params = [];
    [["staff", "audit-staff"], ["action", "audit-action"], ["from", "audit-from"], ["to", "audit-to"],
     ["subject", "audit-subject"]].forEach(function (p) {
      var v = $(p[1]).value.trim();
      if (v) params.push(p[0] + "=" + encodeURIComponent(v));
    });
    return params.join("&");
  }

  function loadAudit(event) {
    if (event) event.preventDefault();
    var query = auditQuery();
    var asked = desk.auditAsked = (desk.auditAsked || 0) + 1;
    $("audit-csv").href = "api/audit.csv" + (query ? "?" + query : "");
    api("api/audit" + (query ? "?" + query : "")).then(function (res) {
      if (asked !== desk.auditAsked) return; // an earlier query answered late: not what is on the form
      if (!res.ok) { if (res.status !== 401) $("audit-status").textContent = res.data.error || "查询失败。"; return; }
      var body = $("audit-body");
      clear(body);
      res.data.rows.forEach(function (r) {
        var tr = el("tr");
        tr.appendChild(el("td", null, r.at_local));
        tr.appendChild(el("td", null, r.staff));
        tr.appendChild(el("td", null, r.action));
        tr.appendChild(el("td", null, r.sender_id || r.case_id || (r.forgotten ? "（已删除）" : "—")));
        tr.appendChild(el("td", "detail", JSON.stringify(r.detail)));
        body.appendChild(tr);
      });
      var select = $("audit-action");
      if (select.options.length === 1) {
        res.data.actions.forEach(function (a) { var o = el("option", null, a); o.value = a; select.appendChild(o); });
      }
      $("audit-status").textContent = "显示 " + res.data.rows.length + " 条（最新的在最上面）" + (res.data.more ? "，还有更早的记录，请缩小日期范围。" : "。");
    }).catch(function () { $("audit-status").textContent = "无法连接到服务器，请检查网络后再试。"; });
  }

  function deskBoot() {
    $("search-form").addEventListener("submit", search);
    $("new-customer").addEventListener("click", newCustomer);
    $("queue-prev").addEventListener("click", function () { queuePage(false); });
    $("queue-next").addEventListener("click", function () { queuePage(true); });
    $("claim-button").addEventListener("click", claim);
    $("transfer-form").addEventListener("submit", transfer);
    $("note-form").addEventListener("submit", addNote);
    $("canned-select").addEventListener("change", pickCanned);
    $("canned-form").addEventListener("submit", cannedSubmit);
    $("canned-new").addEventListener("click", function () {
      ["canned-id", "canned-title", "canned-text"].forEach(function (id) { $(id).value = ""; });
      $("canned-title").focus();
    });
    document.addEventListener("keydown", shortcuts);
    $("ticket-reply-form").addEventListener("submit", replyToCustomer);
    $("close-form").addEventListener("submit", closeTicket);
    $("record-script").addEventListener("click", function () { recordAction("script_read"); });
    $("record-check").addEventListener("click", function () { recordAction("check_done"); });
    $("audit-form").addEventListener("submit", loadAudit);
    $("alert-toggle").checked = alertsOn();
    $("alert-toggle").addEventListener("change", function () { setAlerts($("alert-toggle").checked); });
    loadQueue();
    liveLoop();
    // back in view: ask at once, so the visible page's presence counts again (see liveLoop's &visible=1)
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") liveRestart();
    });
  }

  function logout() {
    api("logout", {}).then(function () { window.location.replace("./"); },
      function () { window.location.replace("./"); });
  }

  function boot() {
    $("analyze-form").addEventListener("submit", analyze);
    $("reply-form").addEventListener("submit", check);
    $("send-button").addEventListener("click", send);
    $("logout-button").addEventListener("click", logout);
    $("reply-text").addEventListener("input", function () {
      if ($("reply-text").value !== checkedText) $("send-button").disabled = true;
    });
    $("use-script").addEventListener("click", function () {
      if (desk.ticket && !$("ticket-panel").hidden) {
        // only an analysis of this ticket's conversation goes into its reply box (C12)
        if (analysisOf.sender !== desk.ticket.ticket.sender_id) {
          ticketError("这条分析不是当前工单客户的，请先按当前客户的原话重新分析。");
          return;
        }
        fillReply($("script-text").textContent, null);
        return;
      }
      $("reply-text").value = $("script-text").textContent;
      checkedText = null;
      $("send-button").disabled = true;
      $("reply-text").focus();
    });
    api("api/me").then(function (res) {
      if (res.ok) {
        $("whoami").textContent = "当前用户：" + res.data.user +
          (res.data.role_label ? "（" + res.data.role_label + "）" : "") +
          (res.data.idle_minutes ? " · " + res.data.idle_minutes + " 分钟无操作自动退出（本页显示在屏幕上时保持登录）" : "");
        desk.me = res.data.user;
        desk.role = res.data.role;
        if (res.data.role === "supervisor") {
          $("audit-panel").hidden = false;
          $("canned-panel").hidden = false;
          loadAudit();
        }
        loadAgents();
        loadCanned();
      }
    }, function () { /* the first action will say so */ });
    deskBoot();
    $("customer-text").focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot); else boot();
})();
