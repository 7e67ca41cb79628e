/* Staff console: analyze a customer's words, check a draft reply for forbidden phrases, record it.
 * All calls are same-origin JSON with the HttpOnly session cookie; a 401 means the session ended.
 * Server text is always set as textContent.
 */
(function () {
  "use strict";

  var CERTAINTY = { law: "法律规定", quoted: "监管文件", practice: "通常做法", "default": "默认值" };
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

  function api(path, body) {
    return fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (res.status === 401) sessionEnded();
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
    add("利息", yuan(figures.total_interest));
    add("违约金", yuan(figures.total_penalty));
    add("今天一次还清合计", yuan(figures.total_owed));
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

  function analyze(event) {
    event.preventDefault();
    var error = $("analyze-error");
    error.hidden = true;
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
      var result = res.data;
      $("result-empty").hidden = true;
      $("result").hidden = false;
      renderIntent(result);
      renderScript(result.script);
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
      box.appendChild(el("p", "ok", "未发现催收规范禁止的用语，可以记录为已发送。"));
      return;
    }
    box.appendChild(el("p", "error", "发现 " + result.flags.length + " 处催收规范禁止的用语，请修改后重新检查："));
    box.appendChild(highlighted(text, result.flags));
    var list = el("ul", "flags");
    result.flags.forEach(function (f) {
      var li = el("li", "flag");
      li.appendChild(el("strong", null, "“" + f.phrase + "”"));
      li.appendChild(document.createTextNode(" — " + f.rule));
      li.appendChild(el("div", "source", "依据：" + f.source));
      if (f.suggestion) li.appendChild(el("div", "suggestion", "建议：" + f.suggestion));
      list.appendChild(li);
    });
    box.appendChild(list);
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
      box.appendChild(el("p", "ok", "已记录为已发送（审计编号 " + res.data.audit_id + "）。"));
      checkedText = null;
    }).catch(function () {
      clear(box);
      box.appendChild(el("p", "error", "无法连接到服务器，请检查网络后再试。"));
      $("send-button").disabled = false;
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
      $("reply-text").value = $("script-text").textContent;
      checkedText = null;
      $("send-button").disabled = true;
      $("reply-text").focus();
    });
    api("api/me").then(function (res) {
      if (res.ok) {
        $("whoami").textContent = "当前用户：" + res.data.user +
          (res.data.role_label ? "（" + res.data.role_label + "）" : "");
      }
    }, function () { /* the first action will say so */ });
    $("customer-text").focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot); else boot();
})();
