/* 卡友助手 embed for a bank's site:
 *   <script src="https://BOT/webhooks/widget/embed.js" defer></script>
 * Adds a floating button that opens the chat page (same directory as this script) in an iframe.
 * Styles are set through the CSSOM (el.style), which a host page's CSP without 'unsafe-inline'
 * still allows, and nothing from the host page is read.
 */
(function () {
  "use strict";
  if (window.__kayouWidgetEmbedded) return;
  window.__kayouWidgetEmbedded = true;

  var script = document.currentScript;
  if (!script) {
    var candidates = document.querySelectorAll('script[src*="/webhooks/widget/embed.js"]');
    script = candidates[candidates.length - 1];
  }
  if (!script || !script.src) return;
  var chatUrl = new URL("./", script.src).href;
  var Z = "2147483000";

  function css(node, styles) {
    Object.keys(styles).forEach(function (k) { node.style[k] = styles[k]; });
  }

  function mount() {
    var button = document.createElement("button");
    button.type = "button";
    button.id = "kayou-widget-button";
    button.textContent = "在线咨询 · 卡友助手";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "kayou-widget-frame");
    css(button, {
      position: "fixed", right: "16px", bottom: "16px", zIndex: Z,
      minHeight: "48px", padding: "0 18px", border: "0", borderRadius: "24px",
      background: "#0b5cab", color: "#fff", fontSize: "16px", cursor: "pointer",
      boxShadow: "0 4px 14px rgba(0,0,0,.25)",
      fontFamily: '-apple-system,"PingFang SC","Microsoft YaHei",sans-serif'
    });

    var frame = null;

    function layout() {
      if (!frame) return;
      var narrow = window.innerWidth < 480;
      css(frame, narrow
        ? { right: "0", bottom: "76px", width: "100vw", height: "calc(100% - 76px)", borderRadius: "0" }
        : { right: "16px", bottom: "76px", width: "380px", height: "min(640px, calc(100% - 96px))", borderRadius: "12px" });
    }

    function open() {
      if (!frame) {
        frame = document.createElement("iframe");
        frame.id = "kayou-widget-frame";
        frame.title = "卡友助手 在线咨询";
        frame.src = chatUrl;
        frame.setAttribute("allow", "clipboard-write");
        css(frame, {
          position: "fixed", zIndex: Z, border: "1px solid #d8dde4", background: "#fff",
          boxShadow: "0 8px 30px rgba(0,0,0,.25)"
        });
        document.body.appendChild(frame);
        window.addEventListener("resize", layout);
      }
      layout();
      frame.style.display = "block";
      button.setAttribute("aria-expanded", "true");
      button.textContent = "关闭咨询窗口";
      frame.focus();
    }

    function close() {
      if (!frame) return;
      frame.style.display = "none";
      button.setAttribute("aria-expanded", "false");
      button.textContent = "在线咨询 · 卡友助手";
      button.focus();
    }

    button.addEventListener("click", function () {
      if (button.getAttribute("aria-expanded") === "true") close(); else open();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") close();
    });
    // Escape pressed inside the chat (focus is in the iframe) arrives as a message from the frame
    window.addEventListener("message", function (event) {
      if (frame && event.source === frame.contentWindow && event.data && event.data.type === "kayou-widget:close") {
        close();
      }
    });
    document.body.appendChild(button);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
